import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** Asks the kernel for a free loopback port (there is a small race until the caller binds it). */
export async function freePort(): Promise<number> {
	const server = createServer().listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as AddressInfo;
	server.close();
	await once(server, 'close');
	return port;
}

/**
 * Polls until `probe` resolves true, or throws after `timeoutMs` naming `what`. A probe that throws
 * means "not yet"; when `watched` exits first the wait fails at once with the end of its output.
 */
export async function until(
	what: string,
	probe: () => Promise<boolean>,
	{ timeoutMs, everyMs = 250, watched }: { timeoutMs: number; everyMs?: number; watched?: Started },
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (watched && watched.child.exitCode !== null)
			throw new Error(
				`${watched.name} exited while waiting for ${what}\n${watched.output().slice(-4000)}`,
			);
		if (await probe().catch(() => false)) return;
		if (Date.now() > deadline) {
			const tail = watched ? `\n${watched.output().slice(-4000)}` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${tail}`);
		}
		await sleep(everyMs);
	}
}

/** A long-running process of a group: its output so far (stdout and stderr interleaved). */
export interface Started {
	name: string;
	child: ChildProcess;
	output: () => string;
	exited: Promise<unknown>;
}

/**
 * Every long-running process the lab starts goes through one group, so one call stops them all,
 * on success, on a failure, on an exception and on Ctrl-C.
 */
export class ProcessGroup {
	private readonly running = new Set<Started>();

	/** True once a signal asked everything to stop. */
	stopping = false;

	start(
		name: string,
		command: string,
		args: string[],
		options: SpawnOptions & { logFile?: string } = {},
	): Started {
		// detached: the child leads its own process group, so stopping it also stops what it spawned
		// (n8n starts task runners, npm starts node).
		const child = spawn(command, args, { ...options, detached: true, stdio: 'pipe' });
		child.stdin?.end();
		let text = '';
		if (options.logFile) mkdirSync(path.dirname(options.logFile), { recursive: true });
		const log = options.logFile ? createWriteStream(options.logFile) : undefined;
		for (const stream of [child.stdout, child.stderr])
			stream?.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				log?.write(chunk);
			});
		const exited = once(child, 'exit').catch(() => undefined);
		const started: Started = { name, child, output: () => text, exited };
		this.running.add(started);
		void exited.then(() => {
			log?.end();
			this.running.delete(started);
		});
		return started;
	}

	async stop(started: Started, graceMs = 8000): Promise<void> {
		const { pid } = started.child;
		if (!this.running.has(started) || pid === undefined) return;
		signalGroup(pid, 'SIGTERM');
		const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
		await started.exited;
		clearTimeout(kill);
		// The leader may exit before its children; make sure none of the group is left behind.
		signalGroup(pid, 'SIGKILL');
	}

	private readonly onStopped: Array<() => Promise<void>> = [];

	/** Something else to close with the processes (a server of the caller's own, a cluster). */
	onStop(close: () => Promise<void>): void {
		this.onStopped.push(close);
	}

	async stopAll(): Promise<void> {
		// The caller's own first: they may stop their processes in an order of their own.
		await Promise.all(this.onStopped.splice(0).map(async (close) => await close()));
		await Promise.all([...this.running].map(async (p) => await this.stop(p)));
	}

	/**
	 * Stops everything when the script is interrupted, then exits with the signal's code; and, as a
	 * last resort, kills what is left when the script exits any other way.
	 */
	stopOnSignals(onStopped?: () => void): void {
		process.once('exit', () => {
			for (const p of this.running) if (p.child.pid) signalGroup(p.child.pid, 'SIGKILL');
		});
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
			process.once(signal, () => {
				this.stopping = true;
				console.error(`\n${signal}: stopping ${this.running.size} process(es)…`);
				void this.stopAll().finally(() => {
					onStopped?.();
					process.exit(signal === 'SIGINT' ? 130 : 143);
				});
			});
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	/** Appends the command line and all its output here (the secret scan reads these logs too). */
	logFile?: string;
}

/** Runs a command to completion; a non-zero exit is a result, not an error. */
export async function runCommand(
	command: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const started = Date.now();
	const result = await promisify(execFile)(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		timeout: options.timeoutMs ?? 300_000,
		killSignal: 'SIGKILL',
		maxBuffer: 512 * 2 ** 20,
	}).then(
		({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
		(error: Error & { code?: unknown; stdout?: string; stderr?: string; killed?: boolean }) => ({
			code: typeof error.code === 'number' ? error.code : null,
			stdout: error.stdout ?? '',
			stderr: `${error.stderr ?? ''}${error.killed ? '\n[timed out]' : ''}${typeof error.code === 'number' ? '' : `\n${error.message}`}`,
		}),
	);
	if (options.logFile)
		appendFileSync(
			options.logFile,
			`\n$ ${command} ${args.join(' ')}\n[exit ${result.code}, ${Date.now() - started} ms]\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n`,
		);
	return result;
}

/** Like runCommand, but a non-zero exit is an error that carries the command's output. */
export async function runOrThrow(
	command: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0)
		throw new Error(
			`${command} ${args.join(' ')} exited with ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
		);
	return result;
}

/** A whole-number setting from the environment, or its default. */
export function positiveSetting(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
	return value;
}
