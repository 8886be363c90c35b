import { SEED_USER_IDS, type RateLimit } from '../emulator';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/client';
import { seedId } from '../emulator/seed';

/**
 * The emulator in a child process, so the node under test has a core to itself and the emulator's
 * token store does not count towards the node's memory; set up per run through its admin routes.
 */
export type BenchEmulator = EmulatorProcess;

export interface EmulatorSettings {
	rateLimit: RateLimit | null;
	latencyMs: number;
}

/** A development key on the same emulator, for scenarios at Clerk's development limit. */
export const BENCH_DEV_SECRET_KEY = 'sk_test_bench_0123456789abcdef';

/**
 * A key without Clerk's prefixes, so the node knows no documented limit for it and paces nothing
 * until a 429: for the engine scenarios that measure the node's own cost with no limit and send
 * more than a production key's 1000 requests in 10 s (the node would hold those to Clerk's limit).
 */
const BENCH_UNPACED_SECRET_KEY = 'sk_bench_unpaced_0123456789abcdef';

/** The emulator reached with the key the node paces nothing for (see BENCH_UNPACED_SECRET_KEY). */
export const unpaced = (emulator: BenchEmulator) => ({
	apiUrl: emulator.apiUrl,
	secretKey: BENCH_UNPACED_SECRET_KEY,
});

// seedId pads with zeros, so a stem must end in a letter: "bench1" and "bench10" would be one ID.
/** Users the bench emulator adds on top of the seed: distinct IDs and addresses for By Email runs and storms. */
export const benchUserId = (index: number): string => seedId('user', `bench${index}x`);
const benchEmail = (index: number): string => `bench.user${index}@bench.example`;

export async function startBenchEmulator(extraUsers: number): Promise<BenchEmulator> {
	// A production key first: the node starts from the documented 1000 per 10 s, as most
	// scenarios emulate a production instance.
	const emulator = await startEmulatorProcess({
		secretKeys: ['sk_live_bench_0123456789abcdef', BENCH_DEV_SECRET_KEY, BENCH_UNPACED_SECRET_KEY],
	});
	await emulator.addUsers(
		Array.from({ length: extraUsers }, (_, i) => ({
			id: benchUserId(i),
			email: benchEmail(i),
			first_name: 'Bench',
			last_name: `User ${i}`,
		})),
	);
	return emulator;
}

/**
 * Sets limit and latency and clears counters, arrival times, tokens and the limiter's window.
 * `recordRequests` keeps every /v1 request (with its body) in arrival order.
 */
export async function setUp(
	emulator: BenchEmulator,
	settings: EmulatorSettings,
	recordRequests = false,
): Promise<void> {
	// The node's pacer still counts the last run's requests, as Clerk would.
	if (settings.rateLimit) await emulator.untilOutOfWindow(settings.rateLimit.windowMs);
	await emulator.configure({ ...settings, recordRequests });
	await emulator.reset();
}

const SEEDED = [SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan];

/** `count` existing user IDs (the seed users in turn), as a spreadsheet column would give them. */
export const userIds = (count: number): string[] =>
	Array.from({ length: count }, (_, i) => SEEDED[i % SEEDED.length]);

export const idItems = (count: number) => userIds(count).map((userId) => ({ userId }));

/** `count` distinct addresses of users the bench emulator added. */
export const emailItems = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ email: benchEmail(i) }));
