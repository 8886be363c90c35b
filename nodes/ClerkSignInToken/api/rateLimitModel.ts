// Fewer of our requests than this in Clerk's window when a 429 comes says more about other users
// of the key than about its limit (Clerk's limits are 100 and 1000 per window).
const MIN_TRUSTED = 10;

// While below the last trusted limit (or before there is one) the limit doubles this often;
// above it, once per window. Slots above the last level that ran clean are spread out, so a
// probe that Clerk refuses costs one request, not a burst.
const RECOVERY_STEPS_PER_WINDOW = 10;

/** How the pacer may use the next slot: freely, spaced out as a probe, or not yet. */
export type Slot = 'free' | 'probe' | 'full';

/**
 * What the pacer believes Clerk allows this key per window: nothing known until the first 429,
 * then the count Clerk accepted before refusing (multiplicative decrease), doubling again after
 * clean stretches in which requests had to wait (so a 429 caused by another system costs
 * seconds, not the rest of the run).
 */
export class RateLimitModel {
	private learned: number | undefined;

	/** The last limit learned from a 429 with enough of our own requests in the window. */
	private trusted: number | undefined;

	/** 429s for requests sent before this are the same overflow. */
	private loweredAt = Number.NEGATIVE_INFINITY;

	private changedAt = Number.NEGATIVE_INFINITY;

	/** Slots from this count on are probes. */
	private probeFrom = Number.POSITIVE_INFINITY;

	/** Whether a request waited for the limit since it last changed. */
	private heldBack = false;

	private probeSpacing = 0;

	constructor(private readonly windowMs: number) {}

	get limit(): number | undefined {
		return this.learned;
	}

	/** A 429 answered a request sent at `sentAt`, with `inWindow` of ours accepted in the window. */
	refused(sentAt: number, inWindow: number, now: number): void {
		// Nothing of ours in the window: another system used it up, so this only pauses. And
		// requests already in flight when the limit was lowered were refused for the same reason.
		if (inWindow === 0 || sentAt <= this.loweredAt) return;
		const next =
			this.learned === undefined ? inWindow : Math.max(1, Math.min(this.learned - 1, inWindow));
		if (inWindow >= MIN_TRUSTED) this.trusted = next;
		this.set(next, now);
		this.loweredAt = now;
	}

	/** Answers still in flight at a 429 were accepted too: the limit is at least what Clerk let through. */
	accepted(inWindow: number): void {
		if (this.learned !== undefined && inWindow > this.learned) this.learned = inWindow;
	}

	/** How the next request may go with `used` slots taken (accepted in the window + in flight). */
	slotFor(used: number, now: number): Slot {
		if (this.learned === undefined) return 'free';
		this.climbIfDue(now);
		if (used >= this.learned) {
			this.heldBack = true;
			return 'full';
		}
		return used >= this.probeFrom ? 'probe' : 'free';
	}

	/**
	 * Probes are spread evenly: over one recovery step while climbing back toward a trusted limit
	 * (so recovering costs seconds), over a window above it.
	 */
	probeSpacingMs(): number {
		return this.probeSpacing;
	}

	private climbIfDue(now: number): void {
		if (this.learned === undefined || !this.heldBack) return;
		const recovering = this.trusted === undefined || this.learned < this.trusted;
		const interval = recovering ? this.windowMs / RECOVERY_STEPS_PER_WINDOW : this.windowMs;
		if (now - this.changedAt < interval) return;
		const doubled = this.learned * 2;
		const probeFrom = this.learned;
		const next =
			recovering && this.trusted !== undefined ? Math.min(this.trusted, doubled) : doubled;
		this.set(next, now);
		this.probeFrom = probeFrom;
		this.probeSpacing = recovering
			? interval / Math.max(1, next - probeFrom)
			: this.windowMs / next;
	}

	private set(limit: number, now: number): void {
		this.learned = limit;
		this.changedAt = now;
		this.probeFrom = limit;
		this.heldBack = false;
	}
}
