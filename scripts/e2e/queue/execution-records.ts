import { createRequire } from 'node:module';
import path from 'node:path';

import type { InstalledN8n } from '../lib/n8n-lines';
import type { RunningPostgres } from './postgres';

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
