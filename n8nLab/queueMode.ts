import path from 'node:path';

import { installIntoUserFolder } from './communityPackage';
import { EmulatorProcess } from './emulator';
import type { InstalledN8n } from './lines';
import {
	N8nInstance,
	userFolderIn,
	type CredentialRecord,
	type RunningServer,
} from './n8nInstance';
import { N8nRestClient } from './n8nRest';
import { ExecutionRecords, startPostgres, type RunningPostgres } from './postgres';
import { freePort, until, type ProcessGroup, type Started } from './processes';
import { startRedis, type RunningRedis } from './redis';
import type { Workflow } from './workflows';

/**
 * The environment every process of an n8n in queue mode (CLI commands, `n8n start`, `n8n worker`)
 * runs with, beside the one user folder they share (~/.n8n/nodes, encryption key): the same
 * Postgres and Redis.
 */
function queueModeEnv(postgres: RunningPostgres, redis: RunningRedis): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_DATABASE: postgres.database,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
	};
}

interface RunningWorker {
	name: string;
	process: Started;
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
	instance: N8nInstance,
	name: string,
	concurrency: number,
): Promise<RunningWorker> {
	const healthPort = await freePort();
	const started = await instance.startProcess(
		group,
		name,
		['worker', `--concurrency=${concurrency}`],
		{
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			// Its own log file in the shared user folder: the secret scan reads it with the main's.
			N8N_LOG_FILE_LOCATION: path.join(instance.userFolder, '.n8n', 'logs', `${name}.log`),
		},
	);
	const healthUrl = `http://127.0.0.1:${healthPort}/healthz`;
	await until(
		`n8n ${name} to be ready (${healthUrl}/readiness)`,
		async () => (await fetch(`${healthUrl}/readiness`)).ok,
		{ timeoutMs: 180_000, everyMs: 500, watched: started },
	);
	return { name, process: started, healthUrl };
}

/**
 * The main process (`n8n start`: editor, REST API, webhooks, enqueues executions) and `workers`
 * worker processes (run the executions), booted side by side: the CLI imports before them have
 * already migrated the database. When one fails to start, the others are waited for and stopped
 * before the error goes on, so none is left connected to services the caller then stops.
 */
async function startQueueCluster(
	group: ProcessGroup,
	instance: N8nInstance,
	options: { workers: number; concurrency: number },
): Promise<QueueCluster> {
	const [main, ...workers] = await Promise.allSettled([
		instance.startServer(group),
		...Array.from(
			{ length: options.workers },
			async (_, i) => await startWorker(group, instance, `worker-${i + 1}`, options.concurrency),
		),
	]);
	if (main.status === 'fulfilled' && workers.every((w) => w.status === 'fulfilled'))
		return { main: main.value, workers: workers.map((w) => w.value) };
	const all = [main, ...workers];
	const started = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
	await Promise.all(started.map(async (s) => await group.stop(s.process)));
	throw all.find((r) => r.status === 'rejected')?.reason;
}

/** The worker whose log says it ran the execution (n8n logs "Worker started execution <id> (job <n>)"). */
export function workerThatRan(cluster: QueueCluster, executionId: string): string | undefined {
	const line = `Worker started execution ${executionId} `;
	return cluster.workers.find((w) => w.process.output().includes(line))?.name;
}

interface QueueSetup {
	/** The Clerk secret key the emulator accepts; the credentials hold it. */
	clerkKey: string;
	/** The credentials to import, given the emulator's API URL (their Base URL). */
	credentials: (emulatorApiUrl: string) => CredentialRecord[];
	/** Imported and activated (published) before the main process starts. */
	workflows: Workflow[];
	workers: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`; n8n's default is 10). */
	concurrency: number;
	/** n8n's log level (default debug, which the secret scan needs). */
	logLevel?: 'debug' | 'info';
}

/** Everything the queue-mode line runs, started in order and stopped in reverse. */
export interface StartedQueue {
	instance: N8nInstance;
	postgres: RunningPostgres;
	redis: RunningRedis;
	emulator: EmulatorProcess;
	cluster: QueueCluster;
	rest: N8nRestClient;
	records: ExecutionRecords;
}

/**
 * n8n 2.x in queue mode around a Clerk emulator: Postgres 17 and Redis of its own, the packed
 * package installed the Community Nodes way into the one user folder every n8n process uses,
 * credentials and workflows imported with the CLI, then the main process and the workers.
 */
export class QueueEnvironment {
	readonly emulatorDir: string;
	private readonly parts: Partial<Omit<StartedQueue, 'rest'>> = {};

	constructor(
		private readonly group: ProcessGroup,
		private readonly n8n: InstalledN8n,
		readonly root: string,
	) {
		this.emulatorDir = path.join(root, 'emulator');
	}

	async start(tarball: string, setup: QueueSetup): Promise<StartedQueue> {
		const { group, n8n, parts } = this;
		const logs = path.join(this.root, 'services');
		// Each part is recorded as soon as it runs, so stop() also stops a half-started environment.
		const [postgres, redis, emulator] = await Promise.all([
			startPostgres(group, path.join(logs, 'postgres.log')).then((p) => (parts.postgres = p)),
			startRedis(group, path.join(logs, 'redis.log')).then((r) => (parts.redis = r)),
			EmulatorProcess.start(group, {
				secretKey: setup.clerkKey,
				logFile: path.join(this.emulatorDir, 'emulator.log'),
			}).then((e) => (parts.emulator = e)),
			// While the services start: the instance below needs their addresses, its folder does not.
			installIntoUserFolder(userFolderIn(this.root), tarball),
		]);
		const instance = new N8nInstance(
			n8n,
			this.root,
			setup.logLevel ?? 'debug',
			queueModeEnv(postgres, redis),
		);
		parts.instance = instance;
		// The first CLI command migrates the empty database; the ones after it find it ready.
		await instance.importCredentials(setup.credentials(emulator.apiUrl));
		await instance.importActive(setup.workflows);
		const cluster = (parts.cluster = await startQueueCluster(group, instance, setup));
		const rest = await N8nRestClient.signIn(n8n, cluster.main.url, cluster.main.owner);
		const records = (parts.records = await ExecutionRecords.connect(n8n, postgres));
		return { instance, postgres, redis, emulator, cluster, rest, records };
	}

	/** Everything n8n printed: the scan for secrets reads it. */
	outputs(): Record<string, string> {
		const { cluster, postgres, redis } = this.parts;
		const texts: Record<string, string> = {};
		if (cluster) {
			texts['n8n main output'] = cluster.main.process.output();
			for (const w of cluster.workers) texts[`n8n ${w.name} output`] = w.process.output();
		}
		if (postgres) texts['postgres output'] = postgres.process.output();
		if (redis) texts['redis output'] = redis.process.output();
		return texts;
	}

	/** Where n8n and its services keep files this run: the user folder, logs, Postgres' data. */
	scanRoots(): string[] {
		const { instance } = this.parts;
		const roots = [path.join(this.root, 'services')];
		if (instance) roots.push(instance.userFolder, instance.workDir);
		if (this.parts.postgres) roots.push(this.parts.postgres.dataDir);
		return roots;
	}

	/** Stops the n8n processes first (they hold database and Redis connections), then the services. */
	async stop(): Promise<void> {
		const { group, parts } = this;
		await parts.records?.close().catch(() => undefined);
		if (parts.cluster)
			await Promise.all(
				[parts.cluster.main.process, ...parts.cluster.workers.map((w) => w.process)].map(
					async (p) => await group.stop(p),
				),
			);
		await Promise.all(
			[parts.emulator?.process, parts.redis?.process, parts.postgres?.process].map(async (p) =>
				p ? await group.stop(p) : undefined,
			),
		);
	}

	/** Deletes Postgres' files (outside `root`: they belong to the user the cluster ran as). */
	removeDatabase(): void {
		this.parts.postgres?.remove();
	}
}
