import type { BenchEmulator } from '../../emulator';
import { latestLine } from '../../../n8nLab/lines';
import { pct, seconds, unmeasured, type ScenarioResult } from '../../report';
import { median, spreadOf, sumOf } from '../../runs';
import { besideOther, LIMIT, WINDOW_MS, type OtherLoad } from '../sharedRun';

const ITEMS = 2000;
// Another client at 95 % of the limit, already running for a window when the delivery comes, for
// 25 s of the run, then gone.
const OTHER: OtherLoad = { perWindow: 950, forMs: 35_000, leadMs: 10_000 };
const GOAL_SPAN_MS = 60_000;
const GOAL_SHARE = 0.9;
const WEBHOOK_PATH = 'bench-shared-key';

/** Issue 16's shared key: a 2,000-item run while another client takes 95 % of the limit for 25 s. */
export async function sharedKeyScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const full = LIMIT / (WINDOW_MS / 1000);
	const result = unmeasured({
		id: 'SHARED',
		title: `Real n8n server (${latestLine.label}), shared key: ${ITEMS} creates at ${LIMIT} per 10 s while another client takes 95 % of the limit for the run's first 25 s`,
		goal: `0 failed, the run ≤ ${GOAL_SPAN_MS / 1000} s, and ≥ ${GOAL_SHARE * 100} % of the capacity (${full} per s) once the other client's requests have left the window`,
		notes: [
			`Workflow: Webhook (respond immediately) receiving {"ids": [...${ITEMS}]} → Split Out → Clerk Sign-In Token (Create, default settings, continue on error), credential with a production key. The other client sends ${OTHER.perWindow} per 10 s, evenly, from ${OTHER.leadMs / 1000} s before the delivery for ${OTHER.forMs / 1000} s in all (25 s of the run). Capacity used after it: the run's tokens per second from one window after its last request to the run's last token.`,
		],
	});
	return await besideOther(result, emulator, WEBHOOK_PATH, ITEMS, OTHER, (runs) => {
		result.figures.push({
			label: 'tokens per second once the other client has left the window (of 100)',
			value: spreadOf(
				runs,
				(r) => r.rateAfterOtherMs,
				(v) => v.toFixed(1),
			),
		});
		const span = median(runs.map((r) => r.spanMs));
		const share = median(runs.map((r) => r.rateAfterOtherMs)) / full;
		const failed = sumOf(runs, (r) => r.failed);
		result.ratio = `run ${seconds(span)}, ${pct(share)} of the capacity after the other client (medians), ${failed} failed`;
		result.met = failed === 0 && span <= GOAL_SPAN_MS && share >= GOAL_SHARE;
	});
}
