import { benchUserId } from '../../benchUsers';
import type { BenchEmulator, EmulatorSettings } from '../../emulator';
import type { Figure, ScenarioResult } from '../../result';
import { seconds, times } from '../../result';
import {
	idealLastAcceptance,
	readTraffic,
	settle,
	tokensPerUser,
	type Traffic,
} from '../clerkTraffic';
import { firePlain, type Fired } from '../../../n8nLab/deliveries';
import { linearWorkflow, triggers, type Workflow } from '../../../n8nLab/workflows';
import { BENCH_N8N_LINE } from '../instance';
import { serverForScenario, type BenchServer } from '../server';
import { benchRuns, median, spread } from '../spread';
import { benchDevCredential, clerkStep, httpStep } from '../workflows';

/**
 * The storms' shape and goals, shared with the Clerk Trigger storm (trigger-storm.ts).
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

/**
 * Webhook (POST, respond immediately) → Create for the delivered {"userId"}, with no "continue on
 * error": a failing item fails its execution. `http`: the HTTP Request node instead, no key limit.
 */
function webhookInto(
	id: string,
	path: string,
	setup: { credential?: typeof benchDevCredential } | BenchEmulator = {},
): Workflow {
	const step =
		'apiUrl' in setup
			? httpStep(setup, '$json.body.userId')
			: clerkStep({ user: '={{ $json.body.userId }}', continueOnError: false, ...setup });
	return linearWorkflow(id, `Bench: ${id}`, triggers.webhook(path), [step]);
}

const variantsFor = (emulator: BenchEmulator): Variant[] => [
	{
		key: 'clerk-dev',
		label: "Webhook → Clerk node, Clerk's development limit (100 per 10 s), development key",
		workflow: webhookInto('stormClerkDev', 'bench-storm-clerk-dev', {
			credential: benchDevCredential,
		}),
		settings: { rateLimit: DEV_LIMIT, latencyMs: 0 },
	},
	{
		key: 'clerk-free',
		label: 'Webhook → Clerk node, no limit (the node in the server, unhindered)',
		workflow: webhookInto('stormClerk', 'bench-storm-clerk'),
		settings: { rateLimit: null, latencyMs: 0 },
	},
	{
		key: 'http-free',
		label: "Webhook → HTTP Request node, no limit (n8n's own speed)",
		workflow: webhookInto('stormHttp', 'bench-storm-http', emulator),
		settings: { rateLimit: null, latencyMs: 0 },
	},
];

interface StormRun {
	deliveries: number;
	answered: number;
	tokens: number;
	/** Deliveries whose user got no token: the execution failed. */
	failed: number;
	duplicated: number;
	requests: number;
	refused: number;
	/** First delivery sent → last token made. */
	lastTokenMs: number;
	/** Last token minus the best a pacer could do given when each execution first reached Clerk. */
	behindIdealMs: number;
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

function summarise(
	users: string[],
	delivered: Fired,
	traffic: Traffic,
	settings: EmulatorSettings,
): StormRun {
	const made = tokensPerUser(users, traffic);
	const { tokens, duplicated, lastToken } = made;
	const failed = made.missing;
	const firsts: number[] = [];
	const lags: number[] = [];
	made.firstArrivals.forEach((arrival, i) => {
		if (arrival === undefined) return;
		firsts.push(arrival);
		lags.push(arrival - delivered.sentAt[i]);
	});
	const ideal = settings.rateLimit
		? idealLastAcceptance(firsts, settings.rateLimit.limit, settings.rateLimit.windowMs)
		: Math.max(...firsts);
	const spanMs = Math.max(...firsts) - Math.min(...firsts);
	return {
		deliveries: users.length,
		answered: delivered.statuses.filter((s) => s === 200).length,
		tokens,
		failed,
		duplicated,
		requests: traffic.total,
		refused: traffic.refused,
		lastTokenMs: lastToken - delivered.sentAt[0],
		behindIdealMs: lastToken - ideal,
		reachPerSecond: spanMs > 0 ? (firsts.length * 1000) / spanMs : Number.NaN,
		lagMedianMs: median(lags),
		lagP95Ms: percentile(lags, 95),
	};
}

async function storm(
	emulator: BenchEmulator,
	server: BenchServer,
	variant: Variant,
	size: number,
): Promise<StormRun> {
	await emulator.configure(variant.settings, true);
	const users = Array.from({ length: size }, (_, i) => benchUserId(i));
	const delivered = await firePlain(
		server.webhookUrl(variant.workflow),
		users.map((userId) => ({ userId })),
		PER_SECOND,
	);
	await settle(emulator, (c) => c.byStatus[200] ?? 0, size, QUIET_MS);
	return summarise(users, delivered, await readTraffic(emulator), variant.settings);
}

function figuresFor(variant: Variant, size: number, runs: StormRun[]): Figure[] {
	const all = (pick: (r: StormRun) => number) => runs.map(pick).join(' / ');
	const label = `${size} deliveries, ${variant.label}`;
	const figures: Figure[] = [
		{
			label: `${label}: answered by the webhook · failed executions · duplicated tokens`,
			value: `${all((r) => r.answered)} · ${all((r) => r.failed)} · ${all((r) => r.duplicated)}`,
		},
		{
			label: `${label}: tokens per delivery · requests per token · answered 429`,
			value: `${runs.map((r) => (r.tokens / r.deliveries).toFixed(3)).join(' / ')} · ${runs.map((r) => times(r.requests / Math.max(1, r.tokens))).join(' / ')} · ${all((r) => r.refused)}`,
		},
		{
			label: `${label}: first delivery → last token · last token behind ideal pacing`,
			value: `${spread(
				runs.map((r) => r.lastTokenMs),
				seconds,
			)} · ${spread(
				runs.map((r) => r.behindIdealMs),
				seconds,
			)}`,
		},
	];
	if (!variant.settings.rateLimit) {
		figures.push({
			label: `${label}: executions reaching Clerk per second · delivery → first request (median, p95)`,
			value: `${spread(
				runs.map((r) => r.reachPerSecond),
				(v) => v.toFixed(0),
			)} · ${runs.map((r) => `${r.lagMedianMs.toFixed(0)} ms, ${r.lagP95Ms.toFixed(0)} ms`).join(' / ')}`,
		});
	}
	return figures;
}

/** Issue 9's storm: webhook deliveries at about 100 per second into Webhook → Create, in `n8n start`. */
export async function stormScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const line = BENCH_N8N_LINE;
	const result: ScenarioResult = {
		id: 'STORM',
		title: `Real n8n server (${line.label}, n8n start), webhook storms of ${STORM_SIZES.join(' and ')} deliveries at ${PER_SECOND}/s`,
		figures: [],
		ratio: '',
		goal: `At the development limit: 0 failed executions, one token per delivery, requests ≤ ${GOAL_REQUESTS_PER_TOKEN}× tokens, last token within ${GOAL_LAST_TOKEN_MS / 1000} s of ideal pacing`,
		met: undefined,
		notes: [
			'Workflow: Webhook (POST, respond immediately) → Clerk Sign-In Token (Create, user By ID {{ $json.body.userId }}, default settings, no "continue on error": a failing item fails its execution). Each delivery names a distinct user, so the emulator\'s tokens tell which executions succeeded: failed = deliveries whose user got no token.',
			"Ideal pacing: each execution's first request accepted no earlier than it reached the emulator, at most 100 accepted in any 10 s (Clerk's sliding window); the figure is how much later the last token came. When executions failed, fewer tokens were made than the ideal counts, so the last one can come before it (a negative figure). The no-limit runs with the HTTP Request node show how fast n8n itself turns deliveries into requests on this machine (executions reaching Clerk per second and the delay from delivery to first request), which bounds any node.",
		],
	};
	const variants = variantsFor(emulator);
	const server = await serverForScenario(
		result,
		emulator,
		line,
		variants.map((v) => v.workflow),
	);
	if (!server) return result;
	const ratios: string[] = [];
	let met = true;
	try {
		const rounds = benchRuns(2);
		for (const size of STORM_SIZES) {
			for (const variant of variants) {
				const runs: StormRun[] = [];
				for (let round = 0; round < rounds; round++) {
					const run = await storm(emulator, server, variant, size);
					console.log(
						`  [storm ${size}, ${variant.key}, run ${round + 1}] failed ${run.failed}, tokens ${run.tokens}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
					);
					runs.push(run);
				}
				result.figures.push(...figuresFor(variant, size, runs));
				if (variant.key === 'clerk-dev') {
					const worstRatio = Math.max(...runs.map((r) => r.requests / Math.max(1, r.tokens)));
					const failed = runs.reduce((sum, r) => sum + r.failed + r.duplicated, 0);
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
		}
	} finally {
		await server.stop();
	}
	result.ratio = ratios.join('; ');
	result.met = met;
	return result;
}
