import type { BenchEmulator } from '../emulator';
import { runHelperOnly } from '../helperOnlyRun';
import { rawAxiosLoop } from '../rawAxios';
import type { ScenarioResult } from '../result';
import { times } from '../result';
import { runNode } from '../runNode';
import { idItems, userIds } from '../seedItems';

const CREATES = 2000;
const ROUNDS = 2;
const GOAL = 1.15;

interface Timings {
	axios: number[];
	helperOnly: number[];
	node: number[];
	failed: number;
}

const perRequest = (ms: number): string => `${((ms / CREATES) * 1000).toFixed(0)} µs/request`;
const best = (values: number[]): number => Math.min(...values);

/**
 * The three runs alternate, round after round, so load from elsewhere on the machine falls on all
 * of them alike; the best round of each is compared.
 */
async function measure(emulator: BenchEmulator, latencyMs: number): Promise<Timings> {
	const timings: Timings = { axios: [], helperOnly: [], node: [], failed: 0 };
	const ids = userIds(CREATES);
	for (let round = 0; round < ROUNDS; round++) {
		await emulator.configure({ rateLimit: null, latencyMs });
		const axios = await rawAxiosLoop(emulator, ids);
		await emulator.configure({ rateLimit: null, latencyMs });
		const helperOnly = await runHelperOnly(emulator, ids, 1);
		await emulator.configure({ rateLimit: null, latencyMs });
		const node = await runNode(emulator, { items: idItems(CREATES), userBy: 'id', concurrency: 1 });
		timings.axios.push(axios.wallMs);
		timings.helperOnly.push(helperOnly.wallMs);
		timings.node.push(node.wallMs);
		timings.failed += axios.failed + helperOnly.failed + node.failed;
	}
	return timings;
}

function figures(latencyMs: number, t: Timings) {
	const rounds = (values: number[]) => values.map((v) => (v / 1000).toFixed(2)).join(' / ') + ' s';
	return [
		{
			label: `${latencyMs} ms: raw axios loop`,
			value: `${rounds(t.axios)} (best ${perRequest(best(t.axios))})`,
		},
		{
			label: `${latencyMs} ms: n8n helper only (engine + expression + httpRequestWithAuthentication)`,
			value: `${rounds(t.helperOnly)} (best ${perRequest(best(t.helperOnly))})`,
		},
		{
			label: `${latencyMs} ms: Clerk node, concurrency 1`,
			value: `${rounds(t.node)} (best ${perRequest(best(t.node))})`,
		},
		{
			label: `${latencyMs} ms: ratios node/axios · n8n share (helper/axios) · ours (node/helper)`,
			value: `${times(best(t.node) / best(t.axios))} · ${times(best(t.helperOnly) / best(t.axios))} · ${times(best(t.node) / best(t.helperOnly))}`,
		},
	];
}

export async function p1Overhead(emulator: BenchEmulator): Promise<ScenarioResult> {
	const at0 = await measure(emulator, 0);
	const at5 = await measure(emulator, 5);
	const ratio = best(at5.node) / best(at5.axios);
	const ours = best(at5.node) / best(at5.helperOnly);
	const failed = at0.failed + at5.failed;
	return {
		id: 'P1',
		title: `Overhead: ${CREATES} creates, concurrency 1, no limit, vs a raw axios loop`,
		figures: [
			...figures(5, at5),
			...figures(0, at0),
			{ label: 'failed requests (all runs)', value: String(failed) },
		],
		ratio: `${times(ratio)} at 5 ms (node/axios); ours alone ${times(ours)} (node/helper only)`,
		goal: `node/axios ≤ ${GOAL} at 5 ms`,
		met: failed === 0 && ratio <= GOAL,
		notes: [
			`${ROUNDS} rounds, runs alternating; best round of each compared.`,
			"\"n8n helper only\" is a bench node that reads the same per-item expression and calls n8n's httpRequestWithAuthentication, nothing else: the part of the time that is n8n's (its engine, expression evaluation, and a new HTTP agent and TCP connection per request), which no node that uses n8n's request helper can avoid. The raw axios loop reuses one keep-alive connection.",
		],
	};
}
