import { SEED_USER_IDS } from '../../../emulator';
import { byId, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

async function createToken(): Promise<string> {
	const { items } = await clerk.run({ operation: 'create', user: byId(SEED_USER_IDS.ada) });
	return items[0].json.id as string;
}

describe('Revoke sign-in token', () => {
	test('revokes a pending token and returns it as Clerk sent it, without token or url', async () => {
		const id = await createToken();

		const { items, error } = await clerk.run({ operation: 'revoke', signInLinkId: id });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			object: 'sign_in_token',
			id,
			status: 'revoked',
			user_id: SEED_USER_IDS.ada,
		});
		expect(items[0].json).not.toHaveProperty('token');
		// Clerk may answer `url: null` (the spec allows it) or leave it out: no link either way.
		expect(items[0].json.url ?? null).toBeNull();
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(clerk.emulator.requests.at(-1)).toMatchObject({
			method: 'POST',
			path: `/v1/sign_in_tokens/${id}/revoke`,
		});
	});

	test('a token the user already opened cannot be revoked: the error says it was used or revoked', async () => {
		const id = await createToken();
		clerk.emulator.acceptToken(id);

		const { error } = await clerk.run({ operation: 'revoke', signInLinkId: id });

		expect(error?.message).toBe(
			`Sign-in token ${id} was already used or revoked, so it cannot be revoked again`,
		);
		expect(error?.httpCode).toBe('400');
		expect(error?.description).toContain('sign_in_token_cannot_be_revoked_code');
	});

	test('revoking twice: the second run is told the token was already revoked', async () => {
		const id = await createToken();
		await clerk.run({ operation: 'revoke', signInLinkId: id });

		const { error } = await clerk.run({ operation: 'revoke', signInLinkId: id });

		expect(error?.message).toContain('already used or revoked');
	});

	test('an unknown token ID gets an error that names it', async () => {
		const { error } = await clerk.run({ operation: 'revoke', signInLinkId: 'sit_doesnotexist123' });

		expect(error?.message).toBe(
			'No sign-in token with ID sit_doesnotexist123 exists in this Clerk instance',
		);
		expect(error?.httpCode).toBe('404');
	});

	test('create then revoke in one run: the revoke takes the ID from the create output by expression', async () => {
		const first = await createToken();
		const second = await createToken();

		const { items } = await clerk.run(
			{ operation: 'revoke', signInLinkId: '={{ $json.id }}' },
			{ items: [{ id: first }, { id: second }] },
		);

		expect(items.map((item) => [item.json.id, item.json.status])).toEqual([
			[first, 'revoked'],
			[second, 'revoked'],
		]);
	});
});
