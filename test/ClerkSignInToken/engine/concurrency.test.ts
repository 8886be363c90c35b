import type { ClerkEmulator } from '../../../emulator';
import { SEED_USER_IDS } from '../../../emulator';
import { createFor, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const createPath = '/v1/sign_in_tokens';
const MISSING_USER = 'user_2doesnotexist000000000000';

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

		const { items, error } = await clerk.run(createFor({ concurrency: 4 }), {
			items: userIds.map((userId) => ({ userId })),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		// Item 0 was retried after a backoff: the items after it were created before it.
		const order = creationOrder(clerk.emulator);
		expect(order[0]).not.toBe(userIds[0]);
		expect(order.indexOf(userIds[0])).toBeGreaterThan(order.indexOf(userIds[1]));
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

		const { items, error } = await clerk.run(createFor({ concurrency: 5 }), {
			items: userIds.map((userId) => ({ userId })),
		});

		expect(items).toEqual([]);
		expect(error?.message).toContain(MISSING_USER);
		expect((error?.context as { itemIndex?: number } | undefined)?.itemIndex).toBe(2);
	});

	test('when one request gets a 429, every concurrent request pauses until the window frees', async () => {
		const LATENCY_MS = 50;
		clerk.emulator.setLatency(LATENCY_MS);
		clerk.emulator.setRateLimit({ limit: 3, windowMs: 10_000 });
		const userIds = Array.from({ length: 6 }, (_, i) => clerk.emulator.users[i].id);

		const { items, error } = await clerk.run(createFor({ concurrency: 4 }), {
			items: userIds.map((userId) => ({ userId })),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user_id)).toEqual(userIds);
		// The emulator applies its latency before the rate limit: the 4th arrival is the first one
		// refused, answered LATENCY_MS after it arrived.
		const arrivals = clerk.emulator.arrivals;
		const refusedAt = arrivals[3] + LATENCY_MS;
		// Requests sent in the few ms before the 429 reached the node may still arrive; after that,
		// nothing until Clerk's window frees (~10 s), although three workers had their answers.
		const duringPause = arrivals.filter((t) => t > refusedAt + 100 && t < refusedAt + 9000);
		expect(duringPause).toEqual([]);
		expect(arrivals.filter((t) => t >= refusedAt + 9000).length).toBeGreaterThan(0);
		// The first 429 came from the opening burst of four; the others were already on their way.
		expect(clerk.emulator.counters.byStatus[429]).toBeLessThanOrEqual(3);
	}, 30_000);

	test('Max Requests per Second caps the rate the node sends at, retries and all', async () => {
		const departures: number[] = [];
		const perSecond = 5;
		const userIds = Array.from({ length: 14 }, (_, i) => clerk.emulator.users[i].id);
		// Two 503s: their retries must keep to the cap too.
		clerk.emulator.injectFault({
			method: 'POST',
			path: createPath,
			fault: { kind: 'status', status: 503 },
			times: 2,
		});

		const { items, error } = await clerk.run(
			createFor({ concurrency: 10, maxRequestsPerSecond: perSecond }),
			{
				items: userIds.map((userId) => ({ userId })),
				onRequest: () => departures.push(Date.now()),
			},
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(userIds.length);
		expect(departures).toHaveLength(userIds.length + 2);
		// Judged where the node controls it, as requests leave n8n (arrival times at the emulator
		// add connection-setup jitter): in any one-second window that starts at a request, at most
		// `perSecond` requests. The node spaces them 200 ms apart; 50 ms is allowed for the async
		// steps between its spacing and n8n's send on a loaded machine.
		const busiest = Math.max(
			...departures.map(
				(start) => departures.filter((t) => t >= start && t < start + 1000 - 50).length,
			),
		);
		expect(busiest).toBeLessThanOrEqual(perSecond);
	}, 30_000);

	// What the node sends is judged as requests leave n8n (onRequest), not when they reach the
	// emulator, which shares this busy process. A request already on its way when the cancel comes
	// may still leave within CANCEL_GRACE_MS.
	const CANCEL_GRACE_MS = 50;

	test('cancelling the execution stops the remaining requests promptly', async () => {
		clerk.emulator.setLatency(100);
		const total = 200;
		const departures: number[] = [];
		let cancelledAt = Number.NaN;

		const { items } = await clerk.run(createFor({ concurrency: 5 }), {
			items: Array.from({ length: total }, (_, i) => ({ userId: clerk.emulator.users[i % 20].id })),
			onRequest: () => departures.push(Date.now()),
			onStarted: (cancel) =>
				setTimeout(() => {
					cancelledAt = Date.now();
					cancel();
				}, 400),
		});
		await delay(500);

		expect(items.length).toBeLessThan(total);
		expect(departures.length).toBeGreaterThan(0);
		expect(departures.length).toBeLessThan(total / 5);
		expect(departures.filter((t) => t > cancelledAt + CANCEL_GRACE_MS)).toEqual([]);
	});

	test('cancelling while every request waits out a rate-limit pause ends the run without sending more', async () => {
		clerk.emulator.setRateLimit({ limit: 2, windowMs: 10_000 });
		const started = Date.now();
		const departures: number[] = [];
		let cancelledAt = Number.NaN;

		await clerk.run(createFor({ concurrency: 3 }), {
			items: Array.from({ length: 6 }, (_, i) => ({ userId: clerk.emulator.users[i].id })),
			onRequest: () => departures.push(Date.now()),
			// Cancel once Clerk has refused one, so the run is in its pause however slow the machine.
			onStarted: (cancel) => {
				const watch = setInterval(() => {
					if ((clerk.emulator.counters.byStatus[429] ?? 0) === 0) return;
					clearInterval(watch);
					cancelledAt = Date.now();
					cancel();
				}, 10);
			},
		});
		await delay(300);

		expect(clerk.emulator.counters.byStatus[429]).toBeGreaterThan(0);
		// Retry-After is ~10 s: the run ended because of the cancel, not because the pause ran out.
		expect(Date.now() - started).toBeLessThan(5000);
		expect(departures.filter((t) => t > cancelledAt + CANCEL_GRACE_MS)).toEqual([]);
	});
});
