import { withGlobal } from '@sinonjs/fake-timers';

import { SlidingWindowLimiter } from '../../emulator/rate-limiter';
import { Pacer } from '../../nodes/ClerkSignInToken/api/pacer';

/** One key shared by N pacers (processes that cannot share memory) and maybe another client. */
export interface SimulationSetup {
	/** Clerk's limit per window for the key, and the limit the key's prefix documents. */
	limit: number;
	documented: number;
	windowMs: number;
	pacers: number;
	/** Tokens each pacer makes, all wanted at time 0. */
	tokensPerPacer: number;
	/** Requests in flight per pacer at most (the node's Concurrency). */
	concurrency: number;
	/** Round trip of one request; Clerk counts it halfway. */
	latencyMs: number;
	/** Another client of the key: evenly spaced requests at this rate, from time 0 for `forMs`. */
	other?: { perSecond: number; forMs: number };
	/** When the pacers start (the other client starts at 0). */
	startMs?: number;
}

export interface SimulationResult {
	tokens: number;
	requests: number;
	refused: number;
	/** Time of the last token. */
	lastTokenMs: number;
	/** Accepted requests per pacer until the first pacer finished. */
	acceptedWhileAllBusy: number[];
	other?: { sent: number; refused: number };
}

const KEY = 'sk_simulated';

/**
 * Runs the node's real Pacer code in virtual time (fake timers and performance.now): N pacers,
 * each sending its tokens through its own pacer, against the emulator's sliding-window limiter.
 * Nothing here waits in real time, so a run of minutes takes a second and repeats exactly.
 */
export async function simulate(setup: SimulationSetup): Promise<SimulationResult> {
	const clock = withGlobal(globalThis).install({
		toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
		now: 0,
	});
	try {
		return await run(setup, clock.tickAsync.bind(clock));
	} finally {
		clock.uninstall();
	}
}

async function run(
	setup: SimulationSetup,
	tick: (ms: number) => Promise<number>,
): Promise<SimulationResult> {
	const limiter = new SlidingWindowLimiter({ limit: setup.limit, windowMs: setup.windowMs });
	const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const half = setup.latencyMs / 2;
	const clerk = async (): Promise<{ status: number; retryAfterMs?: number }> => {
		await delay(half);
		const decision = limiter.check(KEY, performance.now());
		await delay(half);
		return decision.allowed
			? { status: 200 }
			: { status: 429, retryAfterMs: decision.retryAfterSeconds * 1000 };
	};
	let requests = 0;
	let refused = 0;
	let lastTokenMs = 0;
	let firstDoneAt = Number.POSITIVE_INFINITY;
	const accepted: number[][] = [];
	const pacerRun = async (index: number): Promise<void> => {
		if (setup.startMs) await delay(setup.startMs);
		const pacer = new Pacer(setup.documented, setup.windowMs);
		const times: number[] = [];
		accepted.push(times);
		let left = setup.tokensPerPacer;
		const worker = async (): Promise<void> => {
			while (left > 0) {
				left--;
				for (;;) {
					const answer = await pacer.run(async () => {
						requests++;
						return await clerk();
					});
					if (answer?.status === 200) break;
					refused++;
				}
				times.push(performance.now());
				lastTokenMs = Math.max(lastTokenMs, performance.now());
			}
		};
		await Promise.all(Array.from({ length: Math.min(setup.concurrency, left) }, worker));
		firstDoneAt = Math.min(firstDoneAt, performance.now());
		void index;
	};
	const other = setup.other ? { sent: 0, refused: 0 } : undefined;
	const otherRun = async (): Promise<void> => {
		if (!setup.other || !other) return;
		const gap = 1000 / setup.other.perSecond;
		const sends: Array<Promise<void>> = [];
		for (let at = 0; at < setup.other.forMs; at += gap) {
			const wait = at - performance.now();
			if (wait > 0) await delay(wait);
			other.sent++;
			sends.push(
				clerk().then((answer) => {
					if (answer.status === 429) other.refused++;
				}),
			);
		}
		await Promise.all(sends);
	};
	const all = Promise.all([
		...Array.from({ length: setup.pacers }, async (_, i) => await pacerRun(i)),
		otherRun(),
	]);
	let finished = false;
	void all.then(() => {
		finished = true;
	});
	while (!finished) await tick(100);
	await all;
	return {
		tokens: setup.pacers * setup.tokensPerPacer,
		requests,
		refused,
		lastTokenMs: lastTokenMs - (setup.startMs ?? 0),
		acceptedWhileAllBusy: accepted.map((times) => times.filter((at) => at <= firstDoneAt).length),
		other,
	};
}

/** Jain's fairness index: 1 when every share is equal, 1/n when one takes everything. */
export function jain(shares: number[]): number {
	const sum = shares.reduce((a, b) => a + b, 0);
	const squares = shares.reduce((a, b) => a + b * b, 0);
	return squares === 0 ? 1 : (sum * sum) / (shares.length * squares);
}
