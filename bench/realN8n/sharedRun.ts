import { firePlain } from '../../n8nLab/deliveries';
import { splitOut } from '../../n8nLab/workflows';
import { benchUserId, setUp, userIds, type BenchEmulator } from '../emulator';
import { pct, seconds, times, type Figure, type ScenarioResult } from '../report';
import { benchRuns, eachOf, spreadOf } from '../runs';
import { readTraffic, settle } from './clerkTraffic';
import { withServer } from './instance';
import { startOtherClient } from './otherClient';
import { clerkStep, webhookInto } from './workflows';

export const LIMIT = 1000;
export const WINDOW_MS = 10_000;
// A user of the bench emulator that no item of a run names: its tokens are the other client's.
const OTHER_USER = benchUserId(1099);
const QUIET_MS = 60_000;

/** The key's other client: evenly spaced requests, starting `leadMs` before the delivery. */
export interface OtherLoad {
	perWindow: number;
	forMs: number;
	leadMs: number;
}

export interface SharedRun {
	failed: number;
	nodeRequests: number;
	nodeRefused: number;
	/** The node's first request at Clerk → its last token. */
	spanMs: number;
	/** The least span for the same items in the room the other client leaves when it gets all it asks. */
	idealMs: number;
	otherSent: number;
	otherRefused: number;
	/** The other client's requests sent between the node's first request and its last token. */
	otherSentInSpan: number;
	otherRefusedInSpan: number;
	/** Node tokens per second from one window after the other client stopped to the last token (NaN when too short). */
	rateAfterOtherMs: number;
}

/**
 * When the last of `count` requests, the first at `from`, could at best be accepted in a sliding
 * window that `others` (request times) fill first.
 */
function idealLast(from: number, count: number, others: number[]): number {
	const times = [...others].sort((a, b) => a - b);
	const mine: number[] = [];
	const inWindow = (t: number): number[] => [
		...times.filter((o) => o > t - WINDOW_MS && o <= t),
		...mine.filter((m) => m > t - WINDOW_MS),
	];
	let t = from;
	for (let k = 0; k < count; k++) {
		for (;;) {
			const busy = inWindow(t);
			if (busy.length < LIMIT) break;
			busy.sort((a, b) => a - b);
			t = busy[busy.length - LIMIT] + WINDOW_MS + 0.001;
		}
		mine.push(t);
	}
	return t;
}

/** Delivers `items` to the workflow at `url` while the other client uses the same key. */
async function runBesideOther(
	emulator: BenchEmulator,
	url: string,
	ids: string[],
	load: OtherLoad,
): Promise<SharedRun> {
	await setUp(emulator, { rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, latencyMs: 0 }, true);
	const other = startOtherClient(
		emulator.apiUrl,
		emulator.secretKey,
		OTHER_USER,
		load.perWindow,
		WINDOW_MS,
		load.forMs,
	);
	const otherStart = Date.now();
	try {
		await new Promise((resolve) => setTimeout(resolve, load.leadMs));
		await firePlain(url, [{ ids }], 1);
		await settle(
			emulator,
			(c) => (c.byStatus[200] ?? 0) - other.counts.accepted,
			ids.length,
			QUIET_MS,
		);
	} finally {
		await other.stop();
	}
	const traffic = await readTraffic(emulator);
	const nodeUsers = [...traffic.byUser].filter(([user]) => user !== OTHER_USER);
	const nodeTokens = nodeUsers.flatMap(([, t]) => t.tokens).sort((a, b) => a - b);
	const first = Math.min(...nodeUsers.map(([, t]) => t.firstArrival));
	const last = nodeTokens[nodeTokens.length - 1] ?? Number.NaN;
	const inSpan = other.log.filter((r) => r.at >= first && r.at <= last);
	const otherEnd = otherStart + load.forMs + WINDOW_MS;
	const after = nodeTokens.filter((t) => t >= otherEnd);
	return {
		failed: ids.length - nodeTokens.length,
		nodeRequests: nodeUsers.reduce((sum, [, t]) => sum + t.requests, 0),
		nodeRefused: traffic.refused - other.counts.refused,
		spanMs: last - first,
		idealMs:
			idealLast(
				first,
				ids.length,
				other.log.map((r) => r.at),
			) - first,
		otherSent: other.counts.sent,
		otherRefused: other.counts.refused,
		otherSentInSpan: inSpan.length,
		otherRefusedInSpan: inSpan.filter((r) => r.status === 429).length,
		rateAfterOtherMs:
			last - otherEnd > 2000 ? after.length / ((last - otherEnd) / 1000) : Number.NaN,
	};
}

/** The figures both shared-key scenarios print, each as the spread over the runs. */
export function sharedFigures(runs: SharedRun[]): Figure[] {
	const each = (pick: (r: SharedRun) => number) => eachOf(runs, pick);
	return [
		{ label: 'failed items', value: each((r) => r.failed) },
		{
			label: "the run's first request → last token · ideal with the room left · ratio",
			value: [
				spreadOf(runs, (r) => r.spanMs, seconds),
				spreadOf(runs, (r) => r.idealMs, seconds),
				spreadOf(runs, (r) => r.spanMs / r.idealMs, times),
			].join(' · '),
		},
		{
			label: "the run's requests · answered 429",
			value: `${each((r) => r.nodeRequests)} · ${each((r) => r.nodeRefused)}`,
		},
		{
			label: 'other client: sent · refused; during the run: sent · refused · share refused',
			value: `${each((r) => r.otherSent)} · ${each((r) => r.otherRefused)}; ${each((r) => r.otherSentInSpan)} · ${each((r) => r.otherRefusedInSpan)} · ${eachOf(runs, (r) => pct(otherShareRefused(r)))}`,
		},
	];
}

export const otherShareRefused = (r: SharedRun): number =>
	r.otherSentInSpan === 0 ? 0 : r.otherRefusedInSpan / r.otherSentInSpan;

/**
 * A webhook workflow (Split Out → Clerk node, default settings) on the bench's n8n server, and
 * `benchRuns()` deliveries of `items` beside the other client; `summarise` then fills the result
 * (it is not called when n8n is not installed).
 */
export async function besideOther(
	result: ScenarioResult,
	emulator: BenchEmulator,
	webhookPath: string,
	items: number,
	load: OtherLoad,
	summarise: (runs: SharedRun[]) => void,
): Promise<ScenarioResult> {
	const id = webhookPath.replace(/-(.)/g, (_, c: string) => c.toUpperCase());
	const workflow = webhookInto(id, webhookPath, [splitOut('body.ids', 'userId'), clerkStep()]);
	return await withServer(result, emulator, [workflow], async (server) => {
		const runs: SharedRun[] = [];
		for (let round = 0; round < benchRuns(); round++) {
			const r = await runBesideOther(emulator, server.webhookUrl(workflow), userIds(items), load);
			console.log(
				`  [${result.id}, run ${round + 1}] failed ${r.failed}, span ${seconds(r.spanMs)} vs ideal ${seconds(r.idealMs)}, other refused ${r.otherRefusedInSpan}/${r.otherSentInSpan} during the run, ${r.rateAfterOtherMs.toFixed(1)} per s after it`,
			);
			runs.push(r);
		}
		result.figures.push(...sharedFigures(runs));
		summarise(runs);
	});
}
