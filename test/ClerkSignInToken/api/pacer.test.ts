import { Pacer, type PacerAnswer } from '../../../nodes/ClerkSignInToken/api/pacer';

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

interface Tracked {
	state: { settled: boolean; sent: boolean; at?: number; error?: unknown };
	/** Resolves once the request was given its slot (true) or left the queue unsent (false). */
	done: Promise<boolean>;
	/** Clerk's answer to the sent request, recorded by the pacer once this resolves. */
	answer: (status: number, retryAfterSeconds?: number) => Promise<void>;
	/** The send throws `error` (no answer came); run passes it on. */
	fail: (error: Error) => Promise<void>;
}

/** Starts a request through `pacer.run` and reports when (fake time) it was sent; Clerk answers when told. */
function track(pacer: Pacer, signal?: AbortSignal): Tracked {
	const state: Tracked['state'] = { settled: false, sent: false };
	let reply: ((answer: PacerAnswer) => void) | undefined;
	let throwInSend: ((error: Error) => void) | undefined;
	let markSent: (sent: boolean) => void = () => undefined;
	const done = new Promise<boolean>((resolve) => {
		markSent = resolve;
	});
	const finished = pacer
		.run(
			async () =>
				await new Promise<PacerAnswer>((resolve, reject) => {
					state.settled = true;
					state.sent = true;
					state.at = performance.now();
					reply = resolve;
					throwInSend = reject;
					markSent(true);
				}),
			signal,
		)
		.then(
			(answer) => {
				if (answer === undefined) {
					state.settled = true;
					markSent(false);
				}
			},
			(error: unknown) => {
				state.error = error;
			},
		);
	const answer = async (status: number, retryAfterSeconds?: number): Promise<void> => {
		if (!reply) throw new Error('the request was not sent, so it cannot be answered');
		reply({
			status,
			retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
		});
		await finished;
	};
	const fail = async (error: Error): Promise<void> => {
		if (!throwInSend) throw new Error('the request was not sent, so it cannot fail');
		throwInSend(error);
		await finished;
	};
	return { state, done, answer, fail };
}

/** A request that goes at once; throws if the pacer held it back. */
async function sendNow(pacer: Pacer): Promise<Tracked> {
	const tracked = track(pacer);
	await jest.advanceTimersByTimeAsync(0);
	if (!tracked.state.sent) throw new Error('the request did not go at once');
	return tracked;
}

/** A request that goes at once and gets `status` from Clerk. */
async function answerNow(pacer: Pacer, status: number, retryAfterSeconds?: number): Promise<void> {
	await (await sendNow(pacer)).answer(status, retryAfterSeconds);
}

/** Sends `count` requests that Clerk accepts, one every `spacingMs`. */
async function acceptMany(pacer: Pacer, count: number, spacingMs = 0): Promise<void> {
	for (let i = 0; i < count; i++) {
		await answerNow(pacer, 200);
		if (spacingMs > 0) await jest.advanceTimersByTimeAsync(spacingMs);
	}
}

/** Learns `limit` from a 429 after `limit` accepted requests; the pause lasts one second. */
async function learnLimit(pacer: Pacer, limit: number): Promise<void> {
	await acceptMany(pacer, limit);
	await answerNow(pacer, 429, 1);
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
			const answered = await pacer.run(async () => {
				const record: Sent = { at: performance.now() };
				sent.push(record);
				await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
				const answer = clerk();
				record.answeredAt = performance.now();
				record.status = answer.status;
				const retryAfterMs = answer.retryAfter === undefined ? undefined : answer.retryAfter * 1000;
				return { status: answer.status, retryAfterMs };
			});
			if (!answered) throw new Error('the request was never sent');
		}),
	);
	return { sent, done };
}

describe('Pacer', () => {
	test('before any 429, every request may go at once', async () => {
		const pacer = new Pacer();
		const waits = Array.from({ length: 50 }, () => track(pacer));
		await jest.advanceTimersByTimeAsync(0);

		expect(waits.every((w) => w.state.sent)).toBe(true);
		expect(pacer.limit).toBeUndefined();
	});

	test('serves waiters in call order when the window is full (first come, first served)', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 2, 1000);
		await answerNow(pacer, 429, 1);
		expect(pacer.limit).toBe(2);

		const order: number[] = [];
		const waits = Array.from({ length: 6 }, (_, i) =>
			pacer.run(async () => {
				order.push(i);
				// Answered at once, so the next slot frees one window later.
				return await Promise.resolve({ status: 200 });
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
		expect(cancelled.state).toMatchObject({ settled: true, sent: false });
		expect(order).toEqual(['cancelled left']);

		await jest.advanceTimersByTimeAsync(WINDOW_MS);
		expect(order).toEqual(['cancelled left', 'first', 'third']);
		expect(first.state.sent).toBe(true);
		expect(third.state.sent).toBe(true);
	});

	test('a request with an already aborted signal is not sent and takes no slot', async () => {
		const pacer = new Pacer();
		const controller = new AbortController();
		controller.abort();

		const send = jest.fn(async () => await Promise.resolve({ status: 200 }));
		expect(await pacer.run(send, controller.signal)).toBeUndefined();
		expect(send).not.toHaveBeenCalled();
		expect(pacer.isIdle(performance.now(), 0)).toBe(true);
	});

	test('learns the limit from the first 429: what Clerk accepted in the window before refusing', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 7, 100);
		await answerNow(pacer, 429, 9);

		expect(pacer.limit).toBe(7);
	});

	test('after learning the limit, never more than that many are accepted or in flight in any window', async () => {
		const pacer = new Pacer();
		const learningAnswers: number[] = [];
		for (let i = 0; i < 12; i++) {
			learningAnswers.push(performance.now());
			await acceptMany(pacer, 1, 500);
		}
		await answerNow(pacer, 429, 1);
		expect(pacer.limit).toBe(12);
		const learnedAt = performance.now();

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
		const firstAnswerAt = performance.now();
		await acceptMany(pacer, 10, 100);
		await answerNow(pacer, 429, 1);
		expect(pacer.limit).toBe(10);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(WINDOW_MS);

		expect(next.state.at).toBe(firstAnswerAt + WINDOW_MS + SLOT_MARGIN_MS);
	});

	test('429s for requests that were already in flight do not lower the learned limit again', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 5);
		const inFlight = [await sendNow(pacer), await sendNow(pacer), await sendNow(pacer)];

		await inFlight[0].answer(429, 10);
		await jest.advanceTimersByTimeAsync(30);
		await inFlight[1].answer(429, 10);
		await inFlight[2].answer(429, 10);

		expect(pacer.limit).toBe(5);
	});

	test('a 429 with fewer of ours in the window than the limit yields: the level drops below what Clerk accepted', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 5);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);
		await acceptMany(pacer, 3);

		await answerNow(pacer, 429, 1);

		// Another client holds the other slots: 3 × 0.95, rounded down.
		expect(pacer.limit).toBe(2);
	});

	test('a 429 once our accepted requests left the window yields everything: the allowance starts again from one', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 4);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + 1000);

		await answerNow(pacer, 429, 1);

		expect(pacer.limit).toBe(1);
	});

	test('a 429 pauses every request until Retry-After, not only the refused one', async () => {
		const pacer = new Pacer();
		const refusedAt = performance.now();
		await answerNow(pacer, 429, 3);
		const waits = Array.from({ length: 5 }, () => track(pacer));

		await jest.advanceTimersByTimeAsync(2900);
		expect(waits.filter((w) => w.state.settled)).toHaveLength(0);
		await jest.advanceTimersByTimeAsync(200);
		expect(waits.every((w) => w.state.sent)).toBe(true);
		expect(waits.every((w) => (w.state.at ?? 0) >= refusedAt + 3000)).toBe(true);
	});

	test("resumes at the learned slot when it falls inside Retry-After's last second", async () => {
		const pacer = new Pacer();
		const firstAnswerAt = performance.now();
		await acceptMany(pacer, 2, 1300);
		// Clerk: the oldest request leaves the window in 10 000 − 2 600 = 7 400 ms, so Retry-After: 8.
		await answerNow(pacer, 429, 8);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(8000);
		expect(next.state.at).toBe(firstAnswerAt + WINDOW_MS + SLOT_MARGIN_MS);
	});

	test('a Retry-After that our own record cannot explain is honoured in full', async () => {
		const pacer = new Pacer();
		await acceptMany(pacer, 2, 50);
		const refusedAt = performance.now();
		// Our record frees a slot in ~9.9 s, but Clerk says 3 s: another system shares the key.
		await answerNow(pacer, 429, 3);
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
		await answerNow(pacer, 429, 1);
		expect(pacer.limit).toBe(2);
		await jest.advanceTimersByTimeAsync(100 + SLOT_MARGIN_MS);
		const first = await sendNow(pacer);
		const second = await sendNow(pacer);

		const third = track(pacer);
		await jest.advanceTimersByTimeAsync(500);
		expect(third.state.settled).toBe(false);
		// No answer: Clerk may not have counted it, so its slot is free again.
		await first.fail(new Error('socket hang up'));
		await jest.advanceTimersByTimeAsync(0);
		expect(third.state.sent).toBe(true);
		expect(first.state.error).toHaveProperty('message', 'socket hang up');
		await second.answer(200);
		await third.answer(200);
	});

	test('above the level, a waiting request goes only as a probe, one at a time on a doubling curve', async () => {
		const pacer = new Pacer(100);
		const { sent } = run(pacer, 300, () => ({ status: 200 }));
		await jest.advanceTimersByTimeAsync(35_000);

		// The documented 100 go at once, and again as they leave the window; nothing else goes
		// before the hold ends, 12 s from the start.
		const before = sent.filter((s) => s.at < 12_000).map((s) => s.at);
		expect(before).toHaveLength(200);
		expect(before.filter((t) => t > LATENCY_MS && t < WINDOW_MS)).toHaveLength(0);
		// Then probes, each waiting for the one before it, on a curve whose steps shrink as it doubles.
		const probes = sent.map((s) => s.at).filter((t) => t >= 12_000);
		expect(probes[0]).toBe(12_000);
		const gaps = probes.slice(1, 5).map((t, i) => t - probes[i]);
		expect(gaps[0]).toBeGreaterThan(gaps[1]);
		expect(gaps[1]).toBeGreaterThan(gaps[2]);
		expect(gaps[2]).toBeGreaterThan(gaps[3]);
		expect(gaps[3]).toBeGreaterThan(0);
		expect(pacer.limit).toBeGreaterThan(100);
	});

	test('a probe Clerk refuses costs one request, the limit holds, and no other probe goes for 300 slot intervals', async () => {
		const pacer = new Pacer(10);
		let windowAccepted: number[] = [];
		const { sent } = run(pacer, 400, () => {
			// Clerk's real limit is the documented one: a request above it is refused.
			const now = performance.now();
			windowAccepted = windowAccepted.filter((at) => at > now - WINDOW_MS);
			if (windowAccepted.length >= 10) return { status: 429, retryAfter: 1 };
			windowAccepted.push(now);
			return { status: 200 };
		});
		await jest.advanceTimersByTimeAsync(320_000);

		// The first probe after the 12 s hold; refused, so the next waits until that 429 is 300
		// of the key's slot intervals old: 300 s for 10 per 10 s.
		const refused = sent.filter((s) => s.status === 429).map((s) => s.at);
		expect(refused).toHaveLength(2);
		expect(refused[0]).toBe(12_000);
		expect(refused[1] - refused[0]).toBeGreaterThanOrEqual(300_000);
		expect(sent.length - refused.length).toBeGreaterThanOrEqual(300);
		expect(pacer.limit).toBe(10);
	});

	test('a refused probe costs that request only: the others go on their slots, without a pause for Retry-After', async () => {
		const start = performance.now();
		const pacer = new Pacer(10);
		await jest.advanceTimersByTimeAsync(500);
		await acceptMany(pacer, 10, 1000);
		let windowAccepted = Array.from({ length: 10 }, (_, i) => start + 500 + i * 1000);
		const { sent } = run(pacer, 20, () => {
			const now = performance.now();
			windowAccepted = windowAccepted.filter((at) => at > now - WINDOW_MS);
			if (windowAccepted.length >= 10) return { status: 429, retryAfter: 5 };
			windowAccepted.push(now);
			return { status: 200 };
		});
		await jest.advanceTimersByTimeAsync(6000);

		// Our slots free one a second, at .525; the probe goes when the 12 s hold ends, and is
		// refused. The slots after it are still used on time, not after Retry-After.
		const probe = sent.find((s) => s.status === 429);
		expect(probe?.at).toBe(start + 12_000);
		const slots = sent.filter((s) => s.status === 200).map((s) => s.at - start);
		expect(slots).toEqual(
			expect.arrayContaining([12_500 + SLOT_MARGIN_MS, 13_500 + SLOT_MARGIN_MS]),
		);
		expect(pacer.limit).toBe(10);
	});

	test('a request refused with a refused probe, sent before its 429 came, is the same overflow: no pause for Retry-After', async () => {
		const start = performance.now();
		const pacer = new Pacer(10);
		await jest.advanceTimersByTimeAsync(5000);
		await acceptMany(pacer, 10);
		await jest.advanceTimersByTimeAsync(7000);
		// The first probe after the 12 s hold is accepted; the second goes on the curve.
		await answerNow(pacer, 200);
		const probe = track(pacer);
		await jest.advanceTimersByTimeAsync(3100);
		expect(probe.state.at).toBeLessThan(start + 13_000);
		// The first ten have left the window: a request within the allowance goes while the probe
		// is out, and Clerk refuses both.
		const within = await sendNow(pacer);
		await probe.answer(429, 5);
		await within.answer(429, 5);

		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(0);
		expect(next.state.at).toBe(start + 15_100);
		expect(pacer.limit).toBe(10);
		await next.answer(200);
	});

	test('a probe that got no answer is as if not sent: it adds no room, and the next probe goes on the curve', async () => {
		const start = performance.now();
		const pacer = new Pacer(10);
		await jest.advanceTimersByTimeAsync(5000);
		// The window is full until these leave it, 15 s from the start.
		await acceptMany(pacer, 10);
		await jest.advanceTimersByTimeAsync(6900);
		const probe = track(pacer);
		const next = track(pacer);
		await jest.advanceTimersByTimeAsync(200);
		expect(probe.state.at).toBe(start + 12_000);

		await probe.fail(new Error('socket hang up'));
		expect(pacer.limit).toBe(10);
		await jest.advanceTimersByTimeAsync(2000);
		// The next probe one step of the curve (1 s for a limit of 10) after the first, not
		// when the window frees at 15 s.
		expect(next.state.at).toBe(start + 13_000);
		await next.answer(200);
	});

	// Another system used the key up: Clerk refuses our second request. On a production key the
	// climb starts 3 s after that 429; on a development key once it is 30 s old.
	test.each([
		{ key: 'production', documented: 1000, probesFrom: 3_000, backBy: 9_000 },
		{ key: 'development', documented: 100, probesFrom: 30_000, backBy: 37_000 },
	])(
		'a foreign 429 right after our first accepted request: back to 100 within seconds of the first probe ($key key)',
		async ({ documented, probesFrom, backBy }) => {
			const pacer = new Pacer(documented);
			await answerNow(pacer, 200);
			await answerNow(pacer, 429, 1);
			expect(pacer.limit).toBe(1);
			const refusedAt = performance.now();

			const { sent } = run(pacer, 500, () => ({ status: 200 }));
			const limits: Array<{ at: number; limit: number }> = [];
			while (performance.now() - refusedAt < backBy + 1000) {
				await jest.advanceTimersByTimeAsync(100);
				limits.push({ at: performance.now() - refusedAt, limit: pacer.limit ?? 0 });
			}

			const firstProbe = limits.find((l) => l.limit > 1);
			expect(firstProbe?.at).toBeGreaterThanOrEqual(probesFrom);
			const recovered = limits.find((l) => l.limit >= 100);
			expect(recovered?.at).toBeLessThanOrEqual(backBy);
			// And the climb was used: the run sent at the recovered pace, not one request at a time.
			expect(sent.length).toBeGreaterThanOrEqual(100);
		},
	);

	test('starts from the documented limit: that many go at once, the next waits for a slot', async () => {
		const pacer = new Pacer(100);
		expect(pacer.limit).toBe(100);
		const waits = Array.from({ length: 101 }, () => track(pacer));
		await jest.advanceTimersByTimeAsync(0);

		expect(waits.filter((w) => w.state.sent)).toHaveLength(100);
		expect(waits[100].state.settled).toBe(false);
		for (const w of waits.slice(0, 100)) await w.answer(200);
		await jest.advanceTimersByTimeAsync(WINDOW_MS + SLOT_MARGIN_MS);
		expect(waits[100].state.sent).toBe(true);
		await waits[100].answer(200);
	});

	test('a request with a reserve share goes within it while the allowance has yielded', async () => {
		const pacer = new Pacer(10);
		await answerNow(pacer, 200);
		await answerNow(pacer, 429, 1);
		expect(pacer.limit).toBe(1);
		await jest.advanceTimersByTimeAsync(1000);

		// One of ours in the window fills the yielded allowance; a reserve of half of 10 has room.
		const reserving = pacer.run(async () => await Promise.resolve({ status: 200 }), undefined, 0.5);
		await jest.advanceTimersByTimeAsync(0);
		expect(await reserving).toEqual({ status: 200 });
		const yielding = track(pacer);
		await jest.advanceTimersByTimeAsync(1000);
		expect(yielding.state.settled).toBe(false);
	});

	test('isIdle: false while a request waits or is in flight, then true once nothing happened for the given time', async () => {
		const pacer = new Pacer();
		expect(pacer.isIdle(performance.now(), 0)).toBe(true);
		expect(pacer.isIdle(performance.now(), 1000)).toBe(false);

		await answerNow(pacer, 429, 5);
		const waiting = track(pacer);
		await jest.advanceTimersByTimeAsync(1000);
		expect(waiting.state.settled).toBe(false);
		expect(pacer.isIdle(performance.now() + 60_000, 0)).toBe(false);

		await jest.advanceTimersByTimeAsync(5000);
		expect(await waiting.done).toBe(true);
		expect(pacer.isIdle(performance.now() + 60_000, 0)).toBe(false);

		await jest.advanceTimersByTimeAsync(300);
		await waiting.answer(200);
		const settledAt = performance.now();
		expect(pacer.isIdle(settledAt, 0)).toBe(true);
		expect(pacer.isIdle(settledAt + 999, 1000)).toBe(false);
		expect(pacer.isIdle(settledAt + 1000, 1000)).toBe(true);
	});

	test('leaves no timer behind once every waiter was served and settled', async () => {
		const pacer = new Pacer();
		await learnLimit(pacer, 3);
		const { done } = run(pacer, 10, () => ({ status: 200 }));
		await jest.advanceTimersByTimeAsync(5 * WINDOW_MS);
		await done;

		await jest.advanceTimersByTimeAsync(250);
		expect(jest.getTimerCount()).toBe(0);
	});

	test('leaves no timer behind once the last waiter was cancelled', async () => {
		const pacer = new Pacer();
		await answerNow(pacer, 429, 30);
		const controller = new AbortController();
		const waiting = track(pacer, controller.signal);
		await jest.advanceTimersByTimeAsync(1000);
		expect(jest.getTimerCount()).toBeGreaterThan(0);

		controller.abort();
		await jest.advanceTimersByTimeAsync(250);

		expect(waiting.state).toMatchObject({ settled: true, sent: false });
		expect(jest.getTimerCount()).toBe(0);
	});
});
