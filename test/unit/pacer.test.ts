import { Pacer, type PacerTicket } from '../../nodes/ClerkSignInToken/transport/pacer';

const WINDOW_MS = 10_000;
// The pacer starts a freed slot this long after the old request leaves the window.
const SLOT_MARGIN_MS = 25;

beforeEach(() => {
	jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
	jest.useRealTimers();
});

/** Starts an acquire and reports when (fake time) it was granted. */
function track(pacer: Pacer, signal?: AbortSignal) {
	const state: { ticket?: PacerTicket; at?: number } = {};
	const done = pacer.acquire(signal).then((ticket) => {
		state.ticket = ticket;
		state.at = Date.now();
		return ticket;
	});
	return { state, done };
}

async function acquireNow(pacer: Pacer): Promise<PacerTicket> {
	const { state, done } = track(pacer);
	await jest.advanceTimersByTimeAsync(0);
	if (!state.ticket) throw new Error('acquire did not resolve at once');
	return await done;
}

/** Sends `count` requests that Clerk accepts, one every `spacingMs`. */
async function acceptMany(pacer: Pacer, count: number, spacingMs = 0): Promise<void> {
	for (let i = 0; i < count; i++) {
		pacer.settle(await acquireNow(pacer), 200);
		if (spacingMs > 0) await jest.advanceTimersByTimeAsync(spacingMs);
	}
}

describe('Pacer', () => {
	test('without a limit or a cap, every request may go at once', async () => {
		const pacer = new Pacer();
		const waits = Array.from({ length: 50 }, () => track(pacer));
		await jest.advanceTimersByTimeAsync(0);

		expect(waits.every((w) => w.state.ticket?.granted === true)).toBe(true);
		expect(pacer.limit).toBeUndefined();
	});

	test('Max Requests per Second spaces requests evenly', async () => {
		const pacer = new Pacer({ maxRequestsPerSecond: 4 });
		const start = Date.now();
		const waits = Array.from({ length: 5 }, () => track(pacer));
		await jest.advanceTimersByTimeAsync(2000);

		expect(waits.map((w) => (w.state.at ?? Number.NaN) - start)).toEqual([0, 250, 500, 750, 1000]);
	});

	test('learns the limit from the first 429: what Clerk accepted in the window before refusing', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 7, 100);
		pacer.settle(await acquireNow(pacer), 429, 9);

		expect(pacer.limit).toBe(7);
	});

	test('429s for requests that were already in flight do not lower the learned limit again', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 5);
		const inFlight = [await acquireNow(pacer), await acquireNow(pacer), await acquireNow(pacer)];

		for (const ticket of inFlight) pacer.settle(ticket, 429, 10);

		expect(pacer.limit).toBe(5);
	});

	test('answers still in flight at the first 429 raise the learned limit to what Clerk really accepted', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 4);
		const lateAccepted = await acquireNow(pacer);
		const refused = await acquireNow(pacer);

		pacer.settle(refused, 429, 10);
		expect(pacer.limit).toBe(4);
		pacer.settle(lateAccepted, 200);
		expect(pacer.limit).toBe(5);
	});

	test('a 429 after the limit was learned (someone else uses the key) lowers it', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 5);
		pacer.settle(await acquireNow(pacer), 429, 1);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);
		await acceptMany(pacer, 3);

		const { done } = track(pacer);
		await jest.advanceTimersByTimeAsync(0);
		pacer.settle(await done, 429, 1);

		expect(pacer.limit).toBe(3);
	});

	test('a 429 before Clerk accepted anything of ours pauses but learns no limit', async () => {
		const pacer = new Pacer();
		pacer.settle(await acquireNow(pacer), 429, 2);

		expect(pacer.limit).toBeUndefined();
		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(1900);
		expect(next.state.ticket).toBeUndefined();
		await jest.advanceTimersByTimeAsync(200);
		expect(next.state.ticket?.granted).toBe(true);
	});

	test('a Retry-After pauses every waiting request, not only the refused one', async () => {
		const pacer = new Pacer();
		const refusedAt = Date.now();
		pacer.settle(await acquireNow(pacer), 429, 3);
		const waits = Array.from({ length: 5 }, () => track(pacer));

		await jest.advanceTimersByTimeAsync(2900);
		expect(waits.filter((w) => w.state.ticket)).toHaveLength(0);
		await jest.advanceTimersByTimeAsync(200);
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

	test('Retry-After is rounded up to seconds: a slot the window frees within its last second is used', async () => {
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
		const refusedAt = Date.now() + 100;
		await acceptMany(pacer, 2, 50);
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
		pacer.settle(await acquireNow(pacer), 429, 1);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 100);
		const first = await acquireNow(pacer);
		const second = await acquireNow(pacer);

		const third = track(pacer);
		await jest.advanceTimersByTimeAsync(500);
		expect(third.state.ticket).toBeUndefined();
		pacer.settle(first, 0);
		await jest.advanceTimersByTimeAsync(50);
		expect(third.state.ticket?.granted).toBe(true);
		pacer.settle(second, 200);
	});

	test('a cancelled execution stops waiting at once, and its ticket is not granted', async () => {
		const pacer = new Pacer();
		pacer.settle(await acquireNow(pacer), 429, 30);
		const controller = new AbortController();
		const waiting = track(pacer, controller.signal);
		await jest.advanceTimersByTimeAsync(1000);
		expect(waiting.state.ticket).toBeUndefined();

		controller.abort();
		await jest.advanceTimersByTimeAsync(150);

		expect(waiting.state.ticket?.granted).toBe(false);
	});
});
