import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CommandOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
	/** Appends the command line and all its output here (the secret scan reads these logs too). */
	logFile?: string;
	input?: string;
}

/** Runs a command to completion; a command that outlives its timeout is killed with its children. */
export async function runCommand(
	command: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const started = Date.now();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true,
		stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
	});
	if (options.input !== undefined) child.stdin?.end(options.input);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
	child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
	const timeoutMs = options.timeoutMs ?? 300_000;
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		try {
			process.kill(-(child.pid as number), 'SIGKILL');
		} catch {
			// Already gone.
		}
	}, timeoutMs);
	const code = await new Promise<number | null>((resolve) => {
		child.on('close', (c) => resolve(c));
		child.on('error', (e) => {
			stderr += String(e);
			resolve(null);
		});
	});
	clearTimeout(timer);
	if (timedOut) stderr += `\n[timed out after ${timeoutMs} ms]`;
	const result = { code, stdout, stderr, ms: Date.now() - started };
	if (options.logFile) {
		appendFileSync(
			options.logFile,
			`\n$ ${command} ${args.join(' ')}\n[exit ${code}, ${result.ms} ms]\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n`,
		);
	}
	return result;
}

/** Like runCommand, but a non-zero exit is an error that carries the command's output. */
export async function runOrThrow(
	command: string,
	args: string[],
	options: CommandOptions = {},
): Promise<CommandResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited with ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
		);
	}
	return result;
}
