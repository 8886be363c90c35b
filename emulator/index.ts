import { EmulatorServer } from './server';
import type { ClerkEmulator, EmulatorOptions } from './types';

export type {
	ClerkEmulator,
	Counters,
	EmulatorOptions,
	EmulatorEmailAddress,
	EmulatorOrganization,
	EmulatorUser,
	Fault,
	FaultRule,
	RateLimit,
	RecordedRequest,
	SignInToken,
	SignInTokenRecord,
	SignInTokenStatus,
} from './types';
export { DEFAULT_SECRET_KEY, TICKET_ACCEPT_PATH } from './server';
export { SEED_ORG_ID, SEED_USER_IDS } from './seed';

/** Starts a Clerk Backend API emulator on loopback; `close()` it when done. */
export async function startClerkEmulator(options: EmulatorOptions = {}): Promise<ClerkEmulator> {
	const emulator = new EmulatorServer(options);
	await emulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return emulator;
}
