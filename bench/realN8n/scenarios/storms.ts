import {
	firePlain,
	summariseAnswers,
	svixStorm,
	userCreatedBody,
	type Fired,
	type StormAnswers,
} from '../../../n8nLab/deliveries';
import { latestLine } from '../../../n8nLab/lines';
import type { RunningServer } from '../../../n8nLab/n8nInstance';
import { linearWorkflow, triggers, type Workflow } from '../../../n8nLab/workflows';
import { benchUserId, setUp, type BenchEmulator, type EmulatorSettings } from '../../emulator';
import { seconds, times, unmeasured, type Figure, type ScenarioResult } from '../../report';
import { alternate, benchRuns, eachOf, median, spreadOf, sumOf } from '../../runs';
import { readTraffic, settle, stormTokens, type StormTokens } from '../clerkTraffic';
import { BENCH_SIGNING_SECRET, withServer } from '../instance';
import {
	benchCredential,
	benchDevCredential,
	benchWebhookCredential,
	clerkStep,
	httpStep,
	webhookInto,
} from '../workflows';

// Webhook storms into `n8n start`: plain deliveries into n8n's Webhook node (STORM), and Svix-signed
// events into the Clerk Trigger beside the same events into the Webhook node (TRIGGER).

/** BENCH_STORM_SIZES=300 runs the smaller storm only (a 1,000-delivery storm takes minutes). */
const STORM_SIZES = (process.env.BENCH_STORM_SIZES ?? '300,1000')
	.split(',')
	.map(Number)
	.filter((size) => Number.isInteger(size) && size > 0);
const PER_SECOND = 100;
const DEV_LIMIT = { limit: 100, windowMs: 10_000 };
const QUIET_MS = 30_000;
const GOAL_REQUESTS_PER_TOKEN = 1.05;
const GOAL_LAST_TOKEN_MS = 2000;

/** The distinct users a storm's deliveries name, one each. */
const deliveryUsers = (size: number): string[] =>
	Array.from({ length: size }, (_, i) => benchUserId(i));
const requestsPerToken = (r: StormTokens): number => r.requests / Math.max(1, r.tokens);
const worst = <R>(runs: R[], pick: (r: R) => number): number => Math.max(...runs.map(pick));

interface StormVariant {
	key: string;
	label: string;
	workflow: Workflow;
	settings: EmulatorSettings;
}

/** Create for the delivered {"userId"}, with no "continue on error": a failing item fails its execution. */
const clerkFor = (credential: typeof benchCredential) =>
	clerkStep({ user: '={{ $json.body.userId }}', continueOnError: false, credential });

const variantsFor = (emulator: BenchEmulator): StormVariant[] => [
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

async function plainStorm(
	emulator: BenchEmulator,
	server: RunningServer,
	variant: StormVariant,
	size: number,
): Promise<StormRun> {
	await setUp(emulator, variant.settings, true);
	const users = deliveryUsers(size);
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

function stormFigures(variant: StormVariant, size: number, runs: StormRun[]): Figure[] {
	const each = (pick: (r: StormRun) => number | string) => eachOf(runs, pick);
	const label = `${size} deliveries, ${variant.label}`;
	const figures: Figure[] = [
		{
			label: `${label}: answered by the webhook · failed executions · duplicated tokens`,
			value: `${each((r) => r.answered)} · ${each((r) => r.missing)} · ${each((r) => r.duplicated)}`,
		},
		{
			label: `${label}: tokens per delivery · requests per token · answered 429`,
			value: `${each((r) => (r.tokens / r.deliveries).toFixed(3))} · ${each((r) => times(requestsPerToken(r)))} · ${each((r) => r.refused)}`,
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
						const run = await plainStorm(emulator, server, variant, size);
						console.log(
							`  [storm ${size}, ${variant.key}, run ${round + 1}] failed ${run.missing}, tokens ${run.tokens}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
						);
						runs.push(run);
					}
					result.figures.push(...stormFigures(variant, size, runs));
					if (variant.key !== 'clerk-dev') continue;
					const worstRatio = worst(runs, requestsPerToken);
					const failed = sumOf(runs, (r) => r.missing + r.duplicated);
					const behind = worst(runs, (r) => r.behindIdealMs);
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

const DRAIN_QUIET_MS = 8_000;

interface TriggerVariant {
	key: 'trigger' | 'webhook';
	label: string;
	workflow: Workflow;
	/** Signed as Svix signs; n8n's Webhook node checks nothing, so its deliveries go unsigned. */
	signed: boolean;
}

/** `missing`: events whose user got no token; `duplicated`: more than one, so more than one run. */
interface TriggerStormRun extends StormTokens {
	answers: StormAnswers;
}

async function svixEventStorm(
	emulator: BenchEmulator,
	server: RunningServer,
	variant: TriggerVariant,
	bodies: string[],
	users: string[],
): Promise<TriggerStormRun> {
	await setUp(emulator, { rateLimit: DEV_LIMIT, latencyMs: 0 }, true);
	const results = await svixStorm({
		url: server.webhookUrl(variant.workflow),
		secret: variant.signed ? BENCH_SIGNING_SECRET : undefined,
		bodies,
		perSecond: PER_SECOND,
	});
	await settle(emulator, (c) => c.byStatus[200] ?? 0, users.length, QUIET_MS);
	// Runs started by late retries may come after the count is reached: wait until Clerk sees
	// nothing more, so they count here and do not spill into the next storm (same users).
	await settle(emulator, (c) => c.total, Number.POSITIVE_INFINITY, DRAIN_QUIET_MS);
	const traffic = await readTraffic(emulator);
	const made = stormTokens(users, traffic, results[0].sentAt, DEV_LIMIT);
	return { ...made, answers: summariseAnswers(results) };
}

function triggerFigures(variant: TriggerVariant, size: number, runs: TriggerStormRun[]): Figure[] {
	const each = (pick: (r: TriggerStormRun) => number | string) => eachOf(runs, pick);
	const spreadS = (pick: (r: TriggerStormRun) => number) => spreadOf(runs, pick, seconds);
	const label = `${size} events, ${variant.label}`;
	return [
		{
			label: `${label}: first attempts answered 2xx within 15 s · retries Svix sent · lost · duplicated`,
			value: `${each((r) => r.answers.firstOnTime)} of ${size} · ${each((r) => r.answers.retries)} · ${each((r) => r.missing)} · ${each((r) => r.duplicated)}`,
		},
		{
			label: `${label}: first attempt's answer p50 · p99 · max`,
			value: `${spreadS((r) => r.answers.firstAttemptMs.p50)} · ${spreadS((r) => r.answers.firstAttemptMs.p99)} · ${spreadS((r) => r.answers.firstAttemptMs.max)}`,
		},
		{
			label: `${label}: requests per token · answered 429 · last token (after the first event) · behind ideal pacing`,
			value: `${each((r) => times(requestsPerToken(r)))} · ${each((r) => r.refused)} · ${spreadS((r) => r.lastTokenMs)} · ${spreadS((r) => r.behindIdealMs)}`,
		},
	];
}

/**
 * Issue 15's named use: signed user.created events through the Clerk Trigger into Create, sent
 * with Svix's rules, side by side with the same events into n8n's Webhook node → the same node.
 */
export async function triggerStormScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result = unmeasured({
		id: 'TRIGGER',
		title: `Real n8n server (${latestLine.label}, n8n start, sqlite), Clerk Trigger storms of ${STORM_SIZES.join(' and ')} Svix-signed user.created at ${PER_SECOND}/s, Clerk's development limit`,
		goal: `Clerk Trigger: every first attempt answered 2xx within 15 s, exactly one run and one token per event, 0 lost, requests ≤ ${GOAL_REQUESTS_PER_TOKEN}× tokens, last token within ${GOAL_LAST_TOKEN_MS / 1000} s of ideal pacing`,
		notes: [
			"Sender: Svix's rules. Each event is one message with its own svix-id; an attempt counts only if a 2xx comes within 15 s, otherwise the message is sent again with the same id, signed anew, 5 s later (Svix's first retry), then after 10 s and 20 s (Svix's 5 min and 30 min, compressed so a run ends). First attempts go out on a fixed schedule, 100 per second.",
			"Workflows: Clerk Trigger (user.created) → Clerk Sign-In Token (Create, user {{ $json.data.id }}, default settings, a failing item fails its execution); and the same events into n8n's Webhook node (POST, respond immediately) → the same Create with {{ $json.body.data.id }}. Each event names a distinct user, so the emulator's tokens per user tell lost (0) and duplicated (> 1) runs apart.",
			"Ideal pacing: each execution's first request accepted no earlier than it reached the emulator, at most 100 accepted in any 10 s; the figure is how much later the last token came.",
		],
	});
	// A development key (sk_test_…), as at Clerk's development limit: the pacer starts from it.
	const create = (user: string) =>
		clerkStep({ user, continueOnError: false, credential: benchDevCredential });
	const variants: TriggerVariant[] = [
		{
			key: 'trigger',
			label: 'Clerk Trigger → Clerk node',
			workflow: linearWorkflow(
				'triggerStorm',
				'Bench: Clerk Trigger storm',
				triggers.clerk(benchWebhookCredential),
				[create('={{ $json.data.id }}')],
			),
			signed: true,
		},
		{
			key: 'webhook',
			label: "n8n's Webhook node → Clerk node (no verification, no dedupe)",
			workflow: webhookInto('triggerStormHook', 'bench-trigger-storm-webhook', [
				create('={{ $json.body.data.id }}'),
			]),
			signed: false,
		},
	];
	return await withServer(
		result,
		emulator,
		variants.map((v) => v.workflow),
		async (server) => {
			const byId = new Map((await emulator.users()).map((u) => [u.id, u]));
			const ratios: string[] = [];
			let met = true;
			for (const size of STORM_SIZES) {
				const users = deliveryUsers(size);
				const bodies = users.map((id) => {
					const user = byId.get(id);
					if (!user) throw new Error(`the bench emulator has no user ${id}`);
					return userCreatedBody(user);
				});
				const runsOf = await alternate(variants, benchRuns(2), async (variant, round) => {
					const run = await svixEventStorm(emulator, server, variant, bodies, users);
					console.log(
						`  [trigger storm ${size}, ${variant.key}, run ${round + 1}] first on time ${run.answers.firstOnTime}/${size} (p50 ${seconds(run.answers.firstAttemptMs.p50)}, p99 ${seconds(run.answers.firstAttemptMs.p99)}), retries ${run.answers.retries}, lost ${run.missing}, duplicated ${run.duplicated}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
					);
					return run;
				});
				for (const variant of variants)
					result.figures.push(...triggerFigures(variant, size, runsOf.get(variant.key) ?? []));
				const runs = runsOf.get('trigger') ?? [];
				const p50s = (key: string) =>
					sumOf(runsOf.get(key) ?? [], (r) => r.answers.firstAttemptMs.p50);
				const worstRatio = worst(runs, requestsPerToken);
				const behind = worst(runs, (r) => r.behindIdealMs);
				const late = sumOf(runs, (r) => size - r.answers.firstOnTime);
				const wrong = sumOf(runs, (r) => r.missing + r.duplicated);
				const worstP99 = worst(runs, (r) => r.answers.firstAttemptMs.p99);
				const p50Ratio = p50s('webhook') / Math.max(1, p50s('trigger'));
				ratios.push(
					`${size}: ${late} first attempts late, ${wrong} lost or duplicated, p99 answer ${seconds(worstP99)}, ${times(worstRatio)} requests per token, last token ${seconds(behind)} behind ideal (worst run); the Webhook node's median answer takes ${times(p50Ratio)} the trigger's`,
				);
				met &&=
					late === 0 &&
					wrong === 0 &&
					worstRatio <= GOAL_REQUESTS_PER_TOKEN &&
					behind <= GOAL_LAST_TOKEN_MS;
			}
			result.ratio = ratios.join('; ');
			result.met = met;
		},
	);
}
