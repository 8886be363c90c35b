import { userIds, type BenchEmulator, type EmulatorSettings } from '../../emulator';
import { floorMs } from '../../floor';
import { seconds, times, unmeasured, type ScenarioResult } from '../../report';
import { benchRuns, eachOf, median, spreadOf, sumOf } from '../../runs';
import { sideBySide } from '../execute';
import { onEveryLine } from '../instance';
import { clerkStep, httpStep, itemsInto } from '../workflows';

const CREATES = 3000;
const LIMIT = 1000;
const WINDOW_MS = 10_000;
const SETTINGS: EmulatorSettings = {
	rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
	latencyMs: 0,
};
const GOAL = 1.15;

/** R-P2: 3,000 creates at Clerk's production limit in real n8n, the HTTP Request node with batching beside it. */
export async function rP2AtLimit(emulator: BenchEmulator): Promise<ScenarioResult> {
	const floor = floorMs(CREATES, LIMIT, WINDOW_MS);
	const result = unmeasured({
		id: 'R-P2',
		title: `Real n8n, at the limit: ${CREATES} creates at ${LIMIT} per 10 s, default settings`,
		floor: `${seconds(floor)} = (⌈${CREATES}/${LIMIT}⌉ − 1) × 10 s`,
		goal: `0 failed, Clerk node ≤ ${GOAL}× the floor, on every line`,
		notes: [
			'Times are the measured node\'s own executionTime (`n8n execute --id`). The HTTP Request node uses Batching (1000 items per batch, 10 000 ms interval), as n8n\'s docs suggest for rate limits, and "On Error: Continue" so refused items are counted, not fatal.',
			"The spread (2026-12-08): with pacer 68777a7 (the runs above, quiet machine) the Clerk node at 1.083× the floor on n8n 2.41.1 and 1.116× on 1.123.81, 1-6 of about 3000 requests answered 429; the HTTP Request node in the same run at 1.203× and 1.149×, so the Clerk node took 0.90× and 0.97× its time. With pacer f4db5bf, two batches of 3 runs: 1.109× and 1.099× on 2.41.1, 1.117× and 1.112× on 1.123.81, with the HTTP Request node 3-5 % slower than the day before (as n8n alone was in the queue-mode storm, 41-47 s against 31-37 s); the day before, with the pacer before it, 1.091× and 1.092× on 1.123.81. Issue 16's 1.10× is met on 2.41.1 and not on 1.123.81 (three batches at 1.112-1.117×, a fourth, traced, at 1.097× with one of its runs at 1.117×); this bench's own 1.15× is met on both. Where the time goes (a traced batch, one line per answer from the pacer: 1.091×, 1.097× and 1.117× on 1.123.81, 1.084-1.094× on 2.41.1): the second and third windows' requests start 0.17-0.25 s and 0.20-0.28 s after the 10 s and 20 s marks, so the pacing loses about 0.1 s a window; the rest is how long n8n with the node takes to send 1,000 requests, 1.51 / 1.60 / 1.90 s in the last window on 1.123.81 (1.59 / 1.65 / 2.04 s in the first), 1.33-1.49 s on 2.41.1. The slowest run also had its first probe let in and 4 requests of that round refused (no pause). So R-P2 on 1.123.81 is bound by the node's time per item there, which R-P3 shows 1.11× the HTTP Request node's, not by the pacer; most of that is n8n 1.x's own request function, which the node must use (httpRequestWithAuthentication costs 1.4× the CPU per request of the HTTP Request node's legacy helper on 1.123.81: docs/profile-real-n8n.md).",
		],
	});
	return await onEveryLine(result, async (line) => {
		const ids = userIds(CREATES);
		const batching = { batchSize: LIMIT, batchIntervalMs: WINDOW_MS };
		const contestants = [
			{
				key: 'http',
				label: 'HTTP Request node, batching',
				workflow: itemsInto('rp2Http', ids, httpStep(emulator, '$json.userId', batching)),
			},
			{ key: 'clerk', label: 'Clerk node', workflow: itemsInto('rp2Clerk', ids, clerkStep()) },
		];
		const measured = await sideBySide(emulator, line, SETTINGS, CREATES, contestants, benchRuns());
		for (const [key, label] of [
			['http', 'HTTP Request node, batching'],
			['clerk', 'Clerk node, default settings'],
		]) {
			const runs = measured.get(key) ?? [];
			result.figures.push({
				label: `${line.label}: ${label}`,
				value: `${spreadOf(runs, (m) => m.ms, seconds)}; vs floor ${spreadOf(runs, (m) => m.ms / floor, times)}; failed items ${eachOf(runs, (m) => m.failed)}; requests ${eachOf(runs, (m) => m.requests)}, answered 429 ${eachOf(runs, (m) => m.refused)}`,
			});
		}
		const clerk = measured.get('clerk') ?? [];
		const clerkVsFloor = median(clerk.map((m) => m.ms)) / floor;
		const failed = sumOf(clerk, (m) => m.failed);
		return {
			ratio: `${line.label}: Clerk node ${times(clerkVsFloor)} the floor, ${failed} failed`,
			met: failed === 0 && clerkVsFloor <= GOAL,
		};
	});
}
