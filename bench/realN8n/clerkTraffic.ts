import type { Counters, RateLimit } from '../../emulator';
import type { BenchEmulator } from '../emulator';

/** One user's traffic at the emulator: when its first request arrived, how many, its tokens' times. */
interface UserTraffic {
	firstArrival: number;
	requests: number;
	tokens: number[];
}

interface Traffic {
	byUser: Map<string, UserTraffic>;
	total: number;
	refused: number;
}

function userOf(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const id: unknown = Reflect.get(body, 'user_id');
	return typeof id === 'string' ? id : undefined;
}

/**
 * Every create request since `setUp(…, true)`, per user: the emulator records requests and
 * their arrival times in the same order, and each token with the time it was made.
 */
export async function readTraffic(emulator: BenchEmulator): Promise<Traffic> {
	const [requests, arrivals, tokens, counters] = await Promise.all([
		emulator.requests(),
		emulator.arrivals(),
		emulator.tokens(),
		emulator.counters(),
	]);
	if (requests.length !== arrivals.length)
		throw new Error(`${requests.length} requests recorded but ${arrivals.length} arrival times`);
	const byUser = new Map<string, UserTraffic>();
	requests.forEach((request, i) => {
		const user = userOf(request.body);
		if (!user) return;
		const seen = byUser.get(user);
		if (seen) seen.requests++;
		else byUser.set(user, { firstArrival: arrivals[i], requests: 1, tokens: [] });
	});
	for (const token of tokens) byUser.get(token.userId)?.tokens.push(token.createdAt);
	return { byUser, total: counters.total, refused: counters.byStatus[429] ?? 0 };
}

/** What one storm made for the users its deliveries named, one delivery per user. */
export interface StormTokens {
	tokens: number;
	/** Users with no token: their execution failed or never ran. */
	missing: number;
	/** Users with more than one token: their event ran more than once. */
	duplicated: number;
	requests: number;
	refused: number;
	/** The storm's start → the last token. */
	lastTokenMs: number;
	/**
	 * Last token minus the best a pacer could do given when each execution first reached Clerk:
	 * each accepted no earlier than it arrived, at most `limit` in any window (Clerk's sliding
	 * window); with no limit, the last first arrival.
	 */
	behindIdealMs: number;
	/** Each user's first request at Clerk, for the users that reached it, in `users` order. */
	firstArrivals: Array<number | undefined>;
}

export function stormTokens(
	users: string[],
	traffic: Traffic,
	startMs: number,
	limit: RateLimit | null,
): StormTokens {
	let tokens = 0;
	let missing = 0;
	let duplicated = 0;
	let lastToken = 0;
	const firstArrivals = users.map((user) => {
		const seen = traffic.byUser.get(user);
		const made = seen?.tokens ?? [];
		tokens += made.length;
		if (made.length === 0) missing++;
		if (made.length > 1) duplicated++;
		for (const at of made) lastToken = Math.max(lastToken, at);
		return seen?.firstArrival;
	});
	const firsts = firstArrivals.filter((at) => at !== undefined).sort((a, b) => a - b);
	const accepted: number[] = [];
	for (let k = 0; k < firsts.length; k++)
		accepted.push(
			!limit || k < limit.limit
				? firsts[k]
				: Math.max(firsts[k], accepted[k - limit.limit] + limit.windowMs),
		);
	return {
		tokens,
		missing,
		duplicated,
		requests: traffic.total,
		refused: traffic.refused,
		lastTokenMs: lastToken - startMs,
		behindIdealMs: lastToken - (accepted[accepted.length - 1] ?? Number.NaN),
		firstArrivals,
	};
}

/**
 * Polls the emulator until `progress` reaches `target` or has not moved for `quietMs`. A storm's
 * executions finish on their own time after the deliveries were answered.
 */
export async function settle(
	emulator: BenchEmulator,
	progress: (counters: Counters) => number,
	target: number,
	quietMs: number,
	maxMs = 15 * 60_000,
): Promise<void> {
	const started = Date.now();
	let last = -1;
	let lastChange = Date.now();
	while (Date.now() - started < maxMs) {
		const now = progress(await emulator.counters());
		if (now >= target) return;
		if (now !== last) {
			last = now;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > quietMs) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
