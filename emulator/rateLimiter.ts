import type { RateLimit } from './types';

/**
 * Accepted-request times of one key in a ring buffer sized to the limit: at most `limit` entries can
 * be inside the window, so checking a request is O(1) amortised and memory is bounded by the limit.
 */
class KeyWindow {
	private readonly times: number[];
	private head = 0;
	private size = 0;

	constructor(private readonly capacity: number) {
		this.times = new Array<number>(capacity).fill(0);
	}

	evictBefore(cutoff: number): void {
		while (this.size > 0 && this.times[this.head] <= cutoff) {
			this.head = (this.head + 1) % this.capacity;
			this.size--;
		}
	}

	get count(): number {
		return this.size;
	}

	get oldest(): number {
		return this.times[this.head];
	}

	push(now: number): void {
		this.times[(this.head + this.size) % this.capacity] = now;
		this.size++;
	}
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Clerk's documented limit: N requests per sliding window per secret key. Rejected requests do not
 * take a slot, so a client that waits `Retry-After` always gets through.
 */
export class SlidingWindowLimiter {
	private readonly windows = new Map<string, KeyWindow>();

	constructor(private readonly limit: RateLimit) {
		if (!Number.isInteger(limit.limit) || limit.limit < 1 || !(limit.windowMs > 0)) {
			throw new Error(
				`invalid rate limit ${JSON.stringify(limit)}: need an integer limit >= 1 and windowMs > 0`,
			);
		}
	}

	check(key: string, now: number): RateDecision {
		let window = this.windows.get(key);
		if (!window) {
			window = new KeyWindow(this.limit.limit);
			this.windows.set(key, window);
		}
		// A request made exactly windowMs ago has left the window.
		window.evictBefore(now - this.limit.windowMs);
		if (window.count < this.limit.limit) {
			window.push(now);
			return { allowed: true };
		}
		const msUntilSlot = window.oldest + this.limit.windowMs - now;
		return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msUntilSlot / 1000)) };
	}
}
