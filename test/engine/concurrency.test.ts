import type { INodeParameters } from 'n8n-workflow';

import type { ClerkEmulator } from '../../emulator';
import { SEED_USER_IDS } from '../../emulator';
import { byId, useEmulator } from './emulator-fixture';
import { runClerkNode } from './harness';

const clerk = useEmulator();

const createPath = '/v1/sign_in_tokens';
const MISSING_USER = 'user_2doesnotexist000000000000';

afterEach(() => {
	clerk.emulator.setRateLimit(null);
	clerk.emulator.setLatency(0);
});

function createFor(options: INodeParameters = {}): INodeParameters {
	return { operation: 'create', user: byId('={{ $json.userId }}'), options };
}

/** When each request reached the emulator (it records requests on arrival, before any latency). */
function recordArrivals(emulator: ClerkEmulator): number[] {
	const arrivals: number[] = [];
	const record = emulator.requests.push.bind(emulator.requests);
	emulator.requests.push = (...requests) => {
		for (let i = 0; i < requests.length; i++) arrivals.push(Date.now());
		return record(...requests);
	};
	return arrivals;
}

/** When the emulator first answered 429 (it counts each answer as it writes it). */
function recordFirstRefusal(emulator: ClerkEmulator): { at?: number } {
	const first: { at?: number } = {};
	let count: number | undefined;
	// reset() deletes the counter, so this lasts one test.
	Object.defineProperty(emulator.counters.byStatus, 429, {
		configurable: true,
		enumerable: true,
		get: () => count,
		set: (value: number) => {
			count = value;
			first.at ??= Date.now();
		},
	});
	return first;
}

/** Users in the order the emulator created their tokens. */
function creationOrder(emulator: ClerkEmulator): string[] {
	return [...emulator.tokens.values()]
		.sort((a, b) => a.createdAt - b.createdAt)
		.map((token) => token.userId);
}

const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('Concurrency', () => {
	test('output keeps input order and pairing when later items finish first, errors included', async () => {
		const users = clerk.emulator.users.slice(0, 12).map((user) => user.id);
		const userIds = users.map((id, index) => (index % 4 === 3 ? MISSING_USER : id));
		clerk.emulator.setLatency(30);
		// The first request fails with a 503 and is retried after a backoff, so item 0 finishes last.
		clerk.emulator.injectFault({
			method: 'POST',
			path: createPath,
			fault: { kind: 'status', status: 503 },
		});

		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 4 }),
			items: userIds.map((userId) => ({ userId })),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(creationOrder(clerk.emulator)[0]).not.toBe(userIds[0]);
		expect(creationOrder(clerk.emulator).at(-1)).toBe(userIds[0]);
		expect(items).toHaveLength(userIds.length);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			if (userIds[index] === MISSING_USER) {
				expect(item.json).toMatchObject({ code: 'resource_not_found', httpCode: '404' });
			} else {
				expect(item.json).toMatchObject({ object: 'sign_in_token', user_id: userIds[index] });
			}
		});
	});

	test('without continue-on-error the earliest failing item in input order stops the node', async () => {
		const userIds = [
			SEED_USER_IDS.ada,
			SEED_USER_IDS.grace,
			MISSING_USER,
			SEED_USER_IDS.alan,
			MISSING_USER,
		];
		clerk.emulator.setLatency(20);

		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 5 }),
			items: userIds.map((userId) => ({ userId })),
		});

		expect(items).toEqual([]);
		expect(error?.message).toContain(MISSING_USER);
		expect((error?.context as { itemIndex?: number } | undefined)?.itemIndex).toBe(2);
	});

	test('when one request gets a 429, every concurrent request pauses until the window frees', async () => {
		const arrivals = recordArrivals(clerk.emulator);
		const refusal = recordFirstRefusal(clerk.emulator);
		clerk.emulator.setLatency(50);
		clerk.emulator.setRateLimit({ limit: 3, windowMs: 10_000 });
		const userIds = Array.from({ length: 6 }, (_, i) => clerk.emulator.users[i].id);

		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 4 }),
			items: userIds.map((userId) => ({ userId })),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user_id)).toEqual(userIds);
		const refusedAt = refusal.at as number;
		// Requests sent in the few ms before the 429 reached the node may still arrive; after that,
		// nothing until Clerk's window frees (~10 s), although three workers had their answers.
		const duringPause = arrivals.filter((t) => t > refusedAt + 100 && t < refusedAt + 9000);
		expect(duringPause).toEqual([]);
		expect(arrivals.filter((t) => t >= refusedAt + 9000).length).toBeGreaterThan(0);
		// The first 429 came from the opening burst of four; the others were already on their way.
		expect(clerk.emulator.counters.byStatus[429]).toBeLessThanOrEqual(3);
	}, 30_000);

	test('Max Requests per Second caps the rate at Clerk, retries and all', async () => {
		const arrivals = recordArrivals(clerk.emulator);
		const perSecond = 5;
		const userIds = Array.from({ length: 14 }, (_, i) => clerk.emulator.users[i].id);

		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 10, maxRequestsPerSecond: perSecond }),
			items: userIds.map((userId) => ({ userId })),
		});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(userIds.length);
		expect(arrivals).toHaveLength(userIds.length);
		// In any one-second window that starts at a request, at most `perSecond` requests arrive
		// (20 ms allowed for timer and loopback jitter).
		const busiest = Math.max(
			...arrivals.map(
				(start) => arrivals.filter((t) => t >= start && t < start + 1000 - 20).length,
			),
		);
		expect(busiest).toBeLessThanOrEqual(perSecond);
	}, 30_000);

	test('cancelling the execution stops the remaining requests promptly', async () => {
		clerk.emulator.setLatency(100);
		const total = 200;

		const { items } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 5 }),
			items: Array.from({ length: total }, (_, i) => ({ userId: clerk.emulator.users[i % 20].id })),
			onStarted: (cancel) => setTimeout(cancel, 400),
		});
		const sentByTheEnd = clerk.emulator.counters.total;
		await delay(500);

		expect(items.length).toBeLessThan(total);
		expect(sentByTheEnd).toBeLessThan(total / 5);
		// Nothing keeps going after the execution has ended.
		expect(clerk.emulator.counters.total).toBe(sentByTheEnd);
	});

	test('cancelling while every request waits out a rate-limit pause ends the run without sending more', async () => {
		clerk.emulator.setRateLimit({ limit: 2, windowMs: 10_000 });
		const started = Date.now();
		let sentAtCancel = Number.NaN;

		await runClerkNode({
			credentials: clerk.credentials(),
			parameters: createFor({ concurrency: 3 }),
			items: Array.from({ length: 6 }, (_, i) => ({ userId: clerk.emulator.users[i].id })),
			onStarted: (cancel) =>
				setTimeout(() => {
					sentAtCancel = clerk.emulator.counters.total;
					cancel();
				}, 500),
		});
		await delay(300);

		expect(clerk.emulator.counters.byStatus[429]).toBeGreaterThan(0);
		// Retry-After is ~10 s: the run ended because of the cancel, not because the pause ran out.
		expect(Date.now() - started).toBeLessThan(5000);
		expect(clerk.emulator.counters.total).toBe(sentAtCancel);
	});
});
