import { idItems, setUp, type BenchEmulator } from '../emulator';
import { runNode } from '../engine';
import { floorMs } from '../floor';
import { seconds, times, type ScenarioResult } from '../report';

const CREATES = 3000;
const LIMIT = 1000;
const WINDOW_MS = 10_000;
const RUNS = 2;
const GOAL_RATIO = 1.1;
const GOAL_429_SHARE = 0.1;

interface Run {
	wallMs: number;
	failed: number;
	requests: number;
	refused: number;
	/** From the start of the run to the first request reaching Clerk: reading and checking every item. */
	beforeFirstMs: number;
	/** How long the first window's requests took to go out: what n8n's request path allows. */
	firstWindowMs: number;
}

/** Runs the node at Clerk's production limit with default settings (nothing tuned). */
async function runAtLimit(emulator: BenchEmulator): Promise<Run> {
	await setUp(emulator, { rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, latencyMs: 0 });
	const startedAt = Date.now();
	const result = await runNode(emulator, { items: idItems(CREATES), userBy: 'id' });
	const counters = await emulator.counters();
	const arrivals = await emulator.arrivals();
	return {
		wallMs: result.wallMs,
		failed: result.failed,
		requests: counters.total,
		refused: counters.byStatus[429] ?? 0,
		beforeFirstMs: arrivals[0] - startedAt,
		firstWindowMs: arrivals[LIMIT - 1] - arrivals[0],
	};
}

export async function p2AtLimit(emulator: BenchEmulator): Promise<ScenarioResult> {
	const floor = floorMs(CREATES, LIMIT, WINDOW_MS);
	const runs: Run[] = [];
	for (let i = 0; i < RUNS; i++) runs.push(await runAtLimit(emulator));
	const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
	const worstShare = Math.max(...runs.map((r) => r.refused / r.requests));
	const failed = runs.reduce((sum, r) => sum + r.failed, 0);
	const ratio = best.wallMs / floor;
	return {
		id: 'P2',
		title: `At the limit: ${CREATES} creates at ${LIMIT} per 10 s, default settings`,
		figures: [
			...runs.map((r, i) => ({
				label: `run ${i + 1}`,
				value: `${seconds(r.wallMs)} (${times(r.wallMs / floor)} floor), ${r.requests} requests, ${r.refused} answered 429 (${((100 * r.refused) / r.requests).toFixed(1)} %), ${r.failed} failed items`,
			})),
			...runs.map((r, i) => {
				const reachable = r.beforeFirstMs + floor + r.firstWindowMs;
				return {
					label: `run ${i + 1}: first request after · first ${LIMIT} requests sent within · floor plus both`,
					value: `${seconds(r.beforeFirstMs)} · ${seconds(r.firstWindowMs)} · ${seconds(reachable)} (wall is ${times(r.wallMs / reachable)} of it)`,
				};
			}),
		],
		floor: `${seconds(floor)} = (⌈${CREATES}/${LIMIT}⌉ − 1) × 10 s`,
		ratio: `${times(ratio)} (best of ${RUNS})`,
		goal: `0 failed, wall ≤ ${GOAL_RATIO}× floor, 429s ≤ ${GOAL_429_SHARE * 100} % of requests`,
		met: failed === 0 && ratio <= GOAL_RATIO && worstShare <= GOAL_429_SHARE,
		notes: [
			"The floor assumes each window's requests go out at once. A sliding window lets request k + 1000 go no earlier than 10 s after request k, so the time the first window's requests took to go out (bound by n8n's request helper and the CPU it shares with the emulator here; see P1) carries over to the last window, and the time before the first request (n8n evaluating each item's expression while the node checks every item) comes before it. \"Floor plus both\" is the least this run could have taken; the pacer's own cost is the rest.",
		],
	};
}
