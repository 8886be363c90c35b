import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { ADMIN_PREFIX, API_PREFIX, apiUrlOf, DEFAULT_SECRET_KEY } from './defaults';
import type {
	ClerkEmulator,
	Counters,
	EmulatorConfig,
	EmulatorOptions,
	EmulatorOrganization,
	EmulatorUser,
	FaultRule,
	RecordedRequest,
	SignInTokenRecord,
	UserSeed,
} from './types';

// Past a window's end before a request is surely out of it: answers still on their way, clocks.
const WINDOW_MARGIN_MS = 1000;

export interface ApiResponse {
	status: number;
	headers: Headers;
	text: string;
	/** The body parsed as JSON; undefined when it is not JSON. */
	json: unknown;
}

export interface ApiCall {
	body?: unknown;
	/** Secret key to send; null sends no Authorization header. Default: the client's key. */
	key?: string | null;
	headers?: Record<string, string>;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** One HTTP call; a body that is not a string is sent as JSON. */
export async function httpCall(
	url: string,
	method: string,
	init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { ...init.headers };
	let body: string | undefined;
	if (init.body !== undefined) {
		body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(url, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: parseJson(text) };
}

/** JSON has no RegExp or Infinity: the admin route takes `pathRegex` and `times: null`. */
function faultRuleToJson(rule: FaultRule): Record<string, unknown> {
	const { path: match, times, ...rest } = rule;
	return {
		...rest,
		...(match instanceof RegExp ? { pathRegex: match.source } : { path: match }),
		times: times === Infinity ? null : times,
	};
}

/**
 * The emulator over HTTP: its Backend API as the node calls it, and its admin routes, typed.
 * Works the same for an emulator in this process and one in a child process.
 */
export class EmulatorClient {
	/** `url` is the emulator's origin (`http://127.0.0.1:PORT`), without `/v1`. */
	constructor(
		readonly url: string,
		readonly secretKey: string = DEFAULT_SECRET_KEY,
	) {}

	static of(emulator: Pick<ClerkEmulator, 'url' | 'secretKey'>): EmulatorClient {
		return new EmulatorClient(emulator.url, emulator.secretKey);
	}

	/** The Backend API URL, for a credential's base URL. */
	get apiUrl(): string {
		return apiUrlOf(this.url);
	}

	/** A Backend API call as the node makes it: Bearer key, JSON body, `path` relative to /v1. */
	async api(method: string, path: string, options: ApiCall = {}): Promise<ApiResponse> {
		const key = options.key === undefined ? this.secretKey : options.key;
		const headers: Record<string, string> = { ...options.headers };
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		return await httpCall(`${this.apiUrl}${path}`, method, { body: options.body, headers });
	}

	/** An admin call as sent, whatever it answers; `path` is relative to /__emulator. */
	async admin(method: string, path: string, body?: unknown): Promise<ApiResponse> {
		return await httpCall(`${this.url}${ADMIN_PREFIX}${path}`, method, { body });
	}

	private async adminJson<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await this.admin(method, path, body);
		if (res.status !== 200)
			throw new Error(`emulator admin ${method} ${path} answered ${res.status}: ${res.text}`);
		return res.json as T;
	}

	// Typed admin calls that throw on a non-200 answer.
	readonly requests = (): Promise<RecordedRequest[]> => this.adminJson('GET', '/requests');
	/** Arrival times (ms since the epoch) of the /v1 requests since the last reset. */
	readonly arrivals = (): Promise<number[]> => this.adminJson('GET', '/arrivals');
	readonly counters = (): Promise<Counters> => this.adminJson('GET', '/counters');
	readonly users = (): Promise<EmulatorUser[]> => this.adminJson('GET', '/users');
	readonly organizations = (): Promise<EmulatorOrganization[]> =>
		this.adminJson('GET', '/organizations');
	/** Every token as the emulator keeps it, ticket and link included. */
	readonly tokens = (): Promise<SignInTokenRecord[]> => this.adminJson('GET', '/tokens');
	readonly clearFaults = (): Promise<void> => this.adminJson('DELETE', '/faults');
	readonly config = (): Promise<EmulatorConfig> => this.adminJson('GET', '/config');
	/** Clears requests, arrivals, counters, faults, tokens and the rate window; users stay. */
	readonly reset = (): Promise<void> => this.adminJson('POST', '/reset');

	/** Adds users (they list as the newest); several may share one email address. */
	async addUsers(seeds: readonly UserSeed[]): Promise<EmulatorUser[]> {
		return await this.adminJson('POST', '/users', seeds);
	}

	async userIdByEmail(email: string): Promise<string> {
		const user = (await this.users()).find((u) =>
			u.email_addresses.some((e) => e.email_address === email),
		);
		if (!user) throw new Error(`the emulator has no user with email ${email}`);
		return user.id;
	}

	/**
	 * Waits until the last /v1 request since the reset is `windowMs` old (and a margin): out of a
	 * rate window that long. A reset empties the emulator's window, not Clerk's, and a client that
	 * paces itself (the node) still counts what Clerk accepted in it: a run started sooner meets a
	 * key that the client believes fuller than the emulator does.
	 */
	async untilOutOfWindow(windowMs: number): Promise<void> {
		const last = Math.max(0, ...(await this.arrivals()));
		const wait = last + windowMs + WINDOW_MARGIN_MS - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	}

	/** Uses a token as the end user opening its link would; by id or by ticket. */
	async acceptToken(idOrToken: string): Promise<SignInTokenRecord> {
		return await this.adminJson('POST', `/tokens/${encodeURIComponent(idOrToken)}/accept`);
	}

	async injectFault(rule: FaultRule): Promise<void> {
		await this.adminJson('POST', '/faults', faultRuleToJson(rule));
	}

	async configure(config: Partial<EmulatorConfig>): Promise<EmulatorConfig> {
		return await this.adminJson('PUT', '/config', config);
	}
}

/** What the emulator's CLI takes; `port` defaults to 0 (a free port) here. */
export type EmulatorProcessOptions = Pick<
	EmulatorOptions,
	'port' | 'host' | 'secretKeys' | 'rateLimit' | 'latencyMs'
> & {
	/** false = the CLI's --no-record: no request records and no arrival times. */
	record?: boolean;
};

/** The command line that runs the emulator's CLI with these options. */
export function emulatorCommand(options: EmulatorProcessOptions = {}): {
	command: string;
	args: string[];
} {
	const args = [
		'-r',
		require.resolve('ts-node/register/transpile-only'),
		path.join(__dirname, 'cli.ts'),
		'--port',
		String(options.port ?? 0),
	];
	if (options.host !== undefined) args.push('--host', options.host);
	for (const key of options.secretKeys ?? []) args.push('--key', key);
	if (options.rateLimit)
		args.push('--rate-limit', `${options.rateLimit.limit}/${options.rateLimit.windowMs}ms`);
	if (options.latencyMs !== undefined) args.push('--latency', String(options.latencyMs));
	if (options.record === false) args.push('--no-record');
	return { command: process.execPath, args };
}

const READY_TIMEOUT_MS = 30_000;
const READY_LINE = /^READY (\S+)$/m;

/** Waits for the CLI's `READY <apiUrl>` line on the child's stdout; returns the emulator's origin. */
export async function waitForReady(child: ChildProcess): Promise<string> {
	const stdout = child.stdout;
	if (!stdout) throw new Error('the emulator process needs a piped stdout');
	let printed = '';
	return await new Promise<string>((resolve, reject) => {
		const fail = (why: string): void => {
			finish();
			reject(new Error(`${why}; it printed:\n${printed}`));
		};
		const timer = setTimeout(
			() => fail(`the emulator printed no READY line in ${READY_TIMEOUT_MS} ms`),
			READY_TIMEOUT_MS,
		);
		const onExit = (code: number | null): void => fail(`the emulator exited with ${code}`);
		const onData = (chunk: Buffer): void => {
			printed += chunk.toString();
			const ready = READY_LINE.exec(printed);
			if (!ready) return;
			finish();
			resolve(ready[1].slice(0, -API_PREFIX.length));
		};
		function finish(): void {
			clearTimeout(timer);
			child.off('exit', onExit);
			stdout?.off('data', onData);
		}
		child.once('exit', onExit);
		stdout.on('data', onData);
	});
}

/** The emulator's CLI in a child process, with a client for it. */
export class EmulatorProcess extends EmulatorClient {
	constructor(
		readonly child: ChildProcess,
		url: string,
		secretKey: string,
	) {
		super(url, secretKey);
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		await exited;
	}
}

/**
 * Starts the emulator's CLI as a child process on a free port and waits until it serves.
 * `spawnChild` may run the command its own way (a process group with a log file); it must pipe
 * stdout. By default the child keeps an IPC channel, so it stops when this process dies.
 */
export async function startEmulatorProcess(
	options: EmulatorProcessOptions = {},
	spawnChild: (command: string, args: string[]) => ChildProcess = (command, args) =>
		spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] }),
): Promise<EmulatorProcess> {
	const { command, args } = emulatorCommand(options);
	const child = spawnChild(command, args);
	const url = await waitForReady(child);
	return new EmulatorProcess(child, url, options.secretKeys?.[0] ?? DEFAULT_SECRET_KEY);
}
