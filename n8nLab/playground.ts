/**
 * `npm start`: builds the package, starts the Clerk emulator and n8n 2.x with the package
 * installed, the emulator credential and the example workflows imported and an owner created,
 * then prints the URL and login. Ctrl-C stops everything it started.
 *
 * Environment: N8N_PORT (default 5678), CLERK_EMULATOR_PORT (default 4010),
 * PLAYGROUND_DIR (default ~/.cache/n8n-nodes-clerk-sign-in-token/playground; kept between runs,
 * so workflows you build survive a restart; delete it for a fresh start).
 */
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { DEFAULT_CLI_PORT, DEFAULT_SECRET_KEY } from '../emulator';
import { buildAndPack } from './communityPackage';
import { startLab, type Lab } from './lab';
import { cacheRoot, ensureInstalled, latestLine, type InstalledN8n } from './lines';
import { clerkApiCredential, type RunningServer } from './n8nInstance';
import { freePort, ProcessGroup } from './processes';
import { exampleCredential, examples, loadExample } from './workflows';

export interface Playground extends Lab {
	server: RunningServer;
}

/**
 * The emulator and an n8n server with the package installed, the emulator credential and the
 * example workflows imported and an owner created: what `npm start` and the editor checks use.
 */
export async function startPlayground(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	options: { root: string; n8nPort?: number; emulatorPort?: number; secretKey: string },
): Promise<Playground> {
	const lab = await startLab(group, n8n, tarball, {
		...options,
		credentials: (emulator) => [
			clerkApiCredential(exampleCredential, emulator.secretKey, emulator.apiUrl),
		],
	});
	await lab.instance.importWorkflows([
		loadExample(examples.emailLink),
		loadExample(examples.revokeLink),
	]);
	return { ...lab, server: await lab.instance.startServer(group, { port: options.n8nPort }) };
}

async function portOrFree(wanted: number): Promise<number> {
	const probe = createServer().listen(wanted, '127.0.0.1');
	const free = await Promise.race([
		once(probe, 'listening').then(() => true),
		once(probe, 'error').then(() => false),
	]);
	if (free) probe.close();
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
	const line = latestLine;

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

  Logs      ${root}/work/n8n-server.log, ${root}/emulator/emulator.log
  Ctrl-C stops n8n and the emulator.
`);
	await server.process.exited;
	if (group.stopping) return; // Ctrl-C: the signal handler stops the rest and exits.
	console.error('n8n exited; stopping the emulator');
	await group.stopAll();
	process.exit(1);
}

if (require.main === module)
	main().catch(async (error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		await group.stopAll();
		process.exit(1);
	});
