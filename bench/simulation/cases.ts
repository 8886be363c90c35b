import { floorMs } from '../floor';
import { idealLastToken, roomBetween } from '../slidingWindow';
import { jain, simulate, type SimulationResult } from './simulate';

const WINDOW_MS = 10_000;
const LATENCY_MS = 40;
const DEV = 100;
const PROD = 1000;

/** One simulated run held against its goal, as a row of the table. */
export interface CaseRow {
	label: string;
	requestsPerToken: number;
	/** The share of the run's own requests Clerk refused. */
	refusedShare: number;
	/** The run's time against its ideal (or its floor), as the case defines it. */
	vsIdeal: number;
	/** Jain's index between the pacers (1 with one pacer). */
	jain: number;
	/** The share of the other client's requests refused while the run went on. */
	otherRefusedShare?: number;
	/** A figure only this case has. */
	extra?: string;
	goal: string;
	met: boolean;
}

const base = { windowMs: WINDOW_MS, latencyMs: LATENCY_MS };

const requestsPerToken = (r: SimulationResult) => r.requests / r.tokens;
const refusedShare = (r: SimulationResult) => r.refused / r.requests;
const lastToken = (r: SimulationResult) => Math.max(...r.tokenTimes);
const firstWanted = (r: SimulationResult) => Math.min(...r.wantedAt);

/** The run from its first wanted token to its last token, against one perfectly paced client's. */
function vsPacedIdeal(r: SimulationResult, limit: number, others: number[] = []): number {
	const from = firstWanted(r);
	return (lastToken(r) - from) / (idealLastToken(r.wantedAt, others, limit, WINDOW_MS) - from);
}

/** The other client's requests sent from the run's first request to its last token. */
function otherDuringRun(r: SimulationResult) {
	const during = (r.other?.log ?? []).filter(
		(o) => o.at >= r.firstRequestAt && o.at <= lastToken(r),
	);
	return { sent: during.length, refused: during.filter((o) => o.refused).length };
}

/**
 * N pacers on one key. `arrivalsPerSecond`: the tokens are wanted at this rate into one queue
 * that every pacer takes from (queue mode); otherwise each pacer has its equal part at once.
 */
export async function nPacersRow(
	label: string,
	limit: number,
	pacers: number,
	tokens: number,
	concurrency: number,
	arrivalsPerSecond?: number,
	latency: { latencyMs: number; latencyJitterMs?: number } = base,
): Promise<CaseRow> {
	const r = await simulate({
		...base,
		...latency,
		limit,
		documented: limit,
		pacers,
		tokensPerPacer: Math.ceil(tokens / pacers),
		concurrency,
		arrivalsPerSecond,
	});
	const perToken = requestsPerToken(r);
	const vsIdeal = vsPacedIdeal(r, limit);
	return {
		label,
		requestsPerToken: perToken,
		refusedShare: refusedShare(r),
		vsIdeal,
		jain: jain(r.acceptedWhileAllBusy),
		extra: `last token ${(r.lastTokenMs / 1000).toFixed(1)} s`,
		goal: 'requests per token ≤ 1.05, last token ≤ 1.10× ideal',
		met: perToken <= 1.05 && vsIdeal <= 1.1,
	};
}

/** R-P2: 3,000 tokens at 1000 per 10 s, one process (Concurrency 100), the key alone. */
export async function rP2Row(): Promise<CaseRow> {
	const r = await simulate({
		...base,
		limit: PROD,
		documented: PROD,
		pacers: 1,
		tokensPerPacer: 3000,
		concurrency: 100,
	});
	const vsFloor = r.lastTokenMs / floorMs(r.tokens, PROD, WINDOW_MS);
	return {
		label: 'R-P2: 3,000 tokens at 1000 per 10 s, Concurrency 100, key alone (× floor)',
		requestsPerToken: requestsPerToken(r),
		refusedShare: refusedShare(r),
		vsIdeal: vsFloor,
		jain: 1,
		goal: '≤ 1.10× the floor, ≤ 1 % refused',
		met: vsFloor <= 1.1 && refusedShare(r) <= 0.01,
	};
}

/** STORM: webhook executions at 100 per s, each its own request, at the development limit. */
export async function stormRow(deliveries: number): Promise<CaseRow> {
	const r = await simulate({
		...base,
		limit: DEV,
		documented: DEV,
		pacers: 1,
		tokensPerPacer: deliveries,
		concurrency: deliveries,
		arrivalsPerSecond: 100,
	});
	const behindMs = lastToken(r) - idealLastToken(r.wantedAt, [], DEV, WINDOW_MS);
	return {
		label: `STORM: ${deliveries} executions at 100 per s, development key`,
		requestsPerToken: requestsPerToken(r),
		refusedShare: refusedShare(r),
		vsIdeal: vsPacedIdeal(r, DEV),
		jain: 1,
		extra: `last token ${(behindMs / 1000).toFixed(2)} s behind ideal`,
		goal: 'requests ≤ 1.05× tokens, last token ≤ 2 s behind ideal',
		met: requestsPerToken(r) <= 1.05 && behindMs <= 2000,
	};
}

/** A run of `tokens` at 1000 per 10 s that starts 10 s after another client of the key. */
async function besideOther(tokens: number, perSecond: number, forMs: number) {
	const r = await simulate({
		...base,
		limit: PROD,
		documented: PROD,
		pacers: 1,
		tokensPerPacer: tokens,
		concurrency: 100,
		other: { perSecond, forMs },
		startMs: 10_000,
	});
	const others = (r.other?.log ?? []).map((o) => o.at);
	const spanMs = lastToken(r) - r.firstRequestAt;
	const idealMs = idealLastToken(r.wantedAt, others, PROD, WINDOW_MS) - r.firstRequestAt;
	const during = otherDuringRun(r);
	return { r, spanMs, vsIdeal: spanMs / idealMs, otherRefused: during.refused / during.sent };
}

/** FAIR: 3,000 tokens while the user's app sends 50 per s for 40 s (from 10 s before the run). */
export async function fairRow(): Promise<CaseRow> {
	const { r, vsIdeal, otherRefused } = await besideOther(3000, 50, 40_000);
	return {
		label:
			'FAIR: 3,000 tokens at 1000 per 10 s beside an app at 50 per s (× ideal for the room left)',
		requestsPerToken: requestsPerToken(r),
		refusedShare: refusedShare(r),
		vsIdeal,
		jain: 1,
		otherRefusedShare: otherRefused,
		goal: "≤ 3 % of the app's requests refused, ≤ 1.3× the ideal",
		met: otherRefused <= 0.03 && vsIdeal <= 1.3,
	};
}

/** SHARED: 2,000 tokens while another client takes 95 % of the limit for the run's first 25 s. */
export async function sharedRow(): Promise<CaseRow> {
	const forMs = 35_000;
	const { r, spanMs, vsIdeal, otherRefused } = await besideOther(2000, 95, forMs);
	// The capacity after the other client: the room the window left the run from when the other
	// client's last requests left it (the run's own earlier tokens still hold theirs).
	const otherGoneAt = forMs + WINDOW_MS;
	const after = r.tokenTimes.filter((t) => t >= otherGoneAt).length;
	const before = r.tokenTimes.filter((t) => t < otherGoneAt);
	const share = after / roomBetween(otherGoneAt, lastToken(r), before, PROD, WINDOW_MS);
	return {
		label: 'SHARED: 2,000 tokens at 1000 per 10 s, another client at 95 % for the first 25 s',
		requestsPerToken: requestsPerToken(r),
		refusedShare: refusedShare(r),
		vsIdeal,
		jain: 1,
		otherRefusedShare: otherRefused,
		extra: `run ${(spanMs / 1000).toFixed(1)} s, ${(share * 100).toFixed(0)} % of the capacity after the other client`,
		goal: 'run ≤ 60 s, ≥ 90 % of the capacity once the other client has gone',
		met: spanMs <= 60_000 && share >= 0.9,
	};
}

/** The single-process cases of issue 16, in the simulation. */
export async function singleProcessRows(): Promise<CaseRow[]> {
	return [
		await rP2Row(),
		await stormRow(300),
		await stormRow(1000),
		await fairRow(),
		await sharedRow(),
	];
}

const pct = (share: number | undefined) =>
	share === undefined ? '–' : `${(share * 100).toFixed(1)} %`;

/** The rows as a Markdown table. */
export function table(rows: CaseRow[]): string {
	const lines = [
		'| Case | requests/token | time vs ideal | refused | Jain | other refused | | goal met |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const row of rows) {
		lines.push(
			`| ${row.label} | ${row.requestsPerToken.toFixed(3)} | ${row.vsIdeal.toFixed(3)}× | ${pct(row.refusedShare)} | ${row.jain.toFixed(3)} | ${pct(row.otherRefusedShare)} | ${row.extra ?? ''} | ${row.met ? 'yes' : 'no'} |`,
		);
	}
	return lines.join('\n');
}

/**
 * Queue mode over many timings: N = 2, 4, 6, 8 workers, round trips of 40-120, 100-300 and
 * 200-600 ms, four seeds each. One timing can land just inside or just outside a window; the
 * mean and the share of runs within the goal say more than any one run.
 */
export async function queueSpreadRow(): Promise<CaseRow> {
	const perToken: number[] = [];
	const vsIdeal: number[] = [];
	const fairness: number[] = [];
	for (const pacers of [2, 4, 6, 8]) {
		for (const latencyMs of [40, 100, 200]) {
			for (let seed = 1; seed <= 4; seed++) {
				const r = await simulate({
					...base,
					limit: DEV,
					documented: DEV,
					pacers,
					tokensPerPacer: Math.ceil(600 / pacers),
					concurrency: 10,
					arrivalsPerSecond: 100,
					latencyMs,
					latencyJitterMs: latencyMs,
					seed,
				});
				perToken.push(requestsPerToken(r));
				vsIdeal.push(vsPacedIdeal(r, DEV));
				fairness.push(jain(r.acceptedWhileAllBusy));
			}
		}
	}
	const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
	const within = vsIdeal.filter((v) => v <= 1.1).length;
	return {
		label: `queue mode, 600 deliveries at 100 per s, N = 2, 4, 6, 8 workers × round trips 40-120, 100-300, 200-600 ms × 4 seeds (${vsIdeal.length} runs, means)`,
		requestsPerToken: mean(perToken),
		refusedShare: mean(perToken.map((p) => 1 - 1 / p)),
		vsIdeal: mean(vsIdeal),
		jain: mean(fairness),
		extra: `worst ${Math.max(...perToken).toFixed(3)} requests per token and ${Math.max(...vsIdeal).toFixed(3)}× ideal; ${within} of ${vsIdeal.length} runs within 1.10× ideal`,
		goal: 'requests per token ≤ 1.05, last token ≤ 1.10× ideal, in every run',
		met: Math.max(...perToken) <= 1.05 && within === vsIdeal.length,
	};
}

const COUNTS = [1, 2, 4, 8, 16, 32];

/** N pacers on one key: each with its part at once, and n8n's queue mode with deliveries over 6 s. */
export async function nPacersRows(): Promise<CaseRow[]> {
	const rows: CaseRow[] = [];
	for (const n of [1, 2, 4, 6, 8, 16, 32]) {
		rows.push(
			await nPacersRow(
				`queue mode: development key, 600 deliveries at 100 per s, N = ${n} workers × Concurrency 10`,
				DEV,
				n,
				600,
				10,
				100,
			),
		);
	}
	rows.push(await queueSpreadRow());
	// A busy machine: each half of a round trip up to as long again, at random.
	for (const latencyMs of [100, 200]) {
		rows.push(
			await nPacersRow(
				`queue mode as above, N = 6, round trips ${latencyMs}-${3 * latencyMs} ms`,
				DEV,
				6,
				600,
				10,
				100,
				{ latencyMs, latencyJitterMs: latencyMs },
			),
		);
	}
	for (const [name, key, tokens, concurrency] of [
		['development', DEV, 600, 10],
		['production', PROD, 6000, 100],
	] as const) {
		for (const n of COUNTS) {
			rows.push(
				await nPacersRow(
					`${name} key, ${tokens} tokens at once, N = ${n} × Concurrency ${concurrency}`,
					key,
					n,
					tokens,
					concurrency,
				),
			);
		}
	}
	return rows;
}
