import { SEED_USER_IDS } from '../../../emulator';
import { useEmulator } from '../../support/emulatorFixture';
import { searchUsers } from '../../support/engineHarness';

const clerk = useEmulator();

describe('User "From list" search', () => {
	test('shows each user by name and primary email, with the user ID as the value', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'ada');

		expect(results).toContainEqual({
			name: 'Ada Lovelace (ada@example.com)',
			value: SEED_USER_IDS.ada,
		});
		const [request] = clerk.emulator.requests;
		expect(request.query).toMatchObject({ query: 'ada', limit: '50', offset: '0' });
	});

	test('a partial query matches several users', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'nasa');

		expect(results.map((r) => r.value).sort()).toEqual(
			[SEED_USER_IDS.dorothy, SEED_USER_IDS.katherine].sort(),
		);
	});

	test('pages through more users than fit on one page, 50 at a time, each user once', async () => {
		const seeded = clerk.emulator.users.length;
		clerk.emulator.addUsers(
			Array.from({ length: 75 }, (_, n) => ({
				email: `page${n}@bulk.example`,
				first_name: 'Page',
				last_name: `User ${n}`,
			})),
		);
		try {
			const seen: string[] = [];
			let token: string | undefined;
			let pages = 0;
			do {
				const page = await searchUsers(clerk.credentials(), undefined, token);
				seen.push(...page.results.map((r) => String(r.value)));
				token = page.paginationToken as string | undefined;
				pages++;
			} while (token);

			expect(pages).toBe(3);
			expect(seen).toHaveLength(seeded + 75);
			expect(new Set(seen).size).toBe(seeded + 75);
		} finally {
			clerk.emulator.users.splice(seeded);
		}
	});

	test('a user without a name or email is shown by username', async () => {
		const { results } = await searchUsers(clerk.credentials(), 'linus');

		expect(results).toEqual([{ name: 'Linus', value: SEED_USER_IDS.noEmail }]);
	});

	test('a wrong key makes the list fail with the 401 message', async () => {
		await expect(searchUsers(clerk.credentials({ secretKey: 'sk_test_nope' }))).rejects.toThrow(
			'Clerk rejected the secret key (HTTP 401)',
		);
	});
});
