import { benchUserId } from '../../bench-users';
import type { BenchEmulator, EmulatorSettings } from '../../emulator';
import type { ScenarioResult } from '../../result';
import { seconds, times } from '../../result';
import { userIds } from '../../seed-items';
import { readTraffic, settle } from '../clerk-traffic';
import { deliver } from '../deliveries';
import { BENCH_N8N_LINE } from '../instance';
import { startOtherClient } from '../other-client';
import { serverForScenario } from '../server';
import { benchRuns, median, spread } from '../spread';
import { clerkStep, splitDeliveredIds, webhookWorkflow } from '../workflows';

const ITEMS = 2000;
const LIMIT = 1000;
const WINDOW_MS = 10_000;
const OTHER_PER_WINDOW = 300;
const SETTINGS: EmulatorSettings = {
	rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
	latencyMs: 0,
};
const QUIET_MS = 60_000;
// What the other client leaves per window when it gets all it asks for.
const CAPACITY_LEFT = LIMIT - OTHER_PER_WINDOW;
const GOAL_SHARE = 0.9;
// A user of the bench emulator that no item of the run names: its tokens are the other client's.
const OTHER_USER = benchUserId(1099);
const WEBHOOK_PATH = 'bench-shared-key';

interface SharedRun {
	failed: number;
	nodeRequests: number;
	nodeRefused: number;
	otherSent: number;
	otherAccepted: number;
	otherRefused: number;
	/** The node's first request at Clerk → its last token. */
	spanMs: number;
	/** The other client's accepted requests between the run's first request and its last token. */
	otherAcceptedInSpan: number;
	/** What the same items take at best with the capacity the other client leaves. */
	idealMs: number;
}

async function run(emulator: BenchEmulator, url: string): Promise<SharedRun> {
	await emulator.configure(SETTINGS, true);
	const other = startOtherClient(
		emulator.apiUrl,
		emulator.secretKey,
		OTHER_USER,
		OTHER_PER_WINDOW,
		WINDOW_MS,
	);
	try {
		await deliver(url, [{ ids: userIds(ITEMS) }], 1);
		// The node's tokens are all 200s but the other client's, which it counts itself.
		await settle(emulator, (c) => (c.byStatus[200] ?? 0) - other.counts.accepted, ITEMS, QUIET_MS);
	} finally {
		await other.stop();
	}
	const otherCounts = other.counts;
	const traffic = await readTraffic(emulator);
	const nodeUsers = [...traffic.byUser].filter(([user]) => user !== OTHER_USER);
	const nodeTokens = nodeUsers.flatMap(([, t]) => t.tokens);
	const first = Math.min(...nodeUsers.map(([, t]) => t.firstArrival));
	const last = Math.max(...nodeTokens);
	const spanMs = last - first;
	const otherInSpan = (traffic.byUser.get(OTHER_USER)?.tokens ?? []).filter(
		(at) => at >= first && at <= last,
	).length;
	return {
		failed: ITEMS - nodeTokens.length,
		nodeRequests: nodeUsers.reduce((sum, [, t]) => sum + t.requests, 0),
		nodeRefused: traffic.refused - otherCounts.refused,
		otherSent: otherCounts.sent,
		otherAccepted: otherCounts.accepted,
		otherRefused: otherCounts.refused,
		spanMs,
		otherAcceptedInSpan: otherInSpan,
		idealMs: Math.max(0, (ITEMS / CAPACITY_LEFT - 1) * WINDOW_MS),
	};
}

/** Issue 9's shared key: a 2,000-item run while another client uses 300 of the 1,000 requests per 10 s. */
export async function sharedKeyScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const line = BENCH_N8N_LINE;
	const result: ScenarioResult = {
		id: 'SHARED',
		title: `Real n8n server (${line.label}), shared key: ${ITEMS} creates at ${LIMIT} per 10 s while another client sends ${OTHER_PER_WINDOW} per 10 s`,
		figures: [],
		ratio: '',
		goal: `0 failed items, the run gets ≥ ${GOAL_SHARE * 100} % of the capacity left to it`,
		met: undefined,
		notes: [
			`Workflow: Webhook (POST, respond immediately) receiving {"ids": [...${ITEMS}]} → Split Out → Clerk Sign-In Token (Create, user By ID {{ $json.userId }}, default settings, continue on error so failed items are counted). The other client starts with the delivery and sends creates for a user of its own evenly (one every ${(WINDOW_MS / OTHER_PER_WINDOW).toFixed(1)} ms) on the same key until the run ends, whatever the answers.`,
			`Share of the capacity left: the other client leaves ${CAPACITY_LEFT} requests per 10 s; with that, the run takes at best (${ITEMS} / ${CAPACITY_LEFT} − 1) × 10 s from its first request to its last token, as the floor does for a run alone. Share = that ideal / the actual span. The other client's own answers are shown too: where it was refused, the run took part of its share (above 100 % is possible, and is not fair to the other system).`,
		],
	};
	const server = await serverForScenario(
		result,
		emulator,
		line,
		[webhookWorkflow('sharedKey', WEBHOOK_PATH, [splitDeliveredIds, clerkStep()])],
		[WEBHOOK_PATH],
	);
	if (!server) return result;
	const runs: SharedRun[] = [];
	try {
		for (let round = 0; round < benchRuns(); round++) {
			const r = await run(emulator, server.webhookUrl(WEBHOOK_PATH));
			console.log(
				`  [shared key, run ${round + 1}] failed ${r.failed}, span ${seconds(r.spanMs)}, ideal ${seconds(r.idealMs)}, node 429s ${r.nodeRefused}, other accepted ${r.otherAccepted}/${r.otherSent}`,
			);
			runs.push(r);
		}
	} finally {
		await server.stop();
	}
	const shares = runs.map((r) => r.idealMs / r.spanMs);
	const all = (pick: (r: SharedRun) => number) => runs.map(pick).join(' / ');
	result.figures.push(
		{ label: 'failed items', value: all((r) => r.failed) },
		{
			label: "the run's first request → last token",
			value: spread(
				runs.map((r) => r.spanMs),
				seconds,
			),
		},
		{
			label: 'ideal with the capacity left',
			value: spread(
				runs.map((r) => r.idealMs),
				seconds,
			),
		},
		{ label: 'share of the capacity left', value: spread(shares, times) },
		{
			label: "the run's requests · answered 429",
			value: `${all((r) => r.nodeRequests)} · ${all((r) => r.nodeRefused)}`,
		},
		{
			label: "other client: sent · accepted · answered 429 · accepted during the run's span",
			value: `${all((r) => r.otherSent)} · ${all((r) => r.otherAccepted)} · ${all((r) => r.otherRefused)} · ${all((r) => r.otherAcceptedInSpan)}`,
		},
	);
	const share = median(shares);
	const failed = runs.reduce((sum, r) => sum + r.failed, 0);
	result.ratio = `${(share * 100).toFixed(0)} % of the capacity left (median), ${failed} failed items`;
	result.met = failed === 0 && share >= GOAL_SHARE;
	return result;
}
