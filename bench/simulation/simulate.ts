import { withGlobal } from '@sinonjs/fake-timers';

import { SlidingWindowLimiter } from '../../emulator/rateLimiter';
import { Pacer } from '../../nodes/ClerkSignInToken/api/pacer';

/** One key shared by N pacers (processes that cannot share memory) and maybe another client. */
export interface SimulationSetup {
	/** Clerk's limit per window for the key, and the limit the key's prefix documents. */
	limit: number;
	documented: number;
	windowMs: number;
	pacers: number;
	/** Tokens each pacer makes, all wanted when the pacers start (unless `arrivalsPerSecond`). */
	tokensPerPacer: number;
	/**
	 * n8n's queue mode: the N × tokensPerPacer tokens are wanted at this rate from when the pacers
	 * start, and go into one queue that every pacer's jobs take from (a worker takes the next job
	 * when one of its Concurrency slots is free), so a pacer that goes faster makes more of them.
	 */
	arrivalsPerSecond?: number;
	/** Requests in flight per pacer at most (the node's Concurrency). */
	concurrency: number;
	/** Round trip of one request; Clerk counts it halfway. */
	latencyMs: number;
	/**
	 * Each half of a round trip takes up to this much longer, at random from a fixed seed (a busy
	 * machine); 0 keeps every pacer in step, the hardest case for pacers that cannot see each other.
	 */
	latencyJitterMs?: number;
	/** Seed of the jitter: another seed, another run of the same case. */
	seed?: number;
	/** Another client of the key: evenly spaced requests at this rate, from time 0 for `forMs`. */
	other?: { perSecond: number; forMs: number };
	/** When the pacers start (the other client starts at 0). */
	startMs?: number;
}

/** One request of the other client: when it was sent and whether Clerk refused it. */
export interface OtherRequest {
	at: number;
	refused: boolean;
}

export interface SimulationResult {
	tokens: number;
	requests: number;
	refused: number;
	/** Time of the last token, from when the pacers started. */
	lastTokenMs: number;
	/** The pacers' first request and every token, in simulated time (from 0, not from startMs). */
	firstRequestAt: number;
	tokenTimes: number[];
	/** When each token was wanted, in simulated time. */
	wantedAt: number[];
	/** Accepted requests per pacer until the first pacer finished its last token. */
	acceptedWhileAllBusy: number[];
	other?: { sent: number; refused: number; log: OtherRequest[] };
}

const KEY = 'sk_simulated';
const SEED = 16;

/** Numbers in [0, 1) from `seed`, the same every run (mulberry32). */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

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

/** The work each pacer takes, one token at a time; undefined once there is no more for it. */
type Jobs = (pacer: number) => Promise<number | undefined>;

/** Each pacer its own tokens, all wanted at `at`. */
function ownJobs(setup: SimulationSetup, at: number): Jobs {
	const left = Array.from({ length: setup.pacers }, () => setup.tokensPerPacer);
	return async (pacer) => {
		if (left[pacer] === 0) return undefined;
		left[pacer]--;
		return await Promise.resolve(at);
	};
}

/**
 * One queue of tokens wanted from `at` at `perSecond`, taken in order. As a Bull worker process
 * waits for one job at a time however many of its slots are free, and Redis serves the waiting
 * processes first come first served, the pacers take turns while they all have room.
 */
function queuedJobs(setup: SimulationSetup, at: number, perSecond: number): Jobs {
	const total = setup.pacers * setup.tokensPerPacer;
	let next = 0;
	const fetching: Array<Promise<unknown>> = Array.from({ length: setup.pacers }, async () => {
		await Promise.resolve();
	});
	const take = async (): Promise<number | undefined> => {
		if (next === total) return undefined;
		const wanted = at + (next * 1000) / perSecond;
		next++;
		const wait = wanted - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		return wanted;
	};
	return async (pacer) => {
		const job = fetching[pacer].then(take);
		fetching[pacer] = job;
		return await job;
	};
}

async function run(
	setup: SimulationSetup,
	tick: (ms: number) => Promise<number>,
): Promise<SimulationResult> {
	const limiter = new SlidingWindowLimiter({ limit: setup.limit, windowMs: setup.windowMs });
	const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const random = seeded(setup.seed ?? SEED);
	const half = () => setup.latencyMs / 2 + (setup.latencyJitterMs ?? 0) * random();
	const clerk = async (): Promise<{ status: number; retryAfterMs?: number }> => {
		await delay(half());
		const decision = limiter.check(KEY, performance.now());
		await delay(half());
		return decision.allowed
			? { status: 200 }
			: { status: 429, retryAfterMs: decision.retryAfterSeconds * 1000 };
	};
	const startMs = setup.startMs ?? 0;
	const jobs =
		setup.arrivalsPerSecond === undefined
			? ownJobs(setup, startMs)
			: queuedJobs(setup, startMs, setup.arrivalsPerSecond);
	let requests = 0;
	let refused = 0;
	let firstRequestAt = Number.POSITIVE_INFINITY;
	let firstDoneAt = Number.POSITIVE_INFINITY;
	const tokenTimes: number[] = [];
	const wantedAt: number[] = [];
	const accepted: number[][] = [];
	const pacerRun = async (index: number): Promise<void> => {
		if (startMs > 0) await delay(startMs);
		const pacer = new Pacer(setup.documented, setup.windowMs);
		const times: number[] = [];
		accepted.push(times);
		const worker = async (): Promise<void> => {
			for (let wanted = await jobs(index); wanted !== undefined; wanted = await jobs(index)) {
				for (;;) {
					const answer = await pacer.run(async () => {
						requests++;
						firstRequestAt = Math.min(firstRequestAt, performance.now());
						return await clerk();
					});
					if (answer?.status === 200) break;
					refused++;
				}
				times.push(performance.now());
				tokenTimes.push(performance.now());
				wantedAt.push(wanted);
			}
		};
		await Promise.all(Array.from({ length: setup.concurrency }, worker));
		firstDoneAt = Math.min(firstDoneAt, performance.now());
	};
	const other = setup.other ? { sent: 0, refused: 0, log: [] as OtherRequest[] } : undefined;
	const otherRun = async (): Promise<void> => {
		if (!setup.other || !other) return;
		const gap = 1000 / setup.other.perSecond;
		const sends: Array<Promise<void>> = [];
		for (let at = 0; at < setup.other.forMs; at += gap) {
			const wait = at - performance.now();
			if (wait > 0) await delay(wait);
			other.sent++;
			const request: OtherRequest = { at: performance.now(), refused: false };
			other.log.push(request);
			sends.push(
				clerk().then((answer) => {
					request.refused = answer.status === 429;
					if (request.refused) other.refused++;
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
		lastTokenMs: Math.max(...tokenTimes) - startMs,
		firstRequestAt,
		tokenTimes,
		wantedAt,
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
