/**
 * The queue-mode webhook storm as a benchmark: n8n 2.x with a main and two workers over Postgres
 * and Redis, the storm workflow (Webhook → Clerk Sign-In Token, Create) against the Clerk emulator
 * at Clerk's development limit; prints figures per storm, asserts nothing.
 *
 *   npx ts-node --transpile-only bench/queueStorm.ts [deliveries ...]   (default: 300 1000)
 *
 * Each size is stormed first with no rate limit through n8n's Webhook node ("n8n alone": how fast
 * this n8n makes the tokens by itself), then at the limit through n8n's Webhook node (plain JSON)
 * and through the Clerk Trigger (the example workflow, signed user.created sent with Svix's rules:
 * 15 s per attempt, retried with the same id); QUEUE_STORM_VIA=webhook or =trigger runs one of
 * them. Each storm at the limit is held against the paced ideal: n8n alone's token times held to
 * Clerk's sliding window, the best a perfectly paced client could do inside this n8n.
 *
 * Environment: QUEUE_STORM_RATE deliveries per second (default 100), QUEUE_STORM_LIMIT requests
 * per 10 s the emulator accepts per key (default 100, Clerk's development limit),
 * QUEUE_STORM_CONCURRENCY jobs per worker (default 10, n8n's), QUEUE_STORM_WORKERS worker
 * processes (default 2), E2E_SKIP_BUILD=1 packs dist/ as is,
 * E2E_KEEP=1 keeps the logs and the user folder (printed at the end).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { newSigningSecret } from '../emulator/webhooks/secrets';
import { buildAndPack, pack } from '../n8nLab/communityPackage';
import { stormUsers } from '../n8nLab/deliveries';
import { ensureInstalled, latestLine } from '../n8nLab/lines';
import { clerkApiCredential, clerkWebhookCredential } from '../n8nLab/n8nInstance';
import { positiveSetting, ProcessGroup } from '../n8nLab/processes';
import { QueueEnvironment } from '../n8nLab/queueMode';
import {
	formatStormFigures,
	pacedIdealMs,
	runStorm,
	type StormFigures,
} from '../n8nLab/queueStorm';
import {
	exampleCredential,
	examples,
	loadExample,
	queueStormWorkflow,
	webhookSecretCredential,
} from '../n8nLab/workflows';
import { randomSecretKey } from '../n8nLab/emulator';

export type StormVia = 'webhook' | 'trigger';

// The emulator's limit for the storm without one: more than any storm here sends in a window.
const UNLIMITED = 1_000_000;

export interface QueueStormBenchOptions {
	/** One storm per entry and way in, one after another on the same cluster. */
	deliveries: number[];
	/** Through n8n's Webhook node, the Clerk Trigger (Svix's rules), or both in turn. */
	via: StormVia[];
	perSecond: number;
	rateLimit: { limit: number; windowMs: number };
	workers: number;
	concurrency: number;
	/** A packed package to install; built and packed from this repo when missing. */
	tarball?: string;
	/** The caller's process group (stopped by the caller); a new one otherwise. */
	group?: ProcessGroup;
}

export async function runQueueStormBenchmark(
	options: QueueStormBenchOptions,
): Promise<StormFigures[]> {
	const group = options.group ?? new ProcessGroup();
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-queue-storm-'));
	const keep = process.env.E2E_KEEP === '1';
	const removeRoot = () => (keep ? undefined : rmSync(root, { recursive: true, force: true }));
	// Ctrl-C exits from ProcessGroup.stopOnSignals, past the finally below.
	process.once('exit', removeRoot);
	const environment = new QueueEnvironment(group, ensureInstalled(latestLine), root);
	const clerkKey = randomSecretKey();
	const signingSecret = newSigningSecret();
	const storm = queueStormWorkflow();
	const trigger = loadExample(examples.newUserLink);
	const figures: StormFigures[] = [];
	try {
		const tarball =
			options.tarball ??
			(process.env.E2E_SKIP_BUILD === '1'
				? await pack(path.join(root, 'pack'))
				: await buildAndPack(path.join(root, 'pack')));
		const queue = await environment.start(tarball, {
			clerkKey,
			credentials: (baseUrl) => [
				clerkApiCredential(exampleCredential, clerkKey, baseUrl),
				clerkWebhookCredential(webhookSecretCredential, signingSecret),
			],
			workflows: [storm, trigger],
			workers: options.workers,
			concurrency: options.concurrency,
			// n8n's default level: debug logging costs n8n time on every request of a storm.
			logLevel: 'info',
		});
		const users = stormUsers(await queue.emulator.users());
		const targets = {
			webhook: { queue, workflow: storm, users },
			trigger: { queue, workflow: trigger, signingSecret, users },
		};
		for (const deliveries of options.deliveries) {
			console.log(
				`\nn8n alone (no rate limit) through n8n's Webhook node: ${deliveries} deliveries at ${options.perSecond}/s, ${options.workers} workers × concurrency ${options.concurrency}`,
			);
			const alone = await runStorm(targets.webhook, {
				deliveries,
				perSecond: options.perSecond,
				rateLimit: { limit: UNLIMITED, windowMs: options.rateLimit.windowMs },
			});
			console.log(formatStormFigures(alone));
			// Deliveries n8n refused without a limit make no ideal: its tokens are not the storm's.
			const idealMs =
				alone.tokens === deliveries
					? pacedIdealMs(alone.tokenTimesMs, options.rateLimit)
					: Number.NaN;
			for (const via of options.via) {
				console.log(
					`\nqueue-mode storm through ${via === 'trigger' ? 'the Clerk Trigger (Svix rules)' : "n8n's Webhook node"}: ${deliveries} deliveries at ${options.perSecond}/s, ${options.workers} workers × concurrency ${options.concurrency}, Clerk limit ${options.rateLimit.limit} per ${options.rateLimit.windowMs / 1000} s`,
				);
				const result = await runStorm(targets[via], {
					deliveries,
					perSecond: options.perSecond,
					rateLimit: options.rateLimit,
				});
				console.log(formatStormFigures(result));
				const lastMs = result.tokenTimesMs.at(-1) ?? Number.NaN;
				if (Number.isNaN(idealMs)) {
					console.log(
						`no paced ideal: n8n alone made ${alone.tokens} of ${deliveries} tokens (see its refused deliveries above)`,
					);
				} else
					console.log(
						`last token ${(lastMs / 1000).toFixed(1)} s after the first delivery; paced ideal inside this n8n ${(idealMs / 1000).toFixed(1)} s (n8n alone ${((alone.tokenTimesMs.at(-1) ?? Number.NaN) / 1000).toFixed(1)} s, held to the limit): ${(lastMs / idealMs).toFixed(2)}x`,
					);
				figures.push(result);
			}
		}
	} finally {
		await environment.stop();
		if (keep) console.log(`logs and user folder kept in ${root}`);
		else environment.removeDatabase();
		if (!options.group) await group.stopAll();
		removeRoot();
		process.removeListener('exit', removeRoot);
	}
	return figures;
}

const isStormVia = (value: string): value is StormVia => value === 'webhook' || value === 'trigger';

function stormVia(setting: string | undefined): StormVia[] {
	if (setting === undefined || setting === '') return ['webhook', 'trigger'];
	const named = setting.split(',').map((v) => v.trim());
	const unknown = named.filter((v) => !isStormVia(v));
	if (unknown.length > 0) throw new Error(`QUEUE_STORM_VIA: unknown ${unknown.join(', ')}`);
	return named.filter(isStormVia);
}

if (require.main === module) {
	const counts = process.argv.slice(2).map(Number);
	if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
		console.error('usage: bench/queueStorm.ts [deliveries ...] (whole numbers, e.g. 300 1000)');
		process.exit(2);
	}
	const group = new ProcessGroup();
	group.stopOnSignals();
	runQueueStormBenchmark({
		deliveries: counts.length > 0 ? counts : [300, 1000],
		via: stormVia(process.env.QUEUE_STORM_VIA),
		perSecond: positiveSetting('QUEUE_STORM_RATE', 100),
		rateLimit: { limit: positiveSetting('QUEUE_STORM_LIMIT', 100), windowMs: 10_000 },
		workers: positiveSetting('QUEUE_STORM_WORKERS', 2),
		concurrency: positiveSetting('QUEUE_STORM_CONCURRENCY', 10),
		group,
	})
		.then(async () => await group.stopAll())
		.catch(async (error: unknown) => {
			console.error(error instanceof Error ? (error.stack ?? error.message) : error);
			await group.stopAll();
			process.exit(1);
		});
}
