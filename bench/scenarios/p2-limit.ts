import type { BenchEmulator } from '../emulator';
import { floorMs } from '../floor';
import type { ScenarioResult } from '../result';
import { seconds, times } from '../result';
import { runNode } from '../run-node';
import { idItems } from '../seed-items';

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
}

/** Runs the node at Clerk's production limit with default settings (nothing tuned). */
export async function runAtLimit(emulator: BenchEmulator): Promise<Run> {
	await emulator.configure({ rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, latencyMs: 0 });
	const result = await runNode(emulator, { items: idItems(CREATES), userBy: 'id' });
	const counters = await emulator.counters();
	return { wallMs: result.wallMs, failed: result.failed, requests: counters.total, refused: counters.byStatus[429] ?? 0 };
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
		],
		floor: `${seconds(floor)} = (⌈${CREATES}/${LIMIT}⌉ − 1) × 10 s`,
		ratio: `${times(ratio)} (best of ${RUNS})`,
		goal: `0 failed, wall ≤ ${GOAL_RATIO}× floor, 429s ≤ ${GOAL_429_SHARE * 100} % of requests`,
		met: failed === 0 && ratio <= GOAL_RATIO && worstShare <= GOAL_429_SHARE,
		notes: [
			'The floor assumes each window\'s requests go out at once. The node cannot send faster than n8n\'s request helper allows, so the spread of the first window\'s burst (and the per-item expression reads before the first request) comes on top of it; see P1 for that cost.',
		],
	};
}
