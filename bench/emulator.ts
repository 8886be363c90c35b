import { startEmulatorProcess, type EmulatorProcess } from '../emulator/client';
import type {
	Counters,
	EmulatorUser,
	RateLimit,
	RecordedRequest,
	SignInTokenRecord,
} from '../emulator';

import { benchUserSeeds } from './seedItems';

export interface EmulatorSettings {
	rateLimit: RateLimit | null;
	latencyMs: number;
}

export const BENCH_SECRET_KEY = 'sk_live_bench_0123456789abcdef';
/** A development key on the same emulator, for scenarios at Clerk's development limit. */
export const BENCH_DEV_SECRET_KEY = 'sk_test_bench_0123456789abcdef';

/**
 * The emulator in a child process, so the node under test has a core to itself and the emulator's
 * token store does not count towards the node's memory; set up per scenario through its admin routes.
 */
export class BenchEmulator {
	private constructor(private readonly emulator: EmulatorProcess) {}

	get apiUrl(): string {
		return this.emulator.apiUrl;
	}

	get secretKey(): string {
		return this.emulator.secretKey;
	}

	static async start(extraUsers: number): Promise<BenchEmulator> {
		// A production key first: the node starts from the documented 1000 per 10 s, as most
		// scenarios emulate a production instance.
		const emulator = await startEmulatorProcess({
			secretKeys: [BENCH_SECRET_KEY, BENCH_DEV_SECRET_KEY],
		});
		await emulator.configure({ recordRequests: false });
		await emulator.addUsers(benchUserSeeds(extraUsers));
		return new BenchEmulator(emulator);
	}

	/**
	 * Sets limit and latency and clears counters, arrival times, tokens and the limiter's window.
	 * `recordRequests` keeps every /v1 request (with its body) in arrival order.
	 */
	async configure(settings: EmulatorSettings, recordRequests = false): Promise<void> {
		await this.emulator.configure({ ...settings, recordRequests });
		await this.emulator.reset();
	}

	/** The /v1 requests recorded since `configure(…, true)`, in arrival order. */
	async requests(): Promise<RecordedRequest[]> {
		return await this.emulator.requests();
	}

	/** The tokens made since the last reset, with who they are for and when they were made. */
	async tokens(): Promise<SignInTokenRecord[]> {
		return await this.emulator.tokens();
	}

	/** Arrival times (ms since the epoch) of the /v1 requests since the last `configure`. */
	async arrivals(): Promise<number[]> {
		return await this.emulator.arrivals();
	}

	async users(): Promise<EmulatorUser[]> {
		return await this.emulator.users();
	}

	async counters(): Promise<Counters> {
		return await this.emulator.counters();
	}

	async stop(): Promise<void> {
		await this.emulator.stop();
	}
}
