import path from 'node:path';

import { EmulatorProcess } from '../lib/emulator';
import { installIntoUserFolder } from '../lib/install-package';
import type { CredentialRecord } from '../lib/n8n-instance';
import type { InstalledN8n } from '../lib/n8n-lines';
import { N8nRestClient } from '../lib/n8n-rest';
import type { ProcessGroup } from '../lib/processes';
import type { Workflow } from '../lib/workflows';
import { ExecutionRecords } from './execution-records';
import { startPostgres, type RunningPostgres } from './postgres';
import { QueueN8nInstance, startQueueCluster, type QueueCluster } from './queue-cluster';
import { startRedis, type RunningRedis } from './redis';

export interface QueueSetup {
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
	instance: QueueN8nInstance;
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
	readonly userFolder: string;
	readonly workDir: string;
	readonly emulatorDir: string;
	private readonly parts: Partial<Omit<StartedQueue, 'instance' | 'rest'>> = {};

	constructor(
		private readonly group: ProcessGroup,
		private readonly n8n: InstalledN8n,
		readonly root: string,
	) {
		this.userFolder = path.join(root, 'user');
		this.workDir = path.join(root, 'work');
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
			installIntoUserFolder(this.userFolder, tarball),
		]);
		const instance = new QueueN8nInstance(n8n, this.userFolder, this.workDir, postgres, redis);
		if (setup.logLevel) instance.logLevel = setup.logLevel;
		// The first CLI command migrates the empty database; the ones after it find it ready.
		await instance.importCredentialRecords(setup.credentials(emulator.apiUrl));
		await instance.importWorkflows(setup.workflows);
		for (const workflow of setup.workflows) await instance.activateWorkflow(workflow.id);
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
		const roots = [this.userFolder, this.workDir, path.join(this.root, 'services')];
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
