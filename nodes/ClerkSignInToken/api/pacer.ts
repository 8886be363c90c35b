import { sleep } from 'n8n-workflow';

import { CLERK_RATE_WINDOW_MS } from './constants';
import { RateLimitModel } from './rateLimitModel';
import { TimeWindow } from './timeWindow';

// A learned slot starts this long after the old request leaves it, so clock skew between n8n
// and Clerk does not turn a free slot into a 429.
const SLOT_MARGIN_MS = 25;

// Longest nap of the queue between checks. An answer wakes it earlier; the bound keeps the one
// timer it may leave behind short.
const MAX_NAP_MS = 250;

interface PacerTicket {
	readonly sentAt: number;
	/** Sent above the allowance, to find out whether the key has more room. */
	readonly probe: boolean;
}

/** What a request sent through the pacer learned: its HTTP status, and Retry-After on a 429. */
export interface PacerAnswer {
	readonly status: number;
	/** How long Clerk asked to wait, already converted from seconds or an HTTP date. */
	readonly retryAfterMs?: number;
}

interface Waiter {
	readonly grant: (ticket: PacerTicket | undefined) => void;
	readonly reserve: number;
	readonly signal?: AbortSignal;
	readonly onAbort: () => void;
}

/**
 * Shares Clerk's rate limit between every request sent with one secret key in this n8n process:
 * all executions, items and request kinds. Requests wait in one first-come-first-served queue;
 * a cancelled execution's waiting requests leave it at once.
 *
 * It counts what Clerk accepted in the last window (answer times) plus what is in flight, and
 * lets a request go when the allowance allows it: the documented limit at first, then what
 * Clerk's answers leave to this process beside the key's other clients (see RateLimitModel). A
 * 429 for a request within the allowance pauses every request until Clerk's Retry-After; a
 * refused probe (a request above it) costs only itself.
 */
export class Pacer {
	private readonly model: RateLimitModel;

	/** Answer times of requests Clerk accepted, oldest first, pruned to the window. */
	private readonly accepted = new TimeWindow();

	private readonly waiters: Waiter[] = [];

	private inFlight = 0;

	private pausedUntil = 0;

	private lastActiveAt = performance.now();

	private pumping = false;

	private wake: (() => void) | undefined;

	/** `documented`: the key's limit per window as Clerk documents it, when known (see documentedLimit). */
	constructor(
		private readonly documented?: number,
		private readonly windowMs = CLERK_RATE_WINDOW_MS,
	) {
		this.model = new RateLimitModel(documented, performance.now(), windowMs);
	}

	/** The level the allowance holds at; undefined while nothing is known (no documented limit, no 429). */
	get limit(): number | undefined {
		return this.model.limit;
	}

	/** Nothing waiting or in flight, and nothing sent for `forMs`. */
	isIdle(now: number, forMs: number): boolean {
		return this.waiters.length === 0 && this.inFlight === 0 && now - this.lastActiveAt >= forMs;
	}

	/**
	 * Sends one request when the limit allows: waits for a slot, calls `send`, and releases the
	 * slot exactly once with what `send` answered, or as unanswered when it throws (which is
	 * passed on). Undefined, without calling `send`, when `signal` aborted first.
	 *
	 * `reserveShare` (0 to 1): the share of the key's limit this request may use even when the
	 * allowance yields less to the other clients.
	 */
	async run<A extends PacerAnswer>(
		send: () => Promise<A>,
		signal?: AbortSignal,
		reserveShare = 0,
	): Promise<A | undefined> {
		const ticket = await this.acquire(signal, this.reserved(reserveShare));
		if (!ticket) return undefined;
		let answer: A | undefined;
		try {
			answer = await send();
			return answer;
		} finally {
			this.settle(ticket, answer?.status ?? 0, answer?.retryAfterMs);
		}
	}

	/** Resolves when a request may be sent, or with undefined when `signal` aborted first. */
	private async acquire(
		signal: AbortSignal | undefined,
		reserve: number,
	): Promise<PacerTicket | undefined> {
		if (signal?.aborted) return undefined;
		// Nobody ahead and a free slot: go at once, without queueing (the common case below the limit).
		const now = performance.now();
		if (this.waiters.length === 0 && this.readyAt(now, reserve) <= now) {
			return this.grant(now, reserve);
		}
		return await new Promise((resolve) => {
			const waiter: Waiter = {
				grant: resolve,
				reserve,
				signal,
				onAbort: () => {
					const at = this.waiters.indexOf(waiter);
					if (at !== -1) this.waiters.splice(at, 1);
					resolve(undefined);
					// The next waiter may be ready now.
					this.wake?.();
				},
			};
			signal?.addEventListener('abort', waiter.onAbort, { once: true });
			this.waiters.push(waiter);
			void this.pump();
		});
	}

	/**
	 * Records the outcome of a request sent with `ticket`: its HTTP status, or 0 when no answer
	 * came (connection failure, cancellation), which Clerk may not have counted.
	 */
	private settle(ticket: PacerTicket, status: number, retryAfterMs?: number): void {
		const now = performance.now();
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.lastActiveAt = now;
		this.accepted.dropUpTo(now - this.windowMs - SLOT_MARGIN_MS);
		if (status === 429) {
			// Requests still in flight may be in Clerk's window already: n8n answers them later.
			const overflow = this.model.refused(
				ticket.sentAt,
				this.accepted.length,
				this.inFlight,
				now,
				ticket.probe,
			);
			// A refused probe shows only that there is no room above the allowance: the slots
			// below it free on time, so the others go on. Clerk's shortest Retry-After is one
			// second; a date already past is no reason to hurry.
			if (overflow) {
				const pauseMs = Math.max(1000, retryAfterMs ?? 1000);
				this.pausedUntil = Math.max(this.pausedUntil, this.resumeAt(now, pauseMs));
			}
		} else if (status !== 0) {
			this.accepted.push(now);
			if (ticket.probe) this.model.probeAccepted(ticket.sentAt);
		} else if (ticket.probe) {
			this.model.probeUnanswered(ticket.sentAt);
		}
		this.wake?.();
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.waiters.length > 0) {
				const now = performance.now();
				const head = this.waiters[0];
				const readyAt = this.readyAt(now, head.reserve);
				if (readyAt > now) {
					await this.nap(Math.min(readyAt - now, MAX_NAP_MS));
					continue;
				}
				this.waiters.shift();
				head.signal?.removeEventListener('abort', head.onAbort);
				head.grant(this.grant(now, head.reserve));
			}
		} finally {
			this.pumping = false;
		}
	}

	private grant(now: number, reserve: number): PacerTicket {
		const probe = this.used(now) >= Math.max(this.model.allowance(now), reserve);
		if (probe) this.model.probed(now);
		this.inFlight++;
		this.lastActiveAt = now;
		return { sentAt: now, probe };
	}

	/** Requests of ours in Clerk's window: accepted in it, and in flight. */
	private used(now: number): number {
		this.accepted.dropUpTo(now - this.windowMs - SLOT_MARGIN_MS);
		return this.accepted.length + this.inFlight;
	}

	/** The slots a request with this reserve share may use whatever the allowance. */
	private reserved(share: number): number {
		if (!(share > 0)) return 0;
		const limit = this.documented ?? this.model.limit ?? Number.POSITIVE_INFINITY;
		return Math.floor(share * limit);
	}

	/** When the next request may go; Infinity while only an answer can free a slot. */
	private readyAt(now: number, reserve: number): number {
		const used = this.used(now);
		const allowance = Math.max(this.model.allowance(now), reserve);
		if (used < allowance) return this.pausedUntil;
		const freed = this.nextSlotAt(used, allowance) ?? Number.POSITIVE_INFINITY;
		return Math.max(this.pausedUntil, Math.min(freed, this.model.roomAt(used, now)));
	}

	/**
	 * When the window has room for one more under `allowance`, given `used` requests in it: when
	 * the oldest accepted one that must leave does. Undefined when only in-flight requests fill it.
	 */
	private nextSlotAt(used: number, allowance: number): number | undefined {
		if (!Number.isFinite(allowance)) return undefined;
		const leaving = used - Math.floor(allowance);
		if (leaving >= this.accepted.length) return undefined;
		return this.accepted.at(leaving) + this.windowMs + SLOT_MARGIN_MS;
	}

	/**
	 * When to send again after a 429. Clerk rounds Retry-After up to whole seconds; when our own
	 * record of the window places the next free slot inside that last second, the slot time is
	 * used instead, which saves up to a second of every pause.
	 */
	private resumeAt(now: number, retryAfterMs: number): number {
		const serverSays = now + retryAfterMs;
		const slot = this.nextSlotAt(this.accepted.length, this.model.allowance(now));
		if (slot !== undefined && slot > serverSays - 1000 && slot < serverSays) return slot;
		return serverSays;
	}

	private async nap(ms: number): Promise<void> {
		await Promise.race([
			sleep(ms),
			new Promise<void>((resolve) => {
				this.wake = resolve;
			}),
		]);
		this.wake = undefined;
	}
}
