import { createRequire } from 'node:module';
import path from 'node:path';

import type { InstalledN8n } from './lines';
import type { CredentialRecord, Owner } from './n8nInstance';
import { runFromRaw, type ParsedRun, type RawRun } from './runs';

/** One row of GET /rest/executions. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
}

// n8n ties a session to the browser that opened it when the browser names itself; one fixed name
// keeps every request of a client in the same session.
const browserId = 'clerk-e2e-rest-client';

interface Flatted {
	parse: (text: string) => unknown;
}

/**
 * The editor's REST API of a running n8n, signed in as a user: what the suite reads back from
 * n8n's own records (workflows, executions) rather than trusting what it sent.
 */
export class N8nRestClient {
	private constructor(
		readonly url: string,
		private readonly cookie: string,
		/** n8n stores run data with `flatted`; its own copy reads it back exactly. */
		private readonly flatted: Flatted,
	) {}

	static async signIn(n8n: InstalledN8n, url: string, owner: Owner): Promise<N8nRestClient> {
		const res = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!res.ok) throw new Error(`POST /rest/login answered ${res.status}: ${await res.text()}`);
		const cookie = res.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
		const fromN8n = createRequire(path.join(n8n.installDir, 'node_modules', 'n8n', 'package.json'));
		return new N8nRestClient(url, cookie, fromN8n('flatted') as Flatted);
	}

	/** A call as the signed-in user; the answer's `data`, or an error naming the route and status. */
	private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/rest/${route}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': browserId,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /rest/${route} answered ${res.status}: ${text.slice(0, 500)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** Replaces a credential's data, as saving it in the editor does. */
	async updateCredential(credential: CredentialRecord): Promise<void> {
		await this.request('PATCH', `credentials/${encodeURIComponent(credential.id)}`, credential);
	}

	/** Runs a credential's test, as the editor's Test button does, and returns n8n's verdict. */
	async testCredential(credential: CredentialRecord): Promise<{ status: string; message: string }> {
		return await this.request('POST', 'credentials/test', { credentials: credential });
	}

	async workflow(
		id: string,
	): Promise<{ id: string; active: boolean; activeVersionId?: string | null }> {
		return await this.request('GET', `workflows/${encodeURIComponent(id)}`);
	}

	/** The workflow's executions, newest first (n8n returns at most its page size; the suite makes few). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const body = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`executions?filter=${filter}&limit=100`,
		);
		return [...body.results].sort((a, b) => Number(b.id) - Number(a.id));
	}

	/** How many executions of the workflow n8n holds, in these statuses when given (all pages). */
	async executionCount(workflowId: string, status?: string[]): Promise<number> {
		const filter = encodeURIComponent(
			JSON.stringify({ workflowId, ...(status ? { status } : {}) }),
		);
		const body = await this.request<{ count: number }>(
			'GET',
			`executions?filter=${filter}&limit=1`,
		);
		return body.count;
	}

	async executionRun(id: string): Promise<ParsedRun> {
		const body = await this.request<{ finished?: boolean; status?: string; data: string }>(
			'GET',
			`executions/${encodeURIComponent(id)}`,
		);
		const data = this.flatted.parse(body.data) as RawRun['data'];
		return runFromRaw({ finished: body.finished, status: body.status, data });
	}
}
