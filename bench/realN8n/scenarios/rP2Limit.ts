import type { BenchEmulator, EmulatorSettings } from '../../emulator';
import { floorMs } from '../../floor';
import type { ScenarioResult } from '../../result';
import { seconds, times } from '../../result';
import { userIds } from '../../seedItems';
import { installedBenchLines } from '../instance';
import { sideBySide } from '../sideBySide';
import { benchRuns, median, spread } from '../spread';
import { clerkNodeWorkflow, httpRequestWorkflow } from '../workflows';

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
	const result: ScenarioResult = {
		id: 'R-P2',
		title: `Real n8n, at the limit: ${CREATES} creates at ${LIMIT} per 10 s, default settings`,
		figures: [],
		floor: `${seconds(floor)} = (⌈${CREATES}/${LIMIT}⌉ − 1) × 10 s`,
		ratio: '',
		goal: `0 failed, Clerk node ≤ ${GOAL}× the floor, on every line`,
		met: undefined,
		notes: [
			'Times are the measured node\'s own executionTime (`n8n execute --id`). The HTTP Request node uses Batching (1000 items per batch, 10 000 ms interval), as n8n\'s docs suggest for rate limits, and "On Error: Continue" so refused items are counted, not fatal.',
		],
	};
	const ratios: string[] = [];
	const installed = installedBenchLines(result.notes);
	let met = installed.complete;
	for (const line of installed.lines) {
		const ids = userIds(CREATES);
		const measured = await sideBySide(
			emulator,
			line,
			SETTINGS,
			CREATES,
			[
				{
					key: 'http',
					label: 'HTTP Request node, batching',
					workflow: httpRequestWorkflow('rp2Http', emulator, ids, {
						batchSize: LIMIT,
						batchIntervalMs: WINDOW_MS,
					}),
				},
				{ key: 'clerk', label: 'Clerk node', workflow: clerkNodeWorkflow('rp2Clerk', ids) },
			],
			benchRuns(),
		);
		for (const [key, label] of [
			['http', 'HTTP Request node, batching'],
			['clerk', 'Clerk node, default settings'],
		] as const) {
			const runs = measured.get(key) ?? [];
			result.figures.push({
				label: `${line.label}: ${label}`,
				value: `${spread(
					runs.map((m) => m.ms),
					seconds,
				)}; vs floor ${spread(
					runs.map((m) => m.ms / floor),
					times,
				)}; failed items ${runs.map((m) => m.failed).join(' / ')}; requests ${runs.map((m) => m.requests).join(' / ')}, answered 429 ${runs.map((m) => m.refused).join(' / ')}`,
			});
		}
		const clerk = measured.get('clerk') ?? [];
		const clerkVsFloor = median(clerk.map((m) => m.ms)) / floor;
		const failed = clerk.reduce((sum, m) => sum + m.failed, 0);
		ratios.push(`${line.label}: Clerk node ${times(clerkVsFloor)} the floor, ${failed} failed`);
		met &&= failed === 0 && clerkVsFloor <= GOAL;
	}
	result.ratio = ratios.join('; ') || 'not measured';
	result.met = ratios.length > 0 ? met : undefined;
	return result;
}
