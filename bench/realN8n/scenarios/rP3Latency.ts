import { userIds, type BenchEmulator, type EmulatorSettings } from '../../emulator';
import { seconds, times, unmeasured, type ScenarioResult } from '../../report';
import { benchRuns, median, spread, spreadOf, sumOf } from '../../runs';
import { describeMeasured, sideBySide } from '../execute';
import { onEveryLine } from '../instance';
import { clerkStep, httpStep, itemsInto } from '../workflows';

const CREATES = 1000;
const SETTINGS: EmulatorSettings = { rateLimit: null, latencyMs: 40 };
const GOAL_VS_HTTP = 1.0;
const GOAL_VS_SEQUENTIAL = 8;

/** R-P3: 1,000 creates at 40 ms latency in real n8n: the Clerk node vs the HTTP Request node. */
export async function rP3Latency(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result = unmeasured({
		id: 'R-P3',
		title: `Real n8n, latency: ${CREATES} creates at ${SETTINGS.latencyMs} ms, no limit, default settings`,
		goal: `Clerk node ≤ ${GOAL_VS_HTTP.toFixed(1)}× the HTTP Request node's time and ≥ ${GOAL_VS_SEQUENTIAL}× faster than itself at concurrency 1, on every line`,
		notes: [
			"Times are the measured node's own executionTime from the run n8n printed (`n8n execute --id`), so n8n's start-up is left out; runs alternate between the nodes. The HTTP Request node (v4.2, no batching) sends the key as a literal Authorization header, so n8n reads no credential per request for it; the Clerk node uses its credential through `httpRequestWithAuthentication`. Both read one expression per item ({{ $json.userId }}).",
		],
	});
	return await onEveryLine(result, async (line) => {
		const ids = userIds(CREATES);
		const measured = await sideBySide(
			emulator,
			line,
			SETTINGS,
			CREATES,
			[
				{
					key: 'http',
					label: 'HTTP Request node',
					workflow: itemsInto('rp3Http', ids, httpStep(emulator, '$json.userId')),
				},
				{ key: 'clerk', label: 'Clerk node', workflow: itemsInto('rp3Clerk', ids, clerkStep()) },
				{
					key: 'sequential',
					label: 'Clerk node, concurrency 1',
					workflow: itemsInto('rp3ClerkC1', ids, clerkStep({ options: { concurrency: 1 } })),
					// About 45 s a run: once is enough to show the gain of concurrency.
					runs: 1,
				},
			],
			benchRuns(),
		);
		const http = measured.get('http') ?? [];
		const clerk = measured.get('clerk') ?? [];
		const sequential = measured.get('sequential') ?? [];
		const vsHttp = clerk.map((c, i) => c.ms / http[i].ms);
		const vsSequential = median(sequential.map((s) => s.ms)) / median(clerk.map((c) => c.ms));
		const failed = sumOf([...http, ...clerk, ...sequential], (m) => m.failed);
		const last = (runs: typeof http) => `; last run ${describeMeasured(runs[runs.length - 1])}`;
		result.figures.push(
			{
				label: `${line.label}: HTTP Request node`,
				value: spreadOf(http, (m) => m.ms, seconds) + last(http),
			},
			{
				label: `${line.label}: Clerk node, default settings`,
				value: spreadOf(clerk, (m) => m.ms, seconds) + last(clerk),
			},
			{
				label: `${line.label}: Clerk node, concurrency 1`,
				value: spreadOf(sequential, (m) => m.ms, seconds),
			},
			{ label: `${line.label}: Clerk / HTTP Request, per round`, value: spread(vsHttp, times) },
			{
				label: `${line.label}: Clerk default vs concurrency 1`,
				value: `${times(vsSequential)} faster (medians)`,
			},
			{ label: `${line.label}: failed items, all runs`, value: String(failed) },
		);
		return {
			ratio: `${line.label}: ${times(median(vsHttp))} HTTP Request's time, ${times(vsSequential)} faster than c=1`,
			met: failed === 0 && median(vsHttp) <= GOAL_VS_HTTP && vsSequential >= GOAL_VS_SEQUENTIAL,
		};
	});
}
