import { SEED_ORG_ID, SEED_USER_IDS } from '../../../emulator';
import { byEmail, byId, fromList, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const create = (parameters: Record<string, unknown>) => ({ operation: 'create', ...parameters });

describe('Create sign-in token', () => {
	test('creates a token for a user given by ID and returns it as Clerk sent it, plus expires_at', async () => {
		const { items, error } = await clerk.run(create({ user: byId(SEED_USER_IDS.ada) }));

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const token = items[0].json;
		expect(token).toMatchObject({
			object: 'sign_in_token',
			status: 'pending',
			user_id: SEED_USER_IDS.ada,
		});
		expect(token.id).toMatch(/^sit_/);
		expect(typeof token.token).toBe('string');
		expect(token.url).toContain(String(token.token));
		expect(token.expires_at).toBe((token.created_at as number) + 2592000 * 1000);
		expect(token).not.toHaveProperty('link');
		expect(items[0].pairedItem).toEqual({ item: 0 });

		const [request] = clerk.emulator.requests;
		expect(request).toMatchObject({ method: 'POST', path: '/v1/sign_in_tokens' });
		expect(request.body).toEqual({ user_id: SEED_USER_IDS.ada, expires_in_seconds: 2592000 });
		expect(request.headers.authorization).toBe(`Bearer ${clerk.emulator.secretKey}`);
		expect(request.headers['clerk-api-version']).toBeUndefined();
	});

	test('the user picked from the list is sent by its ID', async () => {
		const { items } = await clerk.run(create({ user: fromList(SEED_USER_IDS.grace) }));
		expect(items[0].json.user_id).toBe(SEED_USER_IDS.grace);
	});

	test('a user given by email is looked up by exact address, then the token is created for that user', async () => {
		const { items, error } = await clerk.run(create({ user: byEmail('  Alan@Example.com ') }));

		expect(error).toBeUndefined();
		expect(items[0].json.user_id).toBe(SEED_USER_IDS.alan);
		const [lookup, createRequest] = clerk.emulator.requests;
		expect(lookup).toMatchObject({ method: 'GET', path: '/v1/users' });
		expect(lookup.query.email_address).toEqual('alan@example.com');
		expect(createRequest.body).toMatchObject({ user_id: SEED_USER_IDS.alan });
	});

	test('an email no user has is an error that names the address, and no token is created', async () => {
		const { error } = await clerk.run(create({ user: byEmail('nobody@example.com') }));

		expect(error?.message).toContain('No Clerk user has the email address nobody@example.com');
		expect(clerk.emulator.requests.map((r) => r.path)).toEqual(['/v1/users']);
	});

	test('emails of many items are resolved together: one lookup for all addresses', async () => {
		const emails = ['ada@example.com', 'grace@example.com', 'alan@example.com', 'ada@example.com'];
		const { items, error } = await clerk.run(create({ user: byEmail('={{ $json.email }}') }), {
			items: emails.map((email) => ({ email })),
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user_id)).toEqual([
			SEED_USER_IDS.ada,
			SEED_USER_IDS.grace,
			SEED_USER_IDS.alan,
			SEED_USER_IDS.ada,
		]);
		const lookups = clerk.emulator.requests.filter((r) => r.method === 'GET');
		expect(lookups).toHaveLength(1);
		expect(lookups[0].query.email_address).toEqual([
			'ada@example.com',
			'grace@example.com',
			'alan@example.com',
		]);
	});

	test('expressions feed every field, and a digit string from an expression is accepted as the expiry', async () => {
		const { items, error } = await clerk.run(
			create({
				user: byId('={{ $json.id }}'),
				expiresInSeconds: '={{ $json.seconds }}',
				additionalFields: { organizationId: '={{ $json.org }}' },
			}),
			{
				items: [
					{ id: SEED_USER_IDS.ada, seconds: '3600', org: SEED_ORG_ID },
					{ id: SEED_USER_IDS.grace, seconds: 900, org: SEED_ORG_ID },
				],
			},
		);

		expect(error).toBeUndefined();
		expect(clerk.emulator.requests.map((r) => r.body)).toEqual([
			{ user_id: SEED_USER_IDS.ada, expires_in_seconds: 3600, org_id: SEED_ORG_ID },
			{ user_id: SEED_USER_IDS.grace, expires_in_seconds: 900, org_id: SEED_ORG_ID },
		]);
		expect(items[0].json.expires_at).toBe((items[0].json.created_at as number) + 3600 * 1000);
		expect(items[1].json.expires_at).toBe((items[1].json.created_at as number) + 900 * 1000);
	});

	test('with a sign-in URL the output has a link carrying the ticket Clerk accepts, query and fragment kept', async () => {
		const { items } = await clerk.run(
			create({
				user: byId(SEED_USER_IDS.ada),
				additionalFields: {
					signInUrl: 'https://app.example.com/sign-in?redirect_url=%2Fhome&lang=en#welcome',
				},
			}),
		);

		const { link, token, id } = items[0].json as { link: string; token: string; id: string };
		expect(link).toBe(
			`https://app.example.com/sign-in?redirect_url=%2Fhome&lang=en&__clerk_ticket=${encodeURIComponent(token)}#welcome`,
		);
		clerk.emulator.acceptToken(new URL(link).searchParams.get('__clerk_ticket') ?? '');
		expect(clerk.emulator.tokens.get(id)?.status).toBe('accepted');
	});

	test("a user who is not a member of the organization gets Clerk's error, not a token", async () => {
		const members =
			clerk.emulator.organizations.find((org) => org.id === SEED_ORG_ID)?.memberUserIds ?? [];
		const outsider = Object.values(SEED_USER_IDS).find((id) => !members.includes(id)) as string;
		const { error } = await clerk.run(
			create({
				user: byId(outsider),
				additionalFields: { organizationId: SEED_ORG_ID },
			}),
		);
		expect(error).toBeDefined();
		expect(error?.httpCode).toMatch(/^4/);
		expect(clerk.emulator.tokens.size).toBe(0);
	});

	test('an API version set on the credential is sent as the Clerk-API-Version header', async () => {
		await clerk.run(create({ user: byId(SEED_USER_IDS.ada) }), {
			credentials: clerk.credentials({ apiVersion: '2025-11-10' }),
		});
		expect(clerk.emulator.requests[0].headers['clerk-api-version']).toBe('2025-11-10');
	});

	test('an API URL with a trailing slash works', async () => {
		const { error } = await clerk.run(create({ user: byId(SEED_USER_IDS.ada) }), {
			credentials: clerk.credentials({ baseUrl: `${clerk.emulator.apiUrl}/` }),
		});
		expect(error).toBeUndefined();
		expect(clerk.emulator.requests[0].path).toBe('/v1/sign_in_tokens');
	});
});
