import { floorMs } from '../floor';
import type { ScenarioResult } from '../result';
import { times } from '../result';
import { jain, simulate, type SimulationSetup } from '../simulation/simulate';

const WINDOW_MS = 10_000;
const COUNTS = [1, 2, 4, 8, 16, 32];

interface Key {
	label: string;
	limit: number;
	tokens: number;
	concurrency: number;
}

// A development key with queue-mode workers (10 jobs each), and a production key with the node's
// default Concurrency per process.
const KEYS: Key[] = [
	{ label: 'development key, 100 per 10 s, 600 tokens', limit: 100, tokens: 600, concurrency: 10 },
	{
		label: 'production key, 1000 per 10 s, 6000 tokens',
		limit: 1000,
		tokens: 6000,
		concurrency: 100,
	},
];

const LATENCY_MS = 40;
// Goals of issue 16 for several processes on one key.
const GOAL_REQUESTS_PER_TOKEN = 1.05;
const GOAL_VS_IDEAL = 1.1;

/**
 * N pacers (processes that share no memory) on one key, in virtual time: the node's own Pacer
 * against the emulator's sliding-window limiter. Deterministic, so one run per figure.
 */
export async function nPacers(): Promise<ScenarioResult> {
	const result: ScenarioResult = {
		id: 'N-PACERS',
		title: 'Simulation: N independent pacers on one key (virtual time, the node’s Pacer code)',
		figures: [],
		ratio: '',
		goal: `requests per token ≤ ${GOAL_REQUESTS_PER_TOKEN}, last token ≤ ${GOAL_VS_IDEAL}× ideal, Jain's index near 1`,
		met: undefined,
		notes: [
			`Each of N pacers sends its equal part of the tokens at once with its own Concurrency; Clerk answers after ${LATENCY_MS} ms and counts a request halfway (emulator/rate-limiter.ts). Ideal: one perfectly paced client, (⌈tokens/limit⌉ − 1) × 10 s. Jain's fairness index over the tokens each pacer made until the first one finished (1 = equal shares, 1/N = one took all).`,
		],
	};
	const holds: string[] = [];
	result.notes.push(
		'In real queue mode (`QUEUE_STORM_WORKERS=6 npx ts-node --transpile-only scripts/e2e/queue/storm-bench.ts 600`: n8n 2.40.7, six workers × concurrency 10, 600 deliveries in 6 s at 100 per 10 s, load 7-10 on 2 cores, 2026-12-05, 2 runs): 0 lost, 637 / 654 requests for 600 tokens (1.06 / 1.09 per token), tokens spread over 71.2 / 69.0 s where Clerk allows 50 s (1.42× / 1.38×; before issue 16: 640 requests, 61.9 s). Six pacers that each yield to what the others take leave part of the key unused, as the table shows from N = 2.',
		"Where it stops holding, and why. N = 1 is a single process: the key alone, its first 429 at the documented limit, ~1.01× ideal. From N = 2 each process starts from the documented limit, so the first window takes N × Concurrency requests at once and those beyond the limit are refused (the 429s at N = 2); each then holds 95 % of what Clerk had accepted from it (it cannot tell another worker from the user's app), so together they hold 95 % of the key and a run of whole windows needs one window more (≈1.2× for 6 windows). Requests per token grow with N because every overflow refuses what each process has in flight. Fairness falls from N = 8 to 16: a process whose first requests were all refused starts again from one request and climbs on its own probe curve while the others keep what they got; AIMD evens the shares out only over many probe cycles, longer than these one-minute runs.",
	);
	for (const key of KEYS) {
		for (const n of COUNTS) {
			const setup: SimulationSetup = {
				limit: key.limit,
				documented: key.limit,
				windowMs: WINDOW_MS,
				pacers: n,
				tokensPerPacer: Math.ceil(key.tokens / n),
				concurrency: key.concurrency,
				latencyMs: LATENCY_MS,
			};
			const r = await simulate(setup);
			const perToken = r.requests / r.tokens;
			const vsIdeal = r.lastTokenMs / floorMs(r.tokens, key.limit, WINDOW_MS);
			const fairness = jain(r.acceptedWhileAllBusy);
			result.figures.push({
				label: `${key.label}, N = ${n}`,
				value: `requests per token ${perToken.toFixed(3)} (429s ${r.refused}); last token ${(r.lastTokenMs / 1000).toFixed(1)} s = ${times(vsIdeal)} ideal; Jain ${fairness.toFixed(3)}`,
			});
			if (perToken <= GOAL_REQUESTS_PER_TOKEN && vsIdeal <= GOAL_VS_IDEAL) {
				holds.push(`${key.limit} per 10 s with N = ${n}`);
			}
		}
	}
	result.ratio = `goals held for ${holds.join('; ') || 'none'}`;
	result.met = holds.length === KEYS.length * COUNTS.length;
	return result;
}
