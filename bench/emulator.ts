import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import axios from 'axios';

import type { Counters, RateLimit, RecordedRequest, SignInTokenRecord } from '../test/emulator';

const READY_TIMEOUT_MS = 30_000;

export interface EmulatorSettings {
	rateLimit: RateLimit | null;
	latencyMs: number;
}

/** The emulator in a child process, set up per scenario through its admin routes. */
export class BenchEmulator {
	private constructor(
		private readonly child: ChildProcess,
		readonly apiUrl: string,
		private readonly adminUrl: string,
		readonly secretKey: string,
	) {}

	static async start(extraUsers: number): Promise<BenchEmulator> {
		const child = spawn(
			process.execPath,
			[
				'-r',
				'ts-node/register/transpile-only',
				path.join(__dirname, 'emulator-process.ts'),
				String(extraUsers),
			],
			{
				// The IPC channel closes when this process dies, and the child then stops too.
				stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
			},
		);
		const ready = await new Promise<{ apiUrl: string; url: string; secretKey: string }>(
			(resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error('the bench emulator did not start in time')),
					READY_TIMEOUT_MS,
				);
				child.once('exit', (code) => reject(new Error(`the bench emulator exited with ${code}`)));
				createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
					if (!line.startsWith('READY ')) return;
					clearTimeout(timer);
					resolve(
						JSON.parse(line.slice('READY '.length)) as {
							apiUrl: string;
							url: string;
							secretKey: string;
						},
					);
				});
			},
		);
		return new BenchEmulator(child, ready.apiUrl, `${ready.url}/__emulator`, ready.secretKey);
	}

	/**
	 * Sets limit and latency and clears counters, tokens and the limiter's window. `recordRequests`
	 * keeps every /v1 request (with its body) in arrival order, as `arrivals()` keeps their times.
	 */
	async configure(settings: EmulatorSettings, recordRequests = false): Promise<void> {
		await axios.put(`${this.adminUrl}/config`, { ...settings, recordRequests });
		await axios.post(`${this.adminUrl}/reset`, {});
		await this.arrivals();
	}

	/** Arrival times (ms since the epoch) of the /v1 requests since the last call. */
	async arrivals(): Promise<number[]> {
		const answer = new Promise<number[]>((resolve) => {
			const listen = (message: { type?: string; times?: number[] }) => {
				if (message.type !== 'arrivals') return;
				this.child.off('message', listen);
				resolve(message.times ?? []);
			};
			this.child.on('message', listen);
		});
		this.child.send({ type: 'arrivals' });
		return await answer;
	}

	/** The /v1 requests recorded since `configure(…, true)`, in arrival order. */
	async requests(): Promise<RecordedRequest[]> {
		return (await axios.get<RecordedRequest[]>(`${this.adminUrl}/requests`)).data;
	}

	/** The tokens made since the last reset, with who they are for and when they were made. */
	async tokens(): Promise<SignInTokenRecord[]> {
		return (await axios.get<SignInTokenRecord[]>(`${this.adminUrl}/tokens`)).data;
	}

	async counters(): Promise<Counters> {
		return (await axios.get<Counters>(`${this.adminUrl}/counters`)).data;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		await exited;
	}
}
