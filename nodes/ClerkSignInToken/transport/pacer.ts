import { pause } from './pause';

/** Clerk counts requests per secret key in a sliding window of this length. */
export const CLERK_RATE_WINDOW_MS = 10_000;

// Start a learned window slot this long after the old request leaves it, so clock skew between
// n8n and Clerk does not turn a free slot into a 429.
const SLOT_MARGIN_MS = 25;

// How often a request waiting for an in-flight one to finish looks again; only reached when the
// learned limit is no larger than the number of requests in flight.
const IN_FLIGHT_POLL_MS = 10;

/**
 * Times in ascending order, pruned from the front. A bulk run answers hundreds of requests per
 * second with thousands in the window, so pruning moves a start index instead of shifting the
 * array on every answer.
 */
class TimeWindow {
	private times: number[] = [];

	private head = 0;

	get length(): number {
		return this.times.length - this.head;
	}

	/** The `index`-th oldest time still in the window. */
	at(index: number): number {
		return this.times[this.head + index];
	}

	push(time: number): void {
		this.times.push(time);
	}

	dropUpTo(cutoff: number): void {
		while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head++;
		if (this.head > 1024 && this.head * 2 > this.times.length) {
			this.times = this.times.slice(this.head);
			this.head = 0;
		}
	}
}

export interface PacerOptions {
	/** User's cap; 0 or undefined means none. */
	maxRequestsPerSecond?: number;
	windowMs?: number;
}

export interface PacerTicket {
	sentAt: number;
	/** False when the wait was cancelled: the request must not be sent. */
	granted: boolean;
}

/**
 * Shares Clerk's rate limit between all requests of one execution. It learns the limit from the
 * first 429 (how many requests Clerk accepted in the window before refusing) and from then on
 * keeps at most that many in any window, so a bulk run settles just under the limit instead of
 * bouncing off it. A Retry-After pauses every request, not only the one that was refused.
 *
 * A request counts against the window from the moment Clerk's answer arrives (Clerk saw it no
 * later than that), and while it is in flight; refused requests do not count, as at Clerk.
 */
export class Pacer {
	private readonly windowMs: number;

	private readonly minIntervalMs: number;

	private learnedLimit: number | undefined;

	/** When the limit was last lowered: 429s for requests sent before then are the same overflow. */
	private learnedAt = Number.NEGATIVE_INFINITY;

	private pausedUntil = 0;

	private lastSentAt = Number.NEGATIVE_INFINITY;

	/** Answer times of requests Clerk accepted, oldest first, pruned to the window. */
	private readonly accepted = new TimeWindow();

	private inFlight = 0;

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

	/**
	 * Reports the outcome of a request sent with `ticket`: its HTTP status, or 0 when no answer
	 * came (connection failure, cancellation), which Clerk may not have counted.
	 */
	settle(ticket: PacerTicket, status: number, retryAfterSeconds?: number): void {
		if (!ticket.granted) return;
		this.inFlight = Math.max(0, this.inFlight - 1);
		const now = Date.now();
		this.prune(now);
		if (status === 429) {
			this.refused(ticket, now, retryAfterSeconds);
			return;
		}
		if (status === 0) return;
		this.accepted.push(now);
		// Answers still in flight at the first 429 were accepted too: the limit is at least what
		// Clerk has let through in one window.
		if (this.learnedLimit !== undefined && this.accepted.length > this.learnedLimit) {
			this.learnedLimit = this.accepted.length;
		}
	}

	private refused(ticket: PacerTicket, now: number, retryAfterSeconds: number | undefined): void {
		// Requests already in flight when the limit was learned were refused for the same reason.
		// A 429 before Clerk accepted anything of ours in the window tells nothing about the limit
		// (another system used it up): it only pauses, or one early 429 would cripple the whole run.
		const observed = this.accepted.length;
		if (ticket.sentAt > this.learnedAt && observed > 0) {
			// What Clerk let through in the window before refusing is the limit we may use; when a
			// learned limit still gets refused (someone else shares the key), it shrinks again.
			this.learnedLimit =
				this.learnedLimit === undefined
					? observed
					: Math.max(1, Math.min(this.learnedLimit - 1, observed));
			this.learnedAt = now;
		}
		const retryAfterMs = Math.max(1, retryAfterSeconds ?? 1) * 1000;
		this.pausedUntil = Math.max(this.pausedUntil, this.resumeAt(now, retryAfterMs));
	}

	/**
	 * When to send again after a 429. Clerk rounds Retry-After up to whole seconds; when our own
	 * record of the window places the next free slot inside that last second, the slot time is
	 * used instead, which saves up to a second of every pause.
	 */
	private resumeAt(now: number, retryAfterMs: number): number {
		const serverSays = now + retryAfterMs;
		const slot = this.nextSlotAt(this.accepted.length);
		if (slot !== undefined && slot > serverSays - 1000 && slot < serverSays) return slot;
		return serverSays;
	}

	/** When the window has room for one more request, given `used` requests in it; undefined if now or unknown. */
	private nextSlotAt(used: number): number | undefined {
		if (this.learnedLimit === undefined || used < this.learnedLimit) return undefined;
		const leaving = used - this.learnedLimit;
		if (leaving >= this.accepted.length) return undefined;
		return this.accepted.at(leaving) + this.windowMs + SLOT_MARGIN_MS;
	}

	private async waitForSlot(signal?: AbortSignal): Promise<PacerTicket> {
		for (;;) {
			if (signal?.aborted) return { sentAt: Date.now(), granted: false };
			const now = Date.now();
			this.prune(now);
			let readyAt = Math.max(this.pausedUntil, this.lastSentAt + this.minIntervalMs);
			const used = this.accepted.length + this.inFlight;
			if (this.learnedLimit !== undefined && used >= this.learnedLimit) {
				// Full: wait for the oldest accepted request to leave the window, or, when the window
				// is full of requests still in flight, for one of them to be answered.
				readyAt = Math.max(readyAt, this.nextSlotAt(used) ?? now + IN_FLIGHT_POLL_MS);
			}
			if (readyAt <= now) {
				this.lastSentAt = now;
				this.inFlight++;
				return { sentAt: now, granted: true };
			}
			await pause(readyAt - now, signal);
		}
	}

	private prune(now: number): void {
		this.accepted.dropUpTo(now - this.windowMs);
	}
}
