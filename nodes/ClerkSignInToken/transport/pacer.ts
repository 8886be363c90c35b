import { pause } from './pause';

/** Clerk counts requests per secret key in a sliding window of this length. */
export const CLERK_RATE_WINDOW_MS = 10_000;

// Start a learned window slot this long after the old request leaves it, so clock skew between
// n8n and Clerk does not turn a free slot into a 429.
const SLOT_MARGIN_MS = 25;

export interface PacerOptions {
	/** User's cap; 0 or undefined means none. */
	maxRequestsPerSecond?: number;
	windowMs?: number;
}

export interface PacerTicket {
	sentAt: number;
}

/**
 * Shares Clerk's rate limit between all requests of one execution. It learns the limit from the
 * first 429 (how many requests Clerk accepted in the window before refusing) and from then on
 * keeps at most that many in any window, so a bulk run settles just under the limit instead of
 * bouncing off it. A Retry-After pauses every request, not only the one that was refused.
 */
export class Pacer {
	private readonly windowMs: number;

	private readonly minIntervalMs: number;

	private learnedLimit: number | undefined;

	private pausedUntil = 0;

	private lastSentAt = 0;

	/** Send times of requests Clerk accepted, oldest first, pruned to the window. */
	private accepted: number[] = [];

	/** Send times of all requests in the window, oldest first (accepted, refused or in flight). */
	private sent: number[] = [];

	private queue: Promise<unknown> = Promise.resolve();

	constructor(options: PacerOptions = {}) {
		this.windowMs = options.windowMs ?? CLERK_RATE_WINDOW_MS;
		this.minIntervalMs =
			options.maxRequestsPerSecond && options.maxRequestsPerSecond > 0
				? 1000 / options.maxRequestsPerSecond
				: 0;
	}

	get limit(): number | undefined {
		return this.learnedLimit;
	}

	/** Resolves when this request may be sent. Callers queue in order, so slots are fair. */
	async acquire(signal?: AbortSignal): Promise<PacerTicket> {
		const turn = this.queue.then(async () => await this.waitForSlot(signal));
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	/** Reports Clerk's answer to a request sent with `ticket`. */
	settle(ticket: PacerTicket, status: number, retryAfterSeconds?: number): void {
		const now = Date.now();
		if (status !== 429) {
			this.accepted.push(ticket.sentAt);
			this.prune(this.accepted, now);
			return;
		}
		this.prune(this.accepted, now);
		// What Clerk let through in the window before refusing is the limit we may use; when a
		// learned limit still gets refused (someone else shares the key), it shrinks again.
		const observed = Math.max(1, this.accepted.length);
		this.learnedLimit = this.learnedLimit === undefined ? observed : Math.max(1, Math.min(this.learnedLimit - 1, observed));
		const waitMs = Math.max(1, retryAfterSeconds ?? 1) * 1000;
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
	}

	private async waitForSlot(signal?: AbortSignal): Promise<PacerTicket> {
		for (;;) {
			if (signal?.aborted) return { sentAt: Date.now() };
			const now = Date.now();
			this.prune(this.sent, now);
			let readyAt = Math.max(this.pausedUntil, this.lastSentAt + this.minIntervalMs);
			if (this.learnedLimit !== undefined && this.sent.length >= this.learnedLimit) {
				const oldestToLeave = this.sent[this.sent.length - this.learnedLimit];
				readyAt = Math.max(readyAt, oldestToLeave + this.windowMs + SLOT_MARGIN_MS);
			}
			if (readyAt <= now) {
				this.lastSentAt = now;
				this.sent.push(now);
				return { sentAt: now };
			}
			await pause(readyAt - now, signal);
		}
	}

	private prune(times: number[], now: number): void {
		const cutoff = now - this.windowMs;
		let drop = 0;
		while (drop < times.length && times[drop] <= cutoff) drop++;
		if (drop > 0) times.splice(0, drop);
	}
}
