import path from 'node:path';

import { EmulatorProcess } from './emulator';
import { installIntoUserFolder } from './install-package';
import { N8nInstance } from './n8n-instance';
import type { InstalledN8n } from './n8n-lines';
import { startServerWithOwner, type RunningServer } from './n8n-server';
import type { ProcessGroup } from './processes';
import { exampleCredential, examples, loadExample } from './workflows';

export interface Playground {
	emulator: EmulatorProcess;
	instance: N8nInstance;
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
	options: { root: string; n8nPort: number; emulatorPort?: number; secretKey?: string },
): Promise<Playground> {
	const emulator = await EmulatorProcess.start(group, {
		port: options.emulatorPort,
		secretKey: options.secretKey,
		logFile: path.join(options.root, 'emulator.log'),
	});
	const instance = new N8nInstance(
		n8n,
		path.join(options.root, 'user'),
		path.join(options.root, 'work'),
	);
	await installIntoUserFolder(instance.userFolder, tarball);
	await instance.importCredentials([
		{ ...exampleCredential, secretKey: emulator.secretKey, baseUrl: emulator.apiUrl },
	]);
	await instance.importWorkflows([
		loadExample(examples.emailLink),
		loadExample(examples.revokeLink),
	]);
	const server = await startServerWithOwner(group, instance, options.n8nPort);
	return { emulator, instance, server };
}
