import { EmulatorServer } from './server';
import { DEFAULT_HOST } from './defaults';
import type { ClerkEmulator, EmulatorOptions } from './types';

export type * from './types';
export { apiUrlOf, DEFAULT_CLI_PORT, DEFAULT_SECRET_KEY } from './defaults';
export { SEED_ORG_ID, SEED_USER_IDS } from './seed';

/** Starts a Clerk Backend API emulator on loopback; `close()` it when done. */
export async function startClerkEmulator(options: EmulatorOptions = {}): Promise<ClerkEmulator> {
	const emulator = new EmulatorServer(options);
	await emulator.listen(options.port ?? 0, options.host ?? DEFAULT_HOST);
	return emulator;
}
