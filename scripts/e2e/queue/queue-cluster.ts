import path from 'node:path';

import { freePort, GiveUp, waitFor } from '../lib/free-port';
import { N8nInstance } from '../lib/n8n-instance';
import type { InstalledN8n } from '../lib/n8n-lines';
import { startServerWithOwner, type RunningServer } from '../lib/n8n-server';
import type { ProcessGroup, StartedProcess } from '../lib/processes';
import type { RunningPostgres } from './postgres';
import type { RunningRedis } from './redis';

/**
 * One n8n installation in queue mode: every process it starts (CLI commands, `n8n start`,
 * `n8n worker`) shares the user folder, so the same ~/.n8n/nodes and encryption key, and reads and
 * writes the same Postgres and Redis.
 */
export class QueueN8nInstance extends N8nInstance {
	constructor(
		n8n: InstalledN8n,
		userFolder: string,
		workDir: string,
		private readonly postgres: RunningPostgres,
		private readonly redis: RunningRedis,
	) {
		super(n8n, userFolder, workDir);
	}

	override env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return super.env({
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			...extra,
		});
	}
}

export interface RunningWorker {
	name: string;
	process: StartedProcess;
	/** Where the worker's health server listens (/healthz, /healthz/readiness). */
	healthUrl: string;
}

export interface QueueCluster {
	main: RunningServer;
	workers: RunningWorker[];
}

/** Starts `n8n worker` and waits until it reports itself ready to take jobs. */
async function startWorker(
	group: ProcessGroup,
	instance: QueueN8nInstance,
	index: number,
	concurrency: number,
): Promise<RunningWorker> {
	const name = `worker-${index}`;
	const healthPort = await freePort();
	const started = group.start(
		`n8n ${name}`,
		instance.n8n.nodeBinary,
		[instance.n8n.n8nBin, 'worker', `--concurrency=${concurrency}`],
		{
			cwd: instance.workDir,
			env: instance.env({
				// Each process starts its own task broker; several on one machine need their own ports.
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				N8N_LOG_LEVEL: 'info',
				// Its own log file in the shared user folder: the secret scan reads it with the main's.
				N8N_LOG_FILE_LOCATION: path.join(instance.userFolder, '.n8n', 'logs', `${name}.log`),
			}),
			logFile: path.join(instance.workDir, `n8n-${name}.log`),
		},
	);
	const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
	await waitFor(
		`n8n ${name} to be ready (${healthUrl}/readiness)`,
		async () => {
			if (started.child.exitCode !== null) throw new GiveUp(`n8n ${name} exited`);
			return (await fetch(`${healthUrl}/readiness`)).ok;
		},
		180_000,
		500,
	).catch((error: Error) => {
		throw new Error(`${error.message}\n${started.output().slice(-4000)}`);
	});
	return { name, process: started, healthUrl };
}

/**
 * The main process (`n8n start`: editor, REST API, webhooks, enqueues executions) and `workers`
 * worker processes (run the executions), booted side by side: the CLI imports before them have
 * already migrated the database.
 */
export async function startQueueCluster(
	group: ProcessGroup,
	instance: QueueN8nInstance,
	options: { workers: number; concurrency: number },
): Promise<QueueCluster> {
	const mainPort = await freePort();
	// allSettled at once: a worker that fails while the main still boots is not an unhandled rejection.
	const [[main], workers] = await Promise.all([
		Promise.allSettled([startServerWithOwner(group, instance, mainPort)]),
		Promise.allSettled(
			Array.from(
				{ length: options.workers },
				async (_, i) => await startWorker(group, instance, i + 1, options.concurrency),
			),
		),
	]);
	const reasons: unknown[] = [main, ...workers].flatMap((r) =>
		r.status === 'rejected' ? [r.reason] : [],
	);
	if (main.status === 'rejected' || reasons.length > 0) {
		// The caller only gets a cluster when all of it runs: stop the part that does.
		const running = [main, ...workers].flatMap((r) =>
			r.status === 'fulfilled' ? [r.value.process] : [],
		);
		await Promise.all(running.map(async (p) => await group.stop(p)));
		throw reasons[0];
	}
	return {
		main: main.value,
		workers: workers.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : [])),
	};
}

/** The worker whose log says it ran the execution (n8n logs "Worker started execution <id> (job <n>)"). */
export function workerThatRan(cluster: QueueCluster, executionId: string): string | undefined {
	const line = `Worker started execution ${executionId} `;
	return cluster.workers.find((w) => w.process.output().includes(line))?.name;
}
