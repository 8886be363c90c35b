import { firePlain, type Fired } from '../../../n8nLab/deliveries';
import { latestLine } from '../../../n8nLab/lines';
import type { RunningServer } from '../../../n8nLab/n8nInstance';
import type { Workflow } from '../../../n8nLab/workflows';
import { benchUserId, setUp, type BenchEmulator, type EmulatorSettings } from '../../emulator';
import { seconds, times, unmeasured, type Figure, type ScenarioResult } from '../../report';
import { benchRuns, eachOf, median, spreadOf, sumOf } from '../../runs';
import { readTraffic, settle, stormTokens, type StormTokens } from '../clerkTraffic';
import { withServer } from '../instance';
import {
	benchCredential,
	benchDevCredential,
	clerkStep,
	httpStep,
	webhookInto,
} from '../workflows';

/**
 * The storms' shape and goals, shared with the Clerk Trigger storm (triggerStorm.ts).
 * BENCH_STORM_SIZES=300 runs the smaller storm only (a 1,000-delivery storm takes minutes).
 */
export const STORM_SIZES = (process.env.BENCH_STORM_SIZES ?? '300,1000')
	.split(',')
	.map(Number)
	.filter((size) => Number.isInteger(size) && size > 0);
export const PER_SECOND = 100;
export const DEV_LIMIT = { limit: 100, windowMs: 10_000 };
export const QUIET_MS = 30_000;
export const GOAL_REQUESTS_PER_TOKEN = 1.05;
export const GOAL_LAST_TOKEN_MS = 2000;

interface Variant {
	key: string;
	label: string;
	workflow: Workflow;
	settings: EmulatorSettings;
}

/** Create for the delivered {"userId"}, with no "continue on error": a failing item fails its execution. */
const clerkFor = (credential: typeof benchCredential) =>
	clerkStep({ user: '={{ $json.body.userId }}', continueOnError: false, credential });

const variantsFor = (emulator: BenchEmulator): Variant[] => [
	{
		key: 'clerk-dev',
		label: "Webhook → Clerk node, Clerk's development limit (100 per 10 s), development key",
		workflow: webhookInto('stormClerkDev', 'bench-storm-clerk-dev', [clerkFor(benchDevCredential)]),
		settings: { rateLimit: DEV_LIMIT, latencyMs: 0 },
	},
	{
		key: 'clerk-free',
		label: 'Webhook → Clerk node, no limit (the node in the server, unhindered)',
		workflow: webhookInto('stormClerk', 'bench-storm-clerk', [clerkFor(benchCredential)]),
		settings: { rateLimit: null, latencyMs: 0 },
	},
	{
		key: 'http-free',
		label: "Webhook → HTTP Request node, no limit (n8n's own speed)",
		workflow: webhookInto('stormHttp', 'bench-storm-http', [
			httpStep(emulator, '$json.body.userId'),
		]),
		settings: { rateLimit: null, latencyMs: 0 },
	},
];

interface StormRun extends StormTokens {
	deliveries: number;
	answered: number;
	/** Executions reaching Clerk per second: deliveries over first-to-last first arrival. */
	reachPerSecond: number;
	/** Delivery sent → its execution's first request at Clerk, median and 95th percentile. */
	lagMedianMs: number;
	lagP95Ms: number;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summarise(users: string[], delivered: Fired, made: StormTokens): StormRun {
	const firsts: number[] = [];
	const lags: number[] = [];
	made.firstArrivals.forEach((arrival, i) => {
		if (arrival === undefined) return;
		firsts.push(arrival);
		lags.push(arrival - delivered.sentAt[i]);
	});
	const spanMs = Math.max(...firsts) - Math.min(...firsts);
	return {
		...made,
		deliveries: users.length,
		answered: delivered.statuses.filter((s) => s === 200).length,
		reachPerSecond: spanMs > 0 ? (firsts.length * 1000) / spanMs : Number.NaN,
		lagMedianMs: median(lags),
		lagP95Ms: percentile(lags, 95),
	};
}

async function storm(
	emulator: BenchEmulator,
	server: RunningServer,
	variant: Variant,
	size: number,
): Promise<StormRun> {
	await setUp(emulator, variant.settings, true);
	const users = Array.from({ length: size }, (_, i) => benchUserId(i));
	const delivered = await firePlain(
		server.webhookUrl(variant.workflow),
		users.map((userId) => ({ userId })),
		PER_SECOND,
	);
	await settle(emulator, (c) => c.byStatus[200] ?? 0, size, QUIET_MS);
	const traffic = await readTraffic(emulator);
	const made = stormTokens(users, traffic, delivered.sentAt[0], variant.settings.rateLimit);
	return summarise(users, delivered, made);
}

function figuresFor(variant: Variant, size: number, runs: StormRun[]): Figure[] {
	const each = (pick: (r: StormRun) => number | string) => eachOf(runs, pick);
	const label = `${size} deliveries, ${variant.label}`;
	const figures: Figure[] = [
		{
			label: `${label}: answered by the webhook · failed executions · duplicated tokens`,
			value: `${each((r) => r.answered)} · ${each((r) => r.missing)} · ${each((r) => r.duplicated)}`,
		},
		{
			label: `${label}: tokens per delivery · requests per token · answered 429`,
			value: `${each((r) => (r.tokens / r.deliveries).toFixed(3))} · ${each((r) => times(r.requests / Math.max(1, r.tokens)))} · ${each((r) => r.refused)}`,
		},
		{
			label: `${label}: first delivery → last token · last token behind ideal pacing`,
			value: `${spreadOf(runs, (r) => r.lastTokenMs, seconds)} · ${spreadOf(runs, (r) => r.behindIdealMs, seconds)}`,
		},
	];
	if (!variant.settings.rateLimit) {
		figures.push({
			label: `${label}: executions reaching Clerk per second · delivery → first request (median, p95)`,
			value: `${spreadOf(
				runs,
				(r) => r.reachPerSecond,
				(v) => v.toFixed(0),
			)} · ${each((r) => `${r.lagMedianMs.toFixed(0)} ms, ${r.lagP95Ms.toFixed(0)} ms`)}`,
		});
	}
	return figures;
}

/** Issue 9's storm: webhook deliveries at about 100 per second into Webhook → Create, in `n8n start`. */
export async function stormScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result = unmeasured({
		id: 'STORM',
		title: `Real n8n server (${latestLine.label}, n8n start), webhook storms of ${STORM_SIZES.join(' and ')} deliveries at ${PER_SECOND}/s`,
		goal: `At the development limit: 0 failed executions, one token per delivery, requests ≤ ${GOAL_REQUESTS_PER_TOKEN}× tokens, last token within ${GOAL_LAST_TOKEN_MS / 1000} s of ideal pacing`,
		notes: [
			'Workflow: Webhook (POST, respond immediately) → Clerk Sign-In Token (Create, user By ID {{ $json.body.userId }}, default settings, no "continue on error": a failing item fails its execution). Each delivery names a distinct user, so the emulator\'s tokens tell which executions succeeded: failed = deliveries whose user got no token.',
			"Ideal pacing: each execution's first request accepted no earlier than it reached the emulator, at most 100 accepted in any 10 s (Clerk's sliding window); the figure is how much later the last token came. When executions failed, fewer tokens were made than the ideal counts, so the last one can come before it (a negative figure). The no-limit runs with the HTTP Request node show how fast n8n itself turns deliveries into requests on this machine (executions reaching Clerk per second and the delay from delivery to first request), which bounds any node.",
		],
	});
	const variants = variantsFor(emulator);
	return await withServer(
		result,
		emulator,
		variants.map((v) => v.workflow),
		async (server) => {
			const ratios: string[] = [];
			let met = true;
			for (const size of STORM_SIZES) {
				for (const variant of variants) {
					const runs: StormRun[] = [];
					for (let round = 0; round < benchRuns(2); round++) {
						const run = await storm(emulator, server, variant, size);
						console.log(
							`  [storm ${size}, ${variant.key}, run ${round + 1}] failed ${run.missing}, tokens ${run.tokens}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
						);
						runs.push(run);
					}
					result.figures.push(...figuresFor(variant, size, runs));
					if (variant.key !== 'clerk-dev') continue;
					const worstRatio = Math.max(...runs.map((r) => r.requests / Math.max(1, r.tokens)));
					const failed = sumOf(runs, (r) => r.missing + r.duplicated);
					const behind = Math.max(...runs.map((r) => r.behindIdealMs));
					ratios.push(
						`${size}: ${failed} failed or duplicated, ${times(worstRatio)} requests per token, last token ${seconds(behind)} behind ideal (worst run)`,
					);
					met &&=
						failed === 0 &&
						worstRatio <= GOAL_REQUESTS_PER_TOKEN &&
						behind <= GOAL_LAST_TOKEN_MS &&
						runs.every((r) => r.tokens === r.deliveries);
				}
			}
			result.ratio = ratios.join('; ');
			result.met = met;
		},
	);
}
