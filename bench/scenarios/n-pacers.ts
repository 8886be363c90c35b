import type { ScenarioResult } from '../result';
import { times } from '../result';
import { nPacersRows, singleProcessRows, type CaseRow } from '../simulation/cases';

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

function figure(row: CaseRow) {
	const other =
		row.otherRefusedShare === undefined
			? ''
			: `; other client refused ${pct(row.otherRefusedShare)} during the run`;
	return {
		label: row.label,
		value: `requests per token ${row.requestsPerToken.toFixed(3)} (${pct(row.refusedShare)} refused); ${times(row.vsIdeal)} ideal; Jain ${row.jain.toFixed(3)}${other}${row.extra ? `; ${row.extra}` : ''}; goal (${row.goal}) ${row.met ? 'met' : 'NOT met'}`,
	};
}

/**
 * N pacers (processes that share no memory) on one key, in virtual time: the node's own Pacer
 * against the emulator's sliding-window limiter, beside issue 16's single-process cases as a
 * check that sharing across processes costs the single process nothing. Deterministic, so one
 * run per figure.
 */
export async function nPacers(): Promise<ScenarioResult> {
	const shared = await nPacersRows();
	const single = await singleProcessRows();
	const held = shared.filter((row) => row.met).map((row) => row.label);
	const sixWorkers = shared.find((row) => row.label.includes('N = 6 workers'));
	return {
		id: 'N-PACERS',
		title: 'Simulation: N independent pacers on one key (virtual time, the node’s Pacer code)',
		figures: [...shared.map(figure), ...single.map(figure)],
		ratio: `queue mode, six workers: ${sixWorkers ? `${sixWorkers.requestsPerToken.toFixed(3)} requests per token, ${times(sixWorkers.vsIdeal)} ideal` : 'not run'}; N-pacer goals held in ${held.length} of ${shared.length} cases; single-process goals held in ${single.filter((row) => row.met).length} of ${single.length}`,
		goal: 'requests per token ≤ 1.05, last token ≤ 1.10× ideal, Jain’s index near 1; the single-process cases keep their goals',
		met: shared.every((row) => row.met) && single.every((row) => row.met),
		notes: [
			'`npx ts-node --transpile-only bench/simulation/table.ts` prints the same cases as one table. Clerk answers after 40 ms and counts a request halfway (emulator/rate-limiter.ts). Queue mode: 600 deliveries wanted at 100 per s into one queue; each worker process (a pacer with Concurrency 10) waits for one job at a time, as a Bull worker does, so the workers take turns. "At once": each pacer has its equal part of the tokens at time 0. Ideal: one perfectly paced client given when each token was wanted (and, beside another client, the room that client leaves when it gets all it asks). Jain’s index over the tokens each pacer made until the first one had no more work (1 = equal shares, 1/N = one took all). R-P2 is held against its floor, (⌈3000/1000⌉ − 1) × 10 s.',
		],
	};
}
