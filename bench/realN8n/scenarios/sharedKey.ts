import type { BenchEmulator } from '../../emulator';
import type { ScenarioResult } from '../../result';
import { seconds } from '../../result';
import { BENCH_N8N_LINE } from '../instance';
import {
	LIMIT,
	pct,
	measureBesideOther,
	sharedFigures,
	WINDOW_MS,
	type OtherLoad,
} from '../sharedRun';
import { median, spread } from '../spread';

const ITEMS = 2000;
// Another client at 95 % of the limit, already running for a window when the delivery comes, for
// 25 s of the run, then gone.
const OTHER: OtherLoad = { perWindow: 950, forMs: 35_000, leadMs: 10_000 };
const GOAL_SPAN_MS = 60_000;
const GOAL_SHARE = 0.9;
const WEBHOOK_PATH = 'bench-shared-key';

/** Issue 16's shared key: a 2,000-item run while another client takes 95 % of the limit for 25 s. */
export async function sharedKeyScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const line = BENCH_N8N_LINE;
	const full = LIMIT / (WINDOW_MS / 1000);
	const result: ScenarioResult = {
		id: 'SHARED',
		title: `Real n8n server (${line.label}), shared key: ${ITEMS} creates at ${LIMIT} per 10 s while another client takes 95 % of the limit for the run's first 25 s`,
		figures: [],
		ratio: '',
		goal: `0 failed, the run ≤ ${GOAL_SPAN_MS / 1000} s, and ≥ ${GOAL_SHARE * 100} % of the capacity (${full} per s) once the other client's requests have left the window`,
		met: undefined,
		notes: [
			`Workflow: Webhook (respond immediately) receiving {"ids": [...${ITEMS}]} → Split Out → Clerk Sign-In Token (Create, default settings, continue on error), credential with a production key. The other client sends ${OTHER.perWindow} per 10 s, evenly, from ${OTHER.leadMs / 1000} s before the delivery for ${OTHER.forMs / 1000} s in all (25 s of the run). Capacity used after it: the run's tokens per second from one window after its last request to the run's last token.`,
		],
	};
	const runs = await measureBesideOther(result, emulator, WEBHOOK_PATH, ITEMS, OTHER);
	if (!runs) return result;
	result.figures.push(...sharedFigures(runs), {
		label: 'tokens per second once the other client has left the window (of 100)',
		value: spread(
			runs.map((r) => r.rateAfterOtherMs),
			(v) => v.toFixed(1),
		),
	});
	const span = median(runs.map((r) => r.spanMs));
	const share = median(runs.map((r) => r.rateAfterOtherMs)) / full;
	const failed = runs.reduce((sum, r) => sum + r.failed, 0);
	result.ratio = `run ${seconds(span)}, ${pct(share)} of the capacity after the other client (medians), ${failed} failed`;
	result.met = failed === 0 && span <= GOAL_SPAN_MS && share >= GOAL_SHARE;
	return result;
}
