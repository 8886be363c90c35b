import { newSigningSecret } from '../../../emulator/webhooks/secrets';
import {
	summariseAnswers,
	svixStorm,
	userCreatedBody,
	type MessageResult,
	type StormAnswers,
} from '../../../n8nLab/deliveries';
import { notInstalled } from '../../../n8nLab/lines';
import { clerkWebhookCredential } from '../../../n8nLab/n8nInstance';
import { linearWorkflow, triggers, type Workflow } from '../../../n8nLab/workflows';
import { benchUserId } from '../../benchUsers';
import type { BenchEmulator } from '../../emulator';
import type { Figure, ScenarioResult } from '../../result';
import { seconds, times } from '../../result';
import {
	idealLastAcceptance,
	readTraffic,
	settle,
	tokensPerUser,
	type Traffic,
} from '../clerkTraffic';
import { BENCH_N8N_LINE, sharedInstance } from '../instance';
import { startBenchServer, type BenchServer } from '../server';
import { benchRuns, spread } from '../spread';
import {
	DEV_LIMIT,
	GOAL_LAST_TOKEN_MS,
	GOAL_REQUESTS_PER_TOKEN,
	PER_SECOND,
	QUIET_MS,
	STORM_SIZES,
} from './storm';
import { benchDevCredential, benchWebhookCredential, clerkStep } from '../workflows';

const DRAIN_QUIET_MS = 8_000;

interface Variant {
	key: 'trigger' | 'webhook';
	label: string;
	workflow: Workflow;
	/** Signed as Svix signs; n8n's Webhook node checks nothing, so its deliveries go unsigned. */
	signed: boolean;
}

interface TriggerStormRun {
	answers: StormAnswers;
	tokens: number;
	/** Events whose user got no token. */
	lost: number;
	/** Events whose user got more than one token: more than one run. */
	duplicated: number;
	requests: number;
	refused: number;
	lastTokenMs: number;
	behindIdealMs: number;
}

function summarise(users: string[], results: MessageResult[], traffic: Traffic): TriggerStormRun {
	const { tokens, missing, duplicated, lastToken, firstArrivals } = tokensPerUser(users, traffic);
	const firsts = firstArrivals.filter((at): at is number => at !== undefined);
	const start = results[0].sentAt;
	return {
		answers: summariseAnswers(results),
		tokens,
		lost: missing,
		duplicated,
		requests: traffic.total,
		refused: traffic.refused,
		lastTokenMs: lastToken - start,
		behindIdealMs: lastToken - idealLastAcceptance(firsts, DEV_LIMIT.limit, DEV_LIMIT.windowMs),
	};
}

async function storm(
	emulator: BenchEmulator,
	server: BenchServer,
	variant: Variant,
	bodies: string[],
	users: string[],
	secret: string,
): Promise<TriggerStormRun> {
	await emulator.configure({ rateLimit: DEV_LIMIT, latencyMs: 0 }, true);
	const results = await svixStorm({
		url: server.webhookUrl(variant.workflow),
		secret: variant.signed ? secret : undefined,
		bodies,
		perSecond: PER_SECOND,
	});
	await settle(emulator, (c) => c.byStatus[200] ?? 0, users.length, QUIET_MS);
	// Runs started by late retries may come after the count is reached: wait until Clerk sees
	// nothing more, so they count here and do not spill into the next storm (same users).
	await settle(emulator, (c) => c.total, Number.POSITIVE_INFINITY, DRAIN_QUIET_MS);
	return summarise(users, results, await readTraffic(emulator));
}

function figuresFor(variant: Variant, size: number, runs: TriggerStormRun[]): Figure[] {
	const all = (pick: (r: TriggerStormRun) => number) => runs.map(pick).join(' / ');
	const label = `${size} events, ${variant.label}`;
	return [
		{
			label: `${label}: first attempts answered 2xx within 15 s · retries Svix sent · lost · duplicated`,
			value: `${all((r) => r.answers.firstOnTime)} of ${size} · ${all((r) => r.answers.retries)} · ${all((r) => r.lost)} · ${all((r) => r.duplicated)}`,
		},
		{
			label: `${label}: first attempt's answer p50 · p99 · max`,
			value: `${spread(
				runs.map((r) => r.answers.firstAttemptMs.p50),
				seconds,
			)} · ${spread(
				runs.map((r) => r.answers.firstAttemptMs.p99),
				seconds,
			)} · ${spread(
				runs.map((r) => r.answers.firstAttemptMs.max),
				seconds,
			)}`,
		},
		{
			label: `${label}: requests per token · answered 429 · last token (after the first event) · behind ideal pacing`,
			value: `${runs.map((r) => times(r.requests / Math.max(1, r.tokens))).join(' / ')} · ${all((r) => r.refused)} · ${spread(
				runs.map((r) => r.lastTokenMs),
				seconds,
			)} · ${spread(
				runs.map((r) => r.behindIdealMs),
				seconds,
			)}`,
		},
	];
}

/**
 * Issue 15's named use: signed user.created events through the Clerk Trigger into Create, sent
 * with Svix's rules, side by side with the same events into n8n's Webhook node → the same node.
 */
export async function triggerStormScenario(emulator: BenchEmulator): Promise<ScenarioResult> {
	const line = BENCH_N8N_LINE;
	const result: ScenarioResult = {
		id: 'TRIGGER',
		title: `Real n8n server (${line.label}, n8n start, sqlite), Clerk Trigger storms of ${STORM_SIZES.join(' and ')} Svix-signed user.created at ${PER_SECOND}/s, Clerk's development limit`,
		figures: [],
		ratio: '',
		goal: `Clerk Trigger: every first attempt answered 2xx within 15 s, exactly one run and one token per event, 0 lost, requests ≤ ${GOAL_REQUESTS_PER_TOKEN}× tokens, last token within ${GOAL_LAST_TOKEN_MS / 1000} s of ideal pacing`,
		met: undefined,
		notes: [
			"Sender: Svix's rules. Each event is one message with its own svix-id; an attempt counts only if a 2xx comes within 15 s, otherwise the message is sent again with the same id, signed anew, 5 s later (Svix's first retry), then after 10 s and 20 s (Svix's 5 min and 30 min, compressed so a run ends). First attempts go out on a fixed schedule, 100 per second.",
			"Workflows: Clerk Trigger (user.created) → Clerk Sign-In Token (Create, user {{ $json.data.id }}, default settings, a failing item fails its execution); and the same events into n8n's Webhook node (POST, respond immediately) → the same Create with {{ $json.body.data.id }}. Each event names a distinct user, so the emulator's tokens per user tell lost (0) and duplicated (> 1) runs apart.",
			"Ideal pacing: each execution's first request accepted no earlier than it reached the emulator, at most 100 accepted in any 10 s; the figure is how much later the last token came.",
		],
	};
	const missing = notInstalled(line);
	if (missing) {
		result.ratio = 'not measured';
		result.notes.push(`Not run: ${missing}.`);
		return result;
	}
	const secret = newSigningSecret();
	const instance = await sharedInstance(emulator, line);
	await instance.importCredentials([clerkWebhookCredential(benchWebhookCredential, secret)]);
	// A development key (sk_test_…), as at Clerk's development limit: the pacer starts from it.
	const credential = benchDevCredential;
	const trigger = linearWorkflow(
		'triggerStorm',
		'Bench: Clerk Trigger storm',
		triggers.clerk(benchWebhookCredential),
		[clerkStep({ user: '={{ $json.data.id }}', continueOnError: false, credential })],
	);
	const hook = linearWorkflow(
		'triggerStormHook',
		'Bench: webhook storm of the same events',
		triggers.webhook('bench-trigger-storm-webhook'),
		[clerkStep({ user: '={{ $json.body.data.id }}', continueOnError: false, credential })],
	);
	const variants: Variant[] = [
		{ key: 'trigger', label: 'Clerk Trigger → Clerk node', workflow: trigger, signed: true },
		{
			key: 'webhook',
			label: "n8n's Webhook node → Clerk node (no verification, no dedupe)",
			workflow: hook,
			signed: false,
		},
	];
	const server = await startBenchServer(instance, [trigger, hook]);
	const byId = new Map((await emulator.users()).map((u) => [u.id, u]));
	const ratios: string[] = [];
	const runsOf: Record<string, TriggerStormRun[]> = {};
	let met = true;
	try {
		const rounds = benchRuns(2);
		for (const size of STORM_SIZES) {
			const users = Array.from({ length: size }, (_, i) => benchUserId(i));
			const bodies = users.map((id) => {
				const user = byId.get(id);
				if (!user) throw new Error(`the bench emulator has no user ${id}`);
				return userCreatedBody(user);
			});
			const medians: Record<string, number[]> = { trigger: [], webhook: [] };
			for (let round = 0; round < rounds; round++) {
				for (const variant of variants) {
					const run = await storm(emulator, server, variant, bodies, users, secret);
					console.log(
						`  [trigger storm ${size}, ${variant.key}, run ${round + 1}] first on time ${run.answers.firstOnTime}/${size} (p50 ${seconds(run.answers.firstAttemptMs.p50)}, p99 ${seconds(run.answers.firstAttemptMs.p99)}), retries ${run.answers.retries}, lost ${run.lost}, duplicated ${run.duplicated}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
					);
					medians[variant.key].push(run.answers.firstAttemptMs.p50);
					(runsOf[`${size} ${variant.key}`] ??= []).push(run);
				}
			}
			for (const variant of variants) {
				const runs = runsOf[`${size} ${variant.key}`];
				result.figures.push(...figuresFor(variant, size, runs));
				if (variant.key !== 'trigger') continue;
				const worstRatio = Math.max(...runs.map((r) => r.requests / Math.max(1, r.tokens)));
				const behind = Math.max(...runs.map((r) => r.behindIdealMs));
				const late = runs.reduce((sum, r) => sum + size - r.answers.firstOnTime, 0);
				const wrong = runs.reduce((sum, r) => sum + r.lost + r.duplicated, 0);
				const worstP99 = Math.max(...runs.map((r) => r.answers.firstAttemptMs.p99));
				const p50Ratio =
					medians.webhook.reduce((a, b) => a + b, 0) /
					Math.max(
						1,
						medians.trigger.reduce((a, b) => a + b, 0),
					);
				ratios.push(
					`${size}: ${late} first attempts late, ${wrong} lost or duplicated, p99 answer ${seconds(worstP99)}, ${times(worstRatio)} requests per token, last token ${seconds(behind)} behind ideal (worst run); the Webhook node's median answer takes ${times(p50Ratio)} the trigger's`,
				);
				met &&=
					late === 0 &&
					wrong === 0 &&
					worstRatio <= GOAL_REQUESTS_PER_TOKEN &&
					behind <= GOAL_LAST_TOKEN_MS;
			}
		}
	} finally {
		await server.stop();
	}
	result.ratio = ratios.join('; ');
	result.met = met;
	return result;
}
