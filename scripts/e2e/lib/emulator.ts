import path from 'node:path';

import { freePort, GiveUp, waitFor } from './free-port';
import { repoRoot } from './n8n-lines';
import type { ProcessGroup, StartedProcess } from './processes';

export const emulatorSecretKey = 'sk_test_emulator_0123456789abcdef';

export interface EmulatorUserSummary {
	id: string;
	first_name: string | null;
	last_name: string | null;
	email_addresses: Array<{ email_address: string }>;
}

export interface EmulatorRequestSummary {
	method: string;
	path: string;
}

/** A sign-in token as the emulator stores it (its record, not the API shape: `userId`, not `user_id`). */
export interface EmulatorTokenSummary {
	id: string;
	userId: string;
	status: string;
	token: string;
}

export interface FaultRuleBody {
	fault: { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> };
	method?: string;
	path?: string;
	times?: number;
}

/** The Clerk emulator as a separate process (its CLI), and a client for its admin routes. */
export class EmulatorProcess {
	private constructor(
		readonly process: StartedProcess,
		readonly url: string,
		readonly secretKey: string,
	) {}

	get apiUrl(): string {
		return `${this.url}/v1`;
	}

	static async start(
		group: ProcessGroup,
		options: { port?: number; secretKey?: string; logFile?: string } = {},
	): Promise<EmulatorProcess> {
		const port = options.port ?? (await freePort());
		const secretKey = options.secretKey ?? emulatorSecretKey;
		const started = group.start(
			'clerk emulator',
			path.join(repoRoot, 'node_modules', '.bin', 'ts-node'),
			[
				'--transpile-only',
				path.join(repoRoot, 'emulator', 'cli.ts'),
				'--port',
				String(port),
				'--key',
				secretKey,
			],
			{ cwd: repoRoot, logFile: options.logFile },
		);
		const emulator = new EmulatorProcess(started, `http://127.0.0.1:${port}`, secretKey);
		await waitFor(
			`the Clerk emulator on port ${port}`,
			async () => {
				if (started.child.exitCode !== null)
					throw new GiveUp(`emulator exited: ${started.output()}`);
				const res = await fetch(`${emulator.url}/__emulator/counters`);
				return res.ok;
			},
			30_000,
		).catch((error: Error) => {
			throw new Error(`${error.message}\n${started.output()}`);
		});
		return emulator;
	}

	private async admin<T>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/__emulator/${route}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`emulator admin ${method} ${route} answered ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async users(): Promise<EmulatorUserSummary[]> {
		const body = await this.admin<EmulatorUserSummary[] | { data: EmulatorUserSummary[] }>(
			'GET',
			'users',
		);
		return Array.isArray(body) ? body : body.data;
	}

	async userIdByEmail(email: string): Promise<string> {
		const user = (await this.users()).find((u) =>
			u.email_addresses.some((e) => e.email_address === email),
		);
		if (!user) throw new Error(`the emulator has no user with email ${email}`);
		return user.id;
	}

	async requests(): Promise<EmulatorRequestSummary[]> {
		const body = await this.admin<EmulatorRequestSummary[] | { data: EmulatorRequestSummary[] }>(
			'GET',
			'requests',
		);
		return Array.isArray(body) ? body : body.data;
	}

	async tokens(): Promise<EmulatorTokenSummary[]> {
		return await this.admin<EmulatorTokenSummary[]>('GET', 'tokens');
	}

	async acceptToken(id: string): Promise<void> {
		await this.admin('POST', `tokens/${encodeURIComponent(id)}/accept`);
	}

	async injectFault(rule: FaultRuleBody): Promise<void> {
		await this.admin('POST', 'faults', rule);
	}

	async configure(config: {
		rateLimit?: { limit: number; windowMs: number } | null;
		latencyMs?: number;
	}): Promise<void> {
		await this.admin('PUT', 'config', config);
	}

	async reset(): Promise<void> {
		await this.admin('POST', 'reset');
	}
}
