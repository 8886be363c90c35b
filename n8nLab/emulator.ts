import { randomBytes } from 'node:crypto';

import {
	EmulatorClient,
	emulatorCommand,
	waitForReady,
	type EmulatorProcessOptions,
} from '../emulator/client';
import { DEFAULT_SECRET_KEY } from '../emulator';

import { repoRoot } from './lines';
import type { ProcessGroup, Started } from './processes';

/** A Clerk-looking key unique to this run, so a hit in a secret scan can only come from this run. */
export function randomSecretKey(): string {
	return `sk_test_e2e${randomBytes(16).toString('hex')}`;
}

/** The Clerk emulator's CLI as a process of a lab's group (stopped and logged with the rest). */
export class EmulatorProcess extends EmulatorClient {
	private constructor(
		readonly process: Started,
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
