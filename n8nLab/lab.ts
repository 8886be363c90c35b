import path from 'node:path';

import { installIntoUserFolder } from './communityPackage';
import { EmulatorProcess } from './emulator';
import type { InstalledN8n } from './lines';
import { N8nInstance, type CredentialRecord } from './n8nInstance';
import type { ProcessGroup } from './processes';
import { expectNoSecrets } from './secretScan';

/** The Clerk emulator and one n8n with the packed package installed, in one folder. */
export interface Lab {
	root: string;
	emulator: EmulatorProcess;
	instance: N8nInstance;
}

/** Starts the emulator, installs the package into n8n's user folder and imports the credentials. */
export async function startLab(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	options: {
		root: string;
		secretKey: string;
		emulatorPort?: number;
		credentials: (emulator: EmulatorProcess) => CredentialRecord[];
	},
): Promise<Lab> {
	const emulator = await EmulatorProcess.start(group, {
		port: options.emulatorPort,
		secretKey: options.secretKey,
		logFile: path.join(options.root, 'emulator', 'emulator.log'),
	});
	const instance = new N8nInstance(n8n, options.root);
	await installIntoUserFolder(instance.userFolder, tarball);
	await instance.importCredentials(options.credentials(emulator));
	return { root: options.root, emulator, instance };
}

/**
 * A lab's last check, once its processes have stopped: none of the named secrets in n8n's folders
 * or the given texts, while the emulator's log, which prints the emulator's key, is the control.
 */
export function expectLabKeepsNoSecrets(
	lab: Lab,
	named: Record<string, string>,
	texts: Record<string, string> = {},
): void {
	const { instance, emulator } = lab;
	const scanned = expectNoSecrets(named, [instance.userFolder, instance.workDir], texts, {
		secret: emulator.secretKey,
		root: path.join(lab.root, 'emulator'),
	});
	console.log(`scanned ${scanned} files`);
}
