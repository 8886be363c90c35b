import {
	summariseAnswers,
	svixStorm,
	userCreatedBody,
	type StormAnswers,
} from '../../../n8nLab/deliveries';
import { latestLine } from '../../../n8nLab/lines';
import type { RunningServer } from '../../../n8nLab/n8nInstance';
import { linearWorkflow, triggers, type Workflow } from '../../../n8nLab/workflows';
import { benchUserId, setUp, type BenchEmulator } from '../../emulator';
import { seconds, times, unmeasured, type Figure, type ScenarioResult } from '../../report';
import { alternate, benchRuns, eachOf, spreadOf, sumOf } from '../../runs';
import { readTraffic, settle, stormTokens, type StormTokens } from '../clerkTraffic';
import { BENCH_SIGNING_SECRET, withServer } from '../instance';
import {
	DEV_LIMIT,
	GOAL_LAST_TOKEN_MS,
	GOAL_REQUESTS_PER_TOKEN,
	PER_SECOND,
	QUIET_MS,
	STORM_SIZES,
} from './storm';
import { benchDevCredential, benchWebhookCredential, clerkStep, webhookInto } from '../workflows';

const DRAIN_QUIET_MS = 8_000;

interface Variant {
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

async function storm(
	emulator: BenchEmulator,
	server: RunningServer,
	variant: Variant,
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

function figuresFor(variant: Variant, size: number, runs: TriggerStormRun[]): Figure[] {
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
			value: `${each((r) => times(r.requests / Math.max(1, r.tokens)))} · ${each((r) => r.refused)} · ${spreadS((r) => r.lastTokenMs)} · ${spreadS((r) => r.behindIdealMs)}`,
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
	const variants: Variant[] = [
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
				const users = Array.from({ length: size }, (_, i) => benchUserId(i));
				const bodies = users.map((id) => {
					const user = byId.get(id);
					if (!user) throw new Error(`the bench emulator has no user ${id}`);
					return userCreatedBody(user);
				});
				const runsOf = await alternate(variants, benchRuns(2), async (variant, round) => {
					const run = await storm(emulator, server, variant, bodies, users);
					console.log(
						`  [trigger storm ${size}, ${variant.key}, run ${round + 1}] first on time ${run.answers.firstOnTime}/${size} (p50 ${seconds(run.answers.firstAttemptMs.p50)}, p99 ${seconds(run.answers.firstAttemptMs.p99)}), retries ${run.answers.retries}, lost ${run.missing}, duplicated ${run.duplicated}, requests ${run.requests}, last token ${seconds(run.lastTokenMs)}, behind ideal ${seconds(run.behindIdealMs)}`,
					);
					return run;
				});
				for (const variant of variants)
					result.figures.push(...figuresFor(variant, size, runsOf.get(variant.key) ?? []));
				const runs = runsOf.get('trigger') ?? [];
				const p50s = (key: string) =>
					sumOf(runsOf.get(key) ?? [], (r) => r.answers.firstAttemptMs.p50);
				const worstRatio = Math.max(...runs.map((r) => r.requests / Math.max(1, r.tokens)));
				const behind = Math.max(...runs.map((r) => r.behindIdealMs));
				const late = sumOf(runs, (r) => size - r.answers.firstOnTime);
				const wrong = sumOf(runs, (r) => r.missing + r.duplicated);
				const worstP99 = Math.max(...runs.map((r) => r.answers.firstAttemptMs.p99));
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
