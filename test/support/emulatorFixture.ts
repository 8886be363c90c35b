import { startClerkEmulator } from '../../emulator';
import type { INodeParameters } from 'n8n-workflow';

import type { ClerkEmulator, EmulatorOptions } from '../../emulator';
import { pacers } from '../../nodes/ClerkSignInToken/api/pacers';
import { runClerkNode } from './engineHarness';
import type { ClerkCredentialData, RunOptions, RunResult } from './engineHarness';

/** One emulator per test file, emptied before each test (seeded users stay). */
export function useEmulator(options: EmulatorOptions = {}) {
	let emulator: ClerkEmulator | undefined;
	beforeAll(async () => {
		emulator = await startClerkEmulator(options);
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => {
		// The node paces per secret key for the whole process; each test starts with nothing learned.
		pacers.clear();
		// reset() empties the emulator but keeps its settings: a test's own limit or latency ends with it.
		emulator?.reset();
		emulator?.setRateLimit(options.rateLimit ?? null);
		emulator?.setLatency(options.latencyMs ?? 0);
	});
	const get = (): ClerkEmulator => {
		if (!emulator) throw new Error('the emulator has not started');
		return emulator;
	};
	return {
		get emulator(): ClerkEmulator {
			return get();
		},
		credentials(overrides: Partial<ClerkCredentialData> = {}): ClerkCredentialData {
			return { secretKey: get().secretKey, baseUrl: get().apiUrl, ...overrides };
		},
		/** Runs Input → Clerk Sign-In Token with `parameters`, on this emulator's credentials. */
		async run(parameters: INodeParameters, options: Partial<RunOptions> = {}): Promise<RunResult> {
			return await runClerkNode({ credentials: this.credentials(), parameters, ...options });
		},
	};
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

/** Create for each item's `userId`, with the given Options. */
export function createFor(options: INodeParameters = {}): INodeParameters {
	return { operation: 'create', user: byId('={{ $json.userId }}'), options };
}
