import { execFileSync } from 'node:child_process';

import { freePort, runOrThrow, until, type ProcessGroup, type Started } from './processes';

export interface RunningRedis {
	host: string;
	port: number;
	process: Started;
}

function hasRedisServer(): boolean {
	try {
		execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/**
 * Installs Debian's redis-server when it is missing: CI starts on a clean machine, as root. The
 * package's service is not started (no init system runs there); the suite runs its own server.
 */
export async function ensureRedisServer(): Promise<void> {
	if (hasRedisServer()) return;
	if (process.getuid?.() !== 0)
		throw new Error(
			'redis-server is not installed: install it (Debian: sudo apt-get install -y redis-server) or run as root',
		);
	console.log('E2E: installing redis-server (apt-get)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Other jobs on the machine may hold the dpkg lock for a while: wait for it instead of failing.
	const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
	await runOrThrow('apt-get', [...lockWait, 'update', '-qq'], { env, timeoutMs: 600_000 });
	await runOrThrow('apt-get', [...lockWait, 'install', '-y', '-qq', 'redis-server'], {
		env,
		timeoutMs: 600_000,
	});
	if (!hasRedisServer()) throw new Error('apt-get installed redis-server, but it does not run');
}

/** A Redis of this run alone: free loopback port, no persistence, stopped with the group. */
export async function startRedis(group: ProcessGroup, logFile: string): Promise<RunningRedis> {
	await ensureRedisServer();
	const port = await freePort();
	const started = group.start(
		'redis',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ logFile },
	);
	await until(
		'redis to accept connections',
		async () => started.output().includes('Ready to accept connections'),
		{ timeoutMs: 30_000, watched: started },
	);
	return { host: '127.0.0.1', port, process: started };
}
