import { DEFAULT_SECRET_KEY } from '../../../emulator';
import { byEmail, createFor, useEmulator } from '../../support/emulatorFixture';

// A production key beside the emulator's development one: after a 429 it probes for room again
// once its hold ends (a development key waits 30 s).
const PRODUCTION_KEY = 'sk_live_emulator_rate_limits';
const clerk = useEmulator({ secretKeys: [DEFAULT_SECRET_KEY, PRODUCTION_KEY] });

const createPath = '/v1/sign_in_tokens';

function someUsers(count: number): Array<{ userId: string }> {
	return Array.from({ length: count }, (_, i) => ({
		userId: clerk.emulator.users[i % clerk.emulator.users.length].id,
	}));
}

const refusedWith = (retryAfter: string) => ({
	method: 'POST',
	path: createPath,
	fault: { kind: 'status' as const, status: 429, headers: { 'Retry-After': retryAfter } },
});

describe('Rate limits', () => {
	test("a 429 on the first request holds every request for Clerk's Retry-After, not a default", async () => {
		clerk.emulator.setLatency(50);
		clerk.emulator.injectFault(refusedWith('3'));
		const departures: number[] = [];

		const { items, error } = await clerk.run(createFor({ concurrency: 2 }), {
			credentials: clerk.credentials({ secretKey: PRODUCTION_KEY }),
			items: someUsers(6),
			onRequest: () => departures.push(Date.now()),
		});

		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.status === 'pending')).toBe(true);
		// The first two leave together; the 429 answers one of them 50 ms later. A request the
		// other worker sent while that answer was on its way is allowed; then nothing for 3 s.
		const [first] = departures;
		const held = departures.filter((t) => t > first + 200 && t < first + 3000 - 50);
		expect(held).toEqual([]);
		expect(departures.length).toBe(7);
	}, 30_000);

	test('an item fails with a clear message once Clerk has refused it for the Rate Limit Wait', async () => {
		clerk.emulator.injectFault({ ...refusedWith('1'), times: Infinity });
		const started = Date.now();

		const { error } = await clerk.run(createFor({ rateLimitWait: 3 }), { items: someUsers(1) });

		const waited = Date.now() - started;
		expect(error?.message).toMatch(/rate limit was still exceeded after waiting \d+ s/);
		expect(error?.description).toContain(
			'Another system is probably using most of this secret key',
		);
		expect(error?.context?.clerkCode).toBe('too_many_requests');
		expect(waited).toBeGreaterThanOrEqual(3000);
		// One attempt per Retry-After second, then the budget is spent.
		const attempts = clerk.emulator.requests.filter((r) => r.path === createPath).length;
		expect(attempts).toBeGreaterThanOrEqual(3);
		expect(attempts).toBeLessThanOrEqual(6);
	}, 30_000);

	test('executions that share a secret key share what was learned about its limit', async () => {
		clerk.emulator.setLatency(20);
		clerk.emulator.setRateLimit({ limit: 20, windowMs: 10_000 });

		const first = clerk.run(createFor(), { items: someUsers(25) });
		// The second execution starts once the first has learned the limit from a 429.
		while ((clerk.emulator.counters.byStatus[429] ?? 0) === 0) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
		const refusedBefore = clerk.emulator.counters.byStatus[429];
		const second = clerk.run(createFor(), { items: someUsers(5) });

		const [a, b] = await Promise.all([first, second]);
		expect(a.error).toBeUndefined();
		expect(b.error).toBeUndefined();
		expect(clerk.emulator.tokens.size).toBe(30);
		// The second execution waited for the window with the first instead of learning on its own.
		expect(clerk.emulator.counters.byStatus[429]).toBe(refusedBefore);
	}, 40_000);
});

describe('Email lookups', () => {
	test('150 addresses are looked up in two requests of at most 100, each asking for 100 users', async () => {
		const emails = Array.from({ length: 150 }, (_, i) => ({ email: `nobody${i}@example.com` }));

		const { items } = await clerk.run(
			{ operation: 'create', user: byEmail('={{ $json.email }}') },
			{ items: emails, continueOnFail: true },
		);

		const lookups = clerk.emulator.requests.filter((r) => r.path === '/v1/users');
		expect(lookups).toHaveLength(2);
		for (const lookup of lookups) {
			const asked = [lookup.query.email_address].flat();
			expect(asked.length).toBeLessThanOrEqual(100);
			expect(lookup.query.limit).toBe('100');
		}
		const asked = lookups.flatMap((lookup) => [lookup.query.email_address].flat());
		expect(new Set(asked).size).toBe(150);
		expect(items).toHaveLength(150);
		expect(items.every((item) => item.json.code === 'user_not_found')).toBe(true);
	}, 30_000);

	test('an address two users share is an error naming both, and no token is created', async () => {
		const twins = clerk.emulator.addUsers([
			{ email: 'twin@example.com', first_name: 'One' },
			{ email: 'Twin@Example.com', first_name: 'Two' },
		]);

		const { items, error } = await clerk.run(
			{ operation: 'create', user: byEmail('twin@example.com') },
			{ continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expect(items[0].json.code).toBe('user_ambiguous');
		expect(items[0].json.error).toContain('2 Clerk users have the email address twin@example.com');
		for (const { id } of twins) expect(items[0].json.error).toContain(id);
		expect(clerk.emulator.tokens.size).toBe(0);
	});
});
