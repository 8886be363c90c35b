/**
 * `npm start`: builds the package, starts the Clerk emulator and n8n 2.x with the package
 * installed, the emulator credential and the example workflows imported and an owner created,
 * then prints the URL and login. Ctrl-C stops everything it started.
 *
 * Environment: N8N_PORT (default 5678), CLERK_EMULATOR_PORT (default 4010),
 * PLAYGROUND_DIR (default ~/.cache/n8n-nodes-clerk-sign-in-token/playground; kept between runs,
 * so workflows you build survive a restart; delete it for a fresh start).
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { DEFAULT_CLI_PORT, DEFAULT_SECRET_KEY } from '../../emulator';
import { freePort } from './lib/free-port';
import { buildAndPack } from './lib/install-package';
import { cacheRoot, ensureInstalled, n8nLines } from './lib/n8n-lines';
import { startPlayground } from './lib/playground';
import { ProcessGroup } from './lib/processes';

async function portOrFree(wanted: number): Promise<number> {
	const free = await new Promise<boolean>((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(wanted, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
	if (free) return wanted;
	const other = await freePort();
	console.log(`port ${wanted} is taken, using ${other}`);
	return other;
}

const group = new ProcessGroup();

async function main(): Promise<void> {
	group.stopOnSignals(() => console.log('stopped n8n and the emulator'));
	const root = process.env.PLAYGROUND_DIR ?? path.join(cacheRoot, 'playground');
	mkdirSync(root, { recursive: true });
	const line = n8nLines.find((l) => l.installArg === '2');
	if (!line) throw new Error('no n8n 2.x line configured');

	console.log(`Installing ${line.label} if needed (first time: about 7 minutes)…`);
	const n8n = ensureInstalled(line);
	console.log('Building and packing the package…');
	const tarball = await buildAndPack(path.join(root, 'pack'));
	console.log('Starting the Clerk emulator and n8n…');
	const { emulator, server } = await startPlayground(group, n8n, tarball, {
		root,
		n8nPort: await portOrFree(Number(process.env.N8N_PORT ?? 5678)),
		emulatorPort: await portOrFree(Number(process.env.CLERK_EMULATOR_PORT ?? DEFAULT_CLI_PORT)),
		secretKey: DEFAULT_SECRET_KEY,
	});

	console.log(`
n8n ${line.version} is running with n8n-nodes-clerk-sign-in-token installed.

  Open      ${server.url}
  Email     ${server.owner.email}
  Password  ${server.owner.password}

  Workflows "Email a magic sign-in link" and "Revoke a sign-in link" use the credential
  "Clerk (emulator)", which points at the Clerk emulator:
  API URL   ${emulator.apiUrl}
  Key       ${emulator.secretKey}  (emulator only, not a real Clerk key)
  Users     ada@example.com, grace@example.com, alan@example.com, …

  Logs      ${root}/work/n8n-server.log, ${root}/emulator.log
  Ctrl-C stops n8n and the emulator.
`);
	await server.process.exited;
	if (group.stopping) return; // Ctrl-C: the signal handler stops the rest and exits.
	console.error('n8n exited; stopping the emulator');
	await group.stopAll();
	process.exit(1);
}

main().catch(async (error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	await group.stopAll();
	process.exit(1);
});
