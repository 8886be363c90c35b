import type { BenchEmulator } from '../../emulator';
import { latestLine } from '../../../n8nLab/lines';
import { pct, times, unmeasured, type ScenarioResult } from '../../report';
import { median, sumOf } from '../../runs';
import { besideOther, LIMIT, otherShareRefused, type OtherLoad } from '../sharedRun';

const ITEMS = 3000;
// The user's app: 50 requests per second, evenly, for 40 s, already running for a window when the run starts.
const OTHER: OtherLoad = { perWindow: 500, forMs: 40_000, leadMs: 10_000 };
const GOAL_REFUSED = 0.03;
const GOAL_VS_IDEAL = 1.3;
const WEBHOOK_PATH = 'bench-fair-share';

/** Issue 16's fair share: a 3,000-item run beside an app that uses half of the production limit. */
export async function fairShareScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result = unmeasured({
		id: 'FAIR',
		title: `Real n8n server (${latestLine.label}), fair share: ${ITEMS} creates at ${LIMIT} per 10 s while another client sends 50 per second for 40 s`,
		goal: `0 failed, ≤ ${GOAL_REFUSED * 100} % of the other client's requests refused during the run, run ≤ ${GOAL_VS_IDEAL}× the ideal for the room left`,
		notes: [
			`Workflow: Webhook (respond immediately) receiving {"ids": [...${ITEMS}]} → Split Out → Clerk Sign-In Token (Create, default settings, continue on error), credential with a production key (sk_live_…). The other client (a user's app backend) sends creates for a user of its own, evenly spaced, from ${OTHER.leadMs / 1000} s before the delivery for ${OTHER.forMs / 1000} s in all, whatever the answers.`,
			"Ideal: the least time from the run's first request to its last token in Clerk's sliding window when every request the other client sent is accepted first (bench/realN8n/sharedRun.ts, idealLast).",
		],
	});
	return await besideOther(result, emulator, WEBHOOK_PATH, ITEMS, OTHER, (runs) => {
		const refused = median(runs.map(otherShareRefused));
		const vsIdeal = median(runs.map((r) => r.spanMs / r.idealMs));
		const failed = sumOf(runs, (r) => r.failed);
		result.ratio = `other client refused ${pct(refused)} during the run, run ${times(vsIdeal)} the ideal (medians), ${failed} failed`;
		result.met = failed === 0 && refused <= GOAL_REFUSED && vsIdeal <= GOAL_VS_IDEAL;
	});
}
