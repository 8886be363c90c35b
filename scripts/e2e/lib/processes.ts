import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export interface StartedProcess {
	name: string;
	child: ChildProcess;
	/** Everything the process printed so far (stdout and stderr interleaved). */
	output: () => string;
	exited: Promise<number | null>;
}

/**
 * Every long-running process the suite starts goes through here, so one call stops them all,
 * on success, on a failed check, on an exception and on Ctrl-C.
 */
export class ProcessGroup {
	private readonly running = new Set<StartedProcess>();

	/** True once a signal asked everything to stop. */
	stopping = false;

	/**
	 * `toFileOnly`: the output goes straight to `logFile`, not through this process, for children
	 * that must keep running while this process is blocked (a background install).
	 */
	start(
		name: string,
		command: string,
		args: string[],
		options: SpawnOptions & { logFile?: string; toFileOnly?: boolean },
	): StartedProcess {
		if (options.logFile) mkdirSync(path.dirname(options.logFile), { recursive: true });
		if (options.toFileOnly && options.logFile) {
			const fd = openSync(options.logFile, 'a');
			const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
			closeSync(fd);
			return this.track(name, child, () => '', undefined);
		}
		// detached: the child leads its own process group, so stopping it also stops what it spawned
		// (n8n starts task runners, npm starts node).
		const child = spawn(command, args, {
			...options,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let text = '';
		const log: WriteStream | undefined = options.logFile
			? createWriteStream(options.logFile)
			: undefined;
		log?.on('error', (error) => console.error(`${name}: cannot write its log: ${error.message}`));
		const onData = (chunk: Buffer) => {
			text += chunk.toString();
			log?.write(chunk);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		return this.track(name, child, () => text, log);
	}

	private track(
		name: string,
		child: ChildProcess,
		output: () => string,
		log: WriteStream | undefined,
	): StartedProcess {
		const exited = new Promise<number | null>((resolve) => {
			child.on('exit', (code) => {
				log?.end();
				resolve(code);
			});
			child.on('error', () => resolve(null));
		});
		const started: StartedProcess = { name, child, output, exited };
		this.running.add(started);
		void exited.then(() => this.running.delete(started));
		return started;
	}

	async stop(started: StartedProcess, graceMs = 8000): Promise<void> {
		if (!this.running.has(started) || started.child.pid === undefined) return;
		signalGroup(started.child.pid, 'SIGTERM');
		const timer = setTimeout(() => signalGroup(started.child.pid as number, 'SIGKILL'), graceMs);
		await started.exited;
		clearTimeout(timer);
		// The leader may exit before its children; make sure none of the group is left behind.
		signalGroup(started.child.pid, 'SIGKILL');
	}

	async stopAll(): Promise<void> {
		await Promise.all([...this.running].map(async (p) => await this.stop(p)));
	}

	/**
	 * Stops everything when the script is interrupted, then exits with the signal's code; and, as a
	 * last resort, kills what is left when the script exits any other way (an uncaught error).
	 */
	stopOnSignals(onStopped?: () => void): void {
		process.once('exit', () => {
			for (const p of this.running)
				if (p.child.pid !== undefined) signalGroup(p.child.pid, 'SIGKILL');
		});
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
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
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}
