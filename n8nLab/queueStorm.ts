import { setTimeout as sleep } from 'node:timers/promises';

import type { EmulatorUser } from '../emulator';
import {
	firePlain,
	formatAnswers,
	summariseAnswers,
	svixStorm,
	userCreatedBody,
	usersWithWrongTokenCount,
	type StormAnswers,
} from './deliveries';
import { countOf, finishedStatuses, type ExecutionRecords, type StatusCounts } from './postgres';
import type { QueueCluster, StartedQueue } from './queueMode';
import type { Workflow } from './workflows';

/** Clerk's rate limit for development instances: 100 requests per sliding 10 s per secret key. */
export const clerkDevelopmentLimit = { limit: 100, windowMs: 10_000 };

export interface StormTarget {
	queue: StartedQueue;
	/**
	 * The storm workflow, active: Webhook → Create ({"userId"} per delivery), or Clerk Trigger →
	 * Create (a signed user.created per delivery) when `signingSecret` is given.
	 */
	workflow: Workflow;
	/** The Clerk Trigger's signing secret: deliveries are sent as Svix sends them, retries included. */
	signingSecret?: string;
	/** Users the deliveries name, in turn (each delivery asks for one token for its user). */
	users: EmulatorUser[];
}

export interface StormOptions {
	deliveries: number;
	perSecond: number;
	rateLimit?: { limit: number; windowMs: number };
	/** Stop waiting when no execution has finished for this long (a stuck run, not a slow one). */
	stallMs?: number;
}

export interface StormFigures {
	deliveries: number;
	/** How Svix's attempts were answered, for a storm through the Clerk Trigger. */
	answers?: StormAnswers;
	/** Deliveries n8n did not answer with 2xx. */
	refused: number;
	/** The refused ones by answer: "HTTP 503", or the client's error when there was no answer. */
	refusedBy: Record<string, number>;
	executions: number;
	succeeded: number;
	/** Executions that ended in error, crashed or were cancelled. */
	failed: number;
	/** Why executions failed: "<node>: <message>" and how often, from up to 50 failed runs. */
	failures: Record<string, number>;
	/** Executions still new, waiting or running when the wait gave up. */
	unfinished: number;
	tokens: number;
	/** Users whose token count differs from the number of deliveries naming them. */
	usersWithWrongTokenCount: string[];
	requestsToClerk: number;
	rateLimited: number;
	requestsPerToken: number;
	executionsPerWorker: Record<string, number>;
	/** First delivery sent to last delivery sent. */
	firingSeconds: number;
	/** First delivery sent to last execution stopped. */
	totalSeconds: number;
	/** n8n's own pace: executions per second from the first one started to the last one stopped. */
	executionsPerSecond: number;
	/** First token created to last token created, at the emulator. */
	tokenSpanSeconds: number;
	/** The shortest span Clerk's limit allows for that many tokens from the first one. */
	idealTokenSpanSeconds: number;
	/** When each token was created, in ms after the first delivery was sent, ascending. */
	tokenTimesMs: number[];
}

/**
 * When the last token would come if every token went as soon as n8n alone made it (`alone`: the
 * token times of the same storm with no rate limit) and Clerk's sliding window allowed it: the
 * best a perfectly paced client can do inside this n8n, in ms after the first delivery.
 */
export function pacedIdealMs(
	alone: number[],
	rateLimit: { limit: number; windowMs: number },
): number {
	const paced: number[] = [];
	alone.forEach((made, k) => {
		paced[k] =
			k < rateLimit.limit ? made : Math.max(made, paced[k - rateLimit.limit] + rateLimit.windowMs);
	});
	return paced.length > 0 ? paced[paced.length - 1] : Number.NaN;
}

const accepted = 'accepted';

interface Fired {
	/** "accepted", or why a delivery was not. */
	answers: string[];
	seconds: number;
	startedAt: number;
	svix?: StormAnswers;
}

/** Plain JSON deliveries into n8n's Webhook node; a delivery counts as refused unless answered 2xx. */
async function fire(url: string, bodies: unknown[], perSecond: number): Promise<Fired> {
	const fired = await firePlain(url, bodies, perSecond);
	const answers = fired.statuses.map((status, i) =>
		status >= 200 && status < 300
			? accepted
			: status === 0
				? `no answer (${fired.errors[i]})`
				: `HTTP ${status}`,
	);
	const startedAt = fired.sentAt[0] ?? Date.now();
	const seconds = ((fired.sentAt[fired.sentAt.length - 1] ?? startedAt) - startedAt) / 1000;
	return { answers, seconds, startedAt };
}

/**
 * Signed user.created deliveries through the Clerk Trigger as Svix sends them: 15 s per attempt,
 * retried with the same id. A message counts as refused only when no attempt was answered 2xx.
 */
async function fireSvix(
	url: string,
	secret: string,
	options: StormOptions,
	userAt: (i: number) => EmulatorUser,
): Promise<Fired> {
	const startedAt = Date.now();
	const bodies = Array.from({ length: options.deliveries }, (_, i) => userCreatedBody(userAt(i)));
	const results = await svixStorm({ url, secret, bodies, perSecond: options.perSecond });
	const seconds = (Math.max(...results.map((r) => r.sentAt)) - startedAt) / 1000;
	const answers = results.map((r) =>
		r.delivered ? accepted : `undelivered after ${r.attempts.length} attempts`,
	);
	return { answers, seconds, startedAt, svix: summariseAnswers(results) };
}

/** Waits until `expected` executions have finished, or none has finished for `stallMs`. */
async function settle(
	records: ExecutionRecords,
	workflowId: string,
	expected: number,
	stallMs: number,
): Promise<StatusCounts> {
	let counts = await records.countsByStatus(workflowId);
	let finished = countOf(counts, finishedStatuses);
	let lastProgress = Date.now();
	while (finished < expected && Date.now() - lastProgress < stallMs) {
		await sleep(1000);
		counts = await records.countsByStatus(workflowId);
		const now = countOf(counts, finishedStatuses);
		if (now > finished) lastProgress = Date.now();
		finished = now;
	}
	return counts;
}

/** What n8n recorded as the error of the first failed runs (their node and message). */
async function failureReasons(
	target: StormTarget,
	since: number,
	sample = 50,
): Promise<Record<string, number>> {
	const reasons: Record<string, number> = {};
	const { records, rest } = target.queue;
	for (const id of await records.failedIds(target.workflow.id, since, sample)) {
		const run = await rest.executionRun(id);
		const failedNode = Object.entries(run.nodes).find(([, n]) => n.error);
		const message = failedNode?.[1].error?.message ?? run.error?.message ?? `status ${run.status}`;
		const where = failedNode?.[0] ?? run.error?.node?.name ?? 'n8n';
		const reason = `${where}: ${message}`;
		reasons[reason] = (reasons[reason] ?? 0) + 1;
	}
	return reasons;
}

/** Executions of the storm each worker's log says it started. */
function executionsPerWorker(cluster: QueueCluster, before: Record<string, number>) {
	return Object.fromEntries(
		cluster.workers.map((w) => [
			w.name,
			(w.process.output().match(/Worker started execution \d+ /g)?.length ?? 0) -
				(before[w.name] ?? 0),
		]),
	);
}

/**
 * A webhook storm as Clerk's development instance sees it: `deliveries` POSTs at `perSecond` into
 * the storm workflow, every execution sharing one secret key held to `rateLimit`. The emulator is
 * reset first (tokens, counters), so every token and request it counts belongs to this storm.
 */
export async function runStorm(target: StormTarget, options: StormOptions): Promise<StormFigures> {
	const { emulator, records, cluster } = target.queue;
	const workflowId = target.workflow.id;
	const webhookUrl = cluster.main.webhookUrl(target.workflow);
	const rateLimit = options.rateLimit ?? clerkDevelopmentLimit;
	const before = await records.countsByStatus(workflowId);
	const workerRunsBefore = executionsPerWorker(cluster, {});
	// The workers' pacers still count the last storm's requests, as Clerk would.
	await emulator.untilOutOfWindow(rateLimit.windowMs);
	await emulator.reset();
	await emulator.configure({ rateLimit });
	const userAt = (i: number) => target.users[i % target.users.length];
	const userFor = (i: number) => userAt(i).id;

	const fired = target.signingSecret
		? await fireSvix(webhookUrl, target.signingSecret, options, userAt)
		: await fire(
				webhookUrl,
				Array.from({ length: options.deliveries }, (_, i) => ({ userId: userFor(i), delivery: i })),
				options.perSecond,
			);
	const refusedBy: Record<string, number> = {};
	for (const answer of fired.answers.filter((a) => a !== accepted))
		refusedBy[answer] = (refusedBy[answer] ?? 0) + 1;
	const refused = countOf(refusedBy, Object.keys(refusedBy));
	const after = await settle(
		records,
		workflowId,
		countOf(before, finishedStatuses) + options.deliveries - refused,
		options.stallMs ?? 300_000,
	);
	const counts = Object.fromEntries(
		Object.entries(after).map(([status, n]) => [status, n - (before[status] ?? 0)]),
	);
	await emulator.configure({ rateLimit: null });

	const tokens = await emulator.tokens();
	const counters = await emulator.counters();
	const { firstStarted, lastStopped } = await records.span(workflowId, fired.startedAt);
	const created = tokens.map((t) => t.createdAt).sort((a, b) => a - b);
	const windows = Math.ceil(tokens.length / rateLimit.limit);

	return {
		deliveries: options.deliveries,
		answers: fired.svix,
		refused,
		refusedBy,
		executions: countOf(counts, Object.keys(counts)),
		succeeded: countOf(counts, ['success']),
		failed: countOf(counts, ['error', 'crashed', 'canceled']),
		failures: await failureReasons(target, fired.startedAt),
		unfinished: countOf(counts, Object.keys(counts)) - countOf(counts, finishedStatuses),
		tokens: tokens.length,
		usersWithWrongTokenCount: usersWithWrongTokenCount(
			Array.from({ length: options.deliveries }, (_, i) => userFor(i)),
			tokens,
		),
		requestsToClerk: counters.total,
		rateLimited: counters.byStatus[429] ?? 0,
		requestsPerToken: tokens.length > 0 ? counters.total / tokens.length : Number.NaN,
		executionsPerWorker: executionsPerWorker(cluster, workerRunsBefore),
		firingSeconds: fired.seconds,
		totalSeconds: ((lastStopped ?? Date.now()) - fired.startedAt) / 1000,
		executionsPerSecond:
			firstStarted !== undefined && lastStopped !== undefined && lastStopped > firstStarted
				? (countOf(counts, finishedStatuses) * 1000) / (lastStopped - firstStarted)
				: Number.NaN,
		tokenSpanSeconds:
			created.length > 1 ? (created[created.length - 1] - created[0]) / 1000 : Number.NaN,
		idealTokenSpanSeconds: (Math.max(windows - 1, 0) * rateLimit.windowMs) / 1000,
		tokenTimesMs: created.map((at) => at - fired.startedAt),
	};
}

/** What the e2e check requires of a storm: nothing lost, nothing doubled. */
export function stormProblems(f: StormFigures): string[] {
	const problems: string[] = [];
	if (f.refused > 0)
		problems.push(
			`${f.refused} of ${f.deliveries} deliveries were not accepted: ${JSON.stringify(f.refusedBy)}`,
		);
	if (f.executions !== f.deliveries)
		problems.push(`${f.executions} executions for ${f.deliveries} deliveries`);
	if (f.failed > 0)
		problems.push(`${f.failed} executions failed, for example: ${JSON.stringify(f.failures)}`);
	if (f.unfinished > 0) problems.push(`${f.unfinished} executions never finished`);
	if (f.tokens !== f.deliveries) problems.push(`${f.tokens} tokens for ${f.deliveries} deliveries`);
	if (f.usersWithWrongTokenCount.length > 0)
		problems.push(`wrong token count for users ${f.usersWithWrongTokenCount.join(', ')}`);
	const idle = Object.entries(f.executionsPerWorker).filter(([, n]) => n === 0);
	if (idle.length > 0)
		problems.push(`${idle.map(([w]) => w).join(', ')} ran none of the executions`);
	return problems;
}

export function formatStormFigures(f: StormFigures): string {
	const workers = Object.entries(f.executionsPerWorker)
		.map(([w, n]) => `${w} ${n}`)
		.join(', ');
	return [
		...(f.answers ? [`Svix: ${formatAnswers(f.answers)}`] : []),
		`deliveries ${f.deliveries} (fired in ${f.firingSeconds.toFixed(1)} s, ${f.refused} refused${f.refused > 0 ? `: ${JSON.stringify(f.refusedBy)}` : ''})`,
		`executions ${f.executions}: ${f.succeeded} succeeded, ${f.failed} failed, ${f.unfinished} unfinished (${workers})`,
		...(f.failed > 0 ? [`failures (first 50): ${JSON.stringify(f.failures)}`] : []),
		`tokens ${f.tokens} (users with a wrong count: ${f.usersWithWrongTokenCount.length})`,
		`requests to Clerk ${f.requestsToClerk} (${f.rateLimited} answered 429), ${f.requestsPerToken.toFixed(2)} per token`,
		`time: ${f.totalSeconds.toFixed(1)} s first delivery to last execution stopped (n8n ran ${f.executionsPerSecond.toFixed(1)} executions/s); tokens spread over ${f.tokenSpanSeconds.toFixed(1)} s (Clerk's limit allows ${f.idealTokenSpanSeconds.toFixed(0)} s at best)`,
	].join('\n');
}
