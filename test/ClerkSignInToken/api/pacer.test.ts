import { Pacer, type PacerTicket } from '../../../nodes/ClerkSignInToken/api/pacer';

const WINDOW_MS = 10_000;
// The pacer starts a freed slot this long after the old request leaves the window.
const SLOT_MARGIN_MS = 25;
// How long "Clerk" takes to answer in the simulated runs.
const LATENCY_MS = 50;

beforeEach(() => {
	jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
	jest.useRealTimers();
});

/** Starts an acquire and reports when (fake time) it resolved and with what. */
function track(pacer: Pacer, signal?: AbortSignal) {
	const state: { settled: boolean; ticket?: PacerTicket; at?: number } = { settled: false };
	const done = pacer.acquire(signal).then((ticket) => {
		state.settled = true;
		state.ticket = ticket;
		state.at = Date.now();
		return ticket;
	});
	return { state, done };
}

async function acquireNow(pacer: Pacer): Promise<PacerTicket> {
	const { state } = track(pacer);
	await jest.advanceTimersByTimeAsync(0);
	if (!state.ticket) throw new Error('acquire did not resolve with a ticket at once');
	return state.ticket;
}

/** Sends `count` requests that Clerk accepts, one every `spacingMs`. */
async function acceptMany(pacer: Pacer, count: number, spacingMs = 0): Promise<void> {
	for (let i = 0; i < count; i++) {
		pacer.settle(await acquireNow(pacer), 200);
		if (spacingMs > 0) await jest.advanceTimersByTimeAsync(spacingMs);
	}
}

/** Learns `limit` from a 429 after `limit` accepted requests; the pause lasts one second. */
async function learnLimit(pacer: Pacer, limit: number): Promise<void> {
	await acceptMany(pacer, limit);
	pacer.settle(await acquireNow(pacer), 429, 1);
	expect(pacer.limit).toBe(limit);
}

interface Answer {
	status: number;
	retryAfter?: number;
}

interface Sent {
	at: number;
	answeredAt?: number;
	status?: number;
}

/**
 * Sends `count` requests through the pacer at once, each answered by `clerk` after LATENCY_MS,
 * and records every send.
 */
function run(pacer: Pacer, count: number, clerk: () => Answer) {
	const sent: Sent[] = [];
	const done = Promise.all(
		Array.from({ length: count }, async () => {
			const ticket = await pacer.acquire();
			if (!ticket) throw new Error('acquire resolved without a ticket');
			const record: Sent = { at: Date.now() };
			sent.push(record);
			await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
			const answer = clerk();
			record.answeredAt = Date.now();
			record.status = answer.status;
			pacer.settle(ticket, answer.status, answer.retryAfter);
		}),
	);
	return { sent, done };
}

describe('Pacer', () => {
	test('before any 429, every request may go at once', async () => {
		const pacer = new Pacer();
		const waits = Array.from({ length: 50 }, () => track(pacer));
		await jest.advanceTimersByTimeAsync(0);

		expect(waits.every((w) => w.state.ticket !== undefined)).toBe(true);
		expect(pacer.limit).toBeUndefined();
	});

	test('serves waiters in call order when the window is full (first come, first served)', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 2, 1000);
		pacer.settle(await acquireNow(pacer), 429, 1);
		expect(pacer.limit).toBe(2);

		const order: number[] = [];
		const waits = Array.from({ length: 6 }, (_, i) =>
			pacer.acquire().then((ticket) => {
				if (!ticket) throw new Error(`waiter ${i} got no ticket`);
				order.push(i);
				// Answered at once, so the next slot frees one window later.
				pacer.settle(ticket, 200);
			}),
		);
		await jest.advanceTimersByTimeAsync(4 * WINDOW_MS);
		await Promise.all(waits);

		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
	});

	test('a waiter whose execution is cancelled leaves the queue at once; the others keep their order', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 10);
		const controller = new AbortController();
		const order: string[] = [];
		const waiter = (name: string, signal?: AbortSignal) => {
			const tracked = track(pacer, signal);
			void tracked.done.then((ticket) => order.push(ticket ? name : `${name} left`));
			return tracked;
		};
		const first = waiter('first');
		const cancelled = waiter('cancelled', controller.signal);
		const third = waiter('third');
		await jest.advanceTimersByTimeAsync(1000);
		expect(order).toEqual([]);

		controller.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(cancelled.state).toMatchObject({ settled: true, ticket: undefined });
		expect(order).toEqual(['cancelled left']);

		await jest.advanceTimersByTimeAsync(WINDOW_MS);
		expect(order).toEqual(['cancelled left', 'first', 'third']);
		expect(first.state.ticket).toBeDefined();
		expect(third.state.ticket).toBeDefined();
	});

	test('an acquire with an already aborted signal resolves undefined and takes no slot', async () => {
		const pacer = new Pacer();
		const controller = new AbortController();
		controller.abort();

		expect(await pacer.acquire(controller.signal)).toBeUndefined();
		expect(pacer.isIdle(Date.now(), 0)).toBe(true);
	});

	test('learns the limit from the first 429: what Clerk accepted in the window before refusing', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 7, 100);
		pacer.settle(await acquireNow(pacer), 429, 9);

		expect(pacer.limit).toBe(7);
	});

	test('after learning the limit, never more than that many are accepted or in flight in any window', async () => {
		const pacer = new Pacer();
		const learningAnswers: number[] = [];
		for (let i = 0; i < 12; i++) {
			learningAnswers.push(Date.now());
			await acceptMany(pacer, 1, 500);
		}
		pacer.settle(await acquireNow(pacer), 429, 1);
		expect(pacer.limit).toBe(12);
		const learnedAt = Date.now();

		const { sent } = run(pacer, 40, () => ({ status: 200 }));
		// Checked until just before the limit may first climb, one window after it was learned.
		await jest.advanceTimersByTimeAsync(WINDOW_MS - 100);

		expect(sent.filter((s) => s.at > learnedAt).length).toBeGreaterThanOrEqual(10);
		for (const send of sent) {
			const inWindow = (answeredAt: number) => answeredAt > send.at - WINDOW_MS;
			const busy =
				learningAnswers.filter(inWindow).length +
				sent.filter((other) => other.at <= send.at && inWindow(other.answeredAt ?? send.at)).length;
			expect(busy).toBeLessThanOrEqual(12);
		}
		expect(pacer.limit).toBe(12);
	});

	test('a freed slot is used only a safety margin after the old request left the window', async () => {
		const pacer = new Pacer();
		const firstAnswerAt = Date.now();
		await acceptMany(pacer, 10, 100);
		pacer.settle(await acquireNow(pacer), 429, 1);
		expect(pacer.limit).toBe(10);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(WINDOW_MS);

		expect(next.state.at).toBe(firstAnswerAt + WINDOW_MS + SLOT_MARGIN_MS);
	});

	test('429s for requests that were already in flight do not lower the learned limit again', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 5);
		const inFlight = [await acquireNow(pacer), await acquireNow(pacer), await acquireNow(pacer)];

		pacer.settle(inFlight[0], 429, 10);
		await jest.advanceTimersByTimeAsync(30);
		pacer.settle(inFlight[1], 429, 10);
		pacer.settle(inFlight[2], 429, 10);

		expect(pacer.limit).toBe(5);
	});

	test('a 429 after the limit was learned lowers it to what Clerk accepted in the window', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 5);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);
		await acceptMany(pacer, 3);

		pacer.settle(await acquireNow(pacer), 429, 1);

		expect(pacer.limit).toBe(3);
	});

	test('a 429 with nothing of ours accepted in the window only pauses: no limit is learned', async () => {
		const pacer = new Pacer();
		pacer.settle(await acquireNow(pacer), 429, 2);

		expect(pacer.limit).toBeUndefined();
		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(1900);
		expect(next.state.settled).toBe(false);
		await jest.advanceTimersByTimeAsync(200);
		expect(next.state.ticket).toBeDefined();
	});

	test('a 429 once our accepted requests left the window only pauses and keeps the limit', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 4);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);

		pacer.settle(await acquireNow(pacer), 429, 1);

		expect(pacer.limit).toBe(4);
	});

	test('a 429 pauses every request until Retry-After, not only the refused one', async () => {
		const pacer = new Pacer();
		const refusedAt = Date.now();
		pacer.settle(await acquireNow(pacer), 429, 3);
		const waits = Array.from({ length: 5 }, () => track(pacer));

		await jest.advanceTimersByTimeAsync(2900);
		expect(waits.filter((w) => w.state.settled)).toHaveLength(0);
		await jest.advanceTimersByTimeAsync(200);
		expect(waits.every((w) => w.state.ticket !== undefined)).toBe(true);
		expect(waits.every((w) => (w.state.at ?? 0) >= refusedAt + 3000)).toBe(true);
	});

	test('with a learned limit, a full window waits until its oldest accepted request leaves it', async () => {
		const pacer = new Pacer();
		const firstAnswerAt = Date.now();
		await acceptMany(pacer, 3, 1000);
		pacer.settle(await acquireNow(pacer), 429, 8);
		expect(pacer.limit).toBe(3);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(WINDOW_MS);
		expect(next.state.at).toBe(firstAnswerAt + WINDOW_MS + SLOT_MARGIN_MS);
	});

	test("resumes at the learned slot when it falls inside Retry-After's last second", async () => {
		const pacer = new Pacer();
		const firstAnswerAt = Date.now();
		await acceptMany(pacer, 2, 1300);
		// Clerk: the oldest request leaves the window in 10 000 − 2 600 = 7 400 ms, so Retry-After: 8.
		pacer.settle(await acquireNow(pacer), 429, 8);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(8000);
		expect(next.state.at).toBe(firstAnswerAt + WINDOW_MS + SLOT_MARGIN_MS);
	});

	test('a Retry-After that our own record cannot explain is honoured in full', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 2, 50);
		const refusedAt = Date.now();
		// Our record frees a slot in ~9.9 s, but Clerk says 3 s: another system shares the key.
		pacer.settle(await acquireNow(pacer), 429, 3);
		expect(pacer.limit).toBe(2);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);
		expect(next.state.at).toBeGreaterThanOrEqual(refusedAt + 3000);
	});

	test('requests in flight count against the learned limit until they are answered', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 2);
		// Refused just before those two leave the window: the pause ends when they do.
		await jest.advanceTimersByTimeAsync(WINDOW_MS - 100);
		pacer.settle(await acquireNow(pacer), 429, 1);
		expect(pacer.limit).toBe(2);
		await jest.advanceTimersByTimeAsync(100 + SLOT_MARGIN_MS);
		const first = await acquireNow(pacer);
		const second = await acquireNow(pacer);

		const third = track(pacer);
		await jest.advanceTimersByTimeAsync(500);
		expect(third.state.settled).toBe(false);
		// No answer: Clerk may not have counted it, so its slot is free again.
		pacer.settle(first, 0);
		await jest.advanceTimersByTimeAsync(0);
		expect(third.state.ticket).toBeDefined();
		pacer.settle(second, 200);
	});

	test('after a window in which requests had to wait, the limit doubles and the new slots are spaced probes', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 10);
		const learnedAt = Date.now();

		const { sent } = run(pacer, 30, () => ({ status: 200 }));
		await jest.advanceTimersByTimeAsync(WINDOW_MS + SLOT_MARGIN_MS);
		expect(pacer.limit).toBe(20);
		await jest.advanceTimersByTimeAsync(WINDOW_MS / 2);

		// The 10 learned from left the window together: their 10 slots go without spacing, the
		// next 10 are probes one every window / 20.
		const afterClimb = sent.map((s) => s.at).filter((at) => at >= learnedAt + WINDOW_MS);
		expect(afterClimb[9] - afterClimb[0]).toBeLessThan(WINDOW_MS / 20);
		expect(afterClimb.length).toBeGreaterThanOrEqual(15);
		for (let i = 10; i < afterClimb.length; i++) {
			expect(afterClimb[i] - afterClimb[i - 1]).toBeGreaterThanOrEqual(WINDOW_MS / 20);
		}
	});

	test('a probe Clerk refuses costs one request and brings the limit back down', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 10);
		const learnedAt = Date.now();

		let accepted = 0;
		const { sent } = run(pacer, 30, () => {
			// Clerk's real limit is the learned one: the first request above it is refused.
			if (accepted >= 10) return { status: 429, retryAfter: 1 };
			accepted++;
			return { status: 200 };
		});
		await jest.advanceTimersByTimeAsync(WINDOW_MS + SLOT_MARGIN_MS + WINDOW_MS / 2);

		const refused = sent.filter((s) => s.status === 429);
		expect(refused).toHaveLength(1);
		expect(sent.filter((s) => s.at > learnedAt)).toHaveLength(11);
		expect(pacer.limit).toBe(10);
	});

	test('a foreign 429 right after our first accepted request costs seconds, not the run', async () => {
		const pacer = new Pacer();
		pacer.settle(await acquireNow(pacer), 200);
		// Another system used the key up: Clerk refuses our second request.
		pacer.settle(await acquireNow(pacer), 429, 1);
		expect(pacer.limit).toBe(1);
		const refusedAt = Date.now();

		const { sent } = run(pacer, 500, () => ({ status: 200 }));
		const limits: Array<{ at: number; limit: number }> = [];
		while (Date.now() - refusedAt < 12_000) {
			await jest.advanceTimersByTimeAsync(100);
			limits.push({ at: Date.now() - refusedAt, limit: pacer.limit ?? 0 });
		}

		const recovered = limits.find((l) => l.limit >= 100);
		expect(recovered?.at).toBeLessThanOrEqual(11_000);
		// And the climb was used: the run sent at the recovered pace, not one request at a time.
		expect(sent.length).toBeGreaterThanOrEqual(100);
	});

	test('isIdle: false while a request waits or is in flight, then true once nothing happened for the given time', async () => {
		const pacer = new Pacer();
		expect(pacer.isIdle(Date.now(), 0)).toBe(true);
		expect(pacer.isIdle(Date.now(), 1000)).toBe(false);

		pacer.settle(await acquireNow(pacer), 429, 5);
		const waiting = track(pacer);
		await jest.advanceTimersByTimeAsync(1000);
		expect(waiting.state.settled).toBe(false);
		expect(pacer.isIdle(Date.now() + 60_000, 0)).toBe(false);

		await jest.advanceTimersByTimeAsync(5000);
		const ticket = await waiting.done;
		if (!ticket) throw new Error('no ticket');
		expect(pacer.isIdle(Date.now() + 60_000, 0)).toBe(false);

		await jest.advanceTimersByTimeAsync(300);
		pacer.settle(ticket, 200);
		const settledAt = Date.now();
		expect(pacer.isIdle(settledAt, 0)).toBe(true);
		expect(pacer.isIdle(settledAt + 999, 1000)).toBe(false);
		expect(pacer.isIdle(settledAt + 1000, 1000)).toBe(true);
	});

	test('leaves no timer behind once every waiter was served and settled', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 3);
		const { done } = run(pacer, 10, () => ({ status: 200 }));
		await jest.advanceTimersByTimeAsync(4 * WINDOW_MS);
		await done;

		await jest.advanceTimersByTimeAsync(250);
		expect(jest.getTimerCount()).toBe(0);
	});

	test('leaves no timer behind once the last waiter was cancelled', async () => {
		const pacer = new Pacer();
		pacer.settle(await acquireNow(pacer), 429, 30);
		const controller = new AbortController();
		const waiting = track(pacer, controller.signal);
		await jest.advanceTimersByTimeAsync(1000);
		expect(jest.getTimerCount()).toBeGreaterThan(0);

		controller.abort();
		await jest.advanceTimersByTimeAsync(250);

		expect(waiting.state.ticket).toBeUndefined();
		expect(jest.getTimerCount()).toBe(0);
	});
});
