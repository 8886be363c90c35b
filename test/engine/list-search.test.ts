import { SEED_USER_IDS } from '../emulator';
import { useEmulator } from './emulator-fixture';
import { searchUsers } from './harness';

const clerk = useEmulator();

describe('User "From list" search', () => {
	test('shows each user by name and primary email, with the user ID as the value', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'ada');

		expect(results).toContainEqual({ name: 'Ada Lovelace (ada@example.com)', value: SEED_USER_IDS.ada });
		const [request] = clerk.emulator.requests;
		expect(request.query).toMatchObject({ query: 'ada', limit: '50', offset: '0' });
	});

	test('a partial query matches several users', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'nasa');

		expect(results.map((r) => r.value).sort()).toEqual([SEED_USER_IDS.dorothy, SEED_USER_IDS.katherine].sort());
	});

	test('every user is listed once across the pages, and a short page ends the list', async () => {
		const first = await searchUsers(clerk.credentials());
		const seen = first.results.map((r) => r.value);
		let token = first.paginationToken;
		while (token) {
			const page = await searchUsers(clerk.credentials(), undefined, token as string);
			seen.push(...page.results.map((r) => r.value));
			token = page.paginationToken;
		}

		expect(new Set(seen).size).toBe(clerk.emulator.users.length);
		expect(seen.length).toBe(clerk.emulator.users.length);
	});

	test('a user without a name or email is shown by username', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'linus');

		expect(results).toEqual([{ name: 'Linus', value: SEED_USER_IDS.noEmail }]);
	});

	test('a wrong key makes the list fail with the 401 message', async () => {
		await expect(searchUsers(clerk.credentials({ secretKey: 'sk_test_nope' }))).rejects.toThrow('Clerk rejected the secret key (HTTP 401)');
	});
});
