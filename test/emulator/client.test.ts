import { SEED_USER_IDS, startClerkEmulator, type ClerkEmulator } from '../../emulator';
import { EmulatorClient } from '../../emulator/client';

describe('EmulatorClient against an emulator in this process', () => {
	let emulator: ClerkEmulator;
	let client: EmulatorClient;

	beforeAll(async () => {
		emulator = await startClerkEmulator();
		client = EmulatorClient.of(emulator);
	});
	afterAll(async () => await emulator.close());
	beforeEach(() => emulator.reset());

	it('calls the Backend API with the emulator key, or another or none', async () => {
		expect(client.apiUrl).toBe(emulator.apiUrl);
		expect((await client.api('GET', '/users')).status).toBe(200);
		expect((await client.api('GET', '/users', { key: 'sk_test_other' })).status).toBe(401);
		expect((await client.api('GET', '/users', { key: null })).status).toBe(401);
	});

	it('reads what the emulator recorded, typed', async () => {
		const created = await client.api('POST', '/sign_in_tokens', {
			body: { user_id: SEED_USER_IDS.ada },
		});
		const { id } = created.json as { id: string };
		expect((await client.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/sign_in_tokens',
		]);
		expect(await client.arrivals()).toEqual(emulator.arrivals);
		expect(await client.counters()).toEqual({ total: 1, byStatus: { 200: 1 } });
		expect((await client.tokens()).map((t) => [t.id, t.userId, t.status])).toEqual([
			[id, SEED_USER_IDS.ada, 'pending'],
		]);
		expect(await client.acceptToken(id)).toMatchObject({ id, status: 'accepted' });
		await expect(client.acceptToken(id)).rejects.toThrow(/answered 409/);
		expect((await client.organizations()).map((o) => o.memberUserIds.length)).toEqual([3]);
	});

	it('sends fault rules with a RegExp path and Infinity times as the admin route reads them', async () => {
		await client.injectFault({
			fault: { kind: 'status', status: 503 },
			path: /^\/v1\/users\/user_/,
			times: Infinity,
		});
		for (let i = 0; i < 3; i++)
			expect((await client.api('GET', `/users/${SEED_USER_IDS.grace}`)).status).toBe(503);
		expect((await client.api('GET', '/users')).status).toBe(200);
		await client.clearFaults();
		expect((await client.api('GET', `/users/${SEED_USER_IDS.grace}`)).status).toBe(200);
	});

	it('adds users sharing an address and finds one by email', async () => {
		const [added] = await client.addUsers([{ email: 'client@example.com' }]);
		expect(await client.userIdByEmail('client@example.com')).toBe(added.id);
		await client.addUsers([{ email: 'client@example.com' }]);
		const res = await client.api('GET', '/users?email_address=client@example.com');
		expect((res.json as unknown[]).length).toBe(2);
		await expect(client.userIdByEmail('nobody@example.com')).rejects.toThrow(/no user/);
	});

	it('sets the rate limit and latency, and resets', async () => {
		expect(await client.configure({ rateLimit: { limit: 1, windowMs: 60_000 } })).toMatchObject({
			rateLimit: { limit: 1, windowMs: 60_000 },
		});
		expect((await client.api('GET', '/users')).status).toBe(200);
		expect((await client.api('GET', '/users')).status).toBe(429);
		await client.reset();
		expect(await client.arrivals()).toEqual([]);
		expect((await client.api('GET', '/users')).status).toBe(200);
		expect(await client.configure({ rateLimit: null, latencyMs: 0 })).toEqual(
			await client.config(),
		);
		await expect(client.configure({ latencyMs: -1 })).rejects.toThrow(/answered 400/);
	});
});
