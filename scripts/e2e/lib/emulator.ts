import {
	EmulatorClient,
	emulatorCommand,
	waitForReady,
	type EmulatorProcessOptions,
} from '../../../emulator/client';
import { DEFAULT_SECRET_KEY } from '../../../emulator';

import { repoRoot } from './n8n-lines';
import type { ProcessGroup, StartedProcess } from './processes';

/** The Clerk emulator's CLI as a process of the suite's group (stopped and logged with the rest). */
export class EmulatorProcess extends EmulatorClient {
	private constructor(
		readonly process: StartedProcess,
		url: string,
		secretKey: string,
	) {
		super(url, secretKey);
	}

	static async start(
		group: ProcessGroup,
		options: { port?: EmulatorProcessOptions['port']; secretKey?: string; logFile?: string } = {},
	): Promise<EmulatorProcess> {
		const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
		const { command, args } = emulatorCommand({ port: options.port, secretKeys: [secretKey] });
		const started = group.start('clerk emulator', command, args, {
			cwd: repoRoot,
			logFile: options.logFile,
		});
		return new EmulatorProcess(started, await waitForReady(started.child), secretKey);
	}
}
