import { CLERK_RATE_WINDOW_MS } from './constants';

// After a 429 for a request within the allowance, the allowance drops to this share of what
// Clerk held of ours in the window (accepted, or in flight): the room another client of the key
// needs back. The share is taken of what we had in the window, not of the allowance, which may
// be more than we used and would then yield nothing.
const DECREASE = 0.8;

// ... and climbs back, within this long, to just under that count, then holds there: the level
// at which the key was full, less a cushion for the other clients' uneven timing.
const RECOVER_MS = 2000;
const CUSHION = 0.05;

// How long after a 429 below the key's own limit (a lowering, or a refused probe) the next probe
// above the allowance may go, unless the refusal spacing below is longer. Room that another
// client leaves when it stops is found within about this long, and room not used as it frees is
// lost. It does not grow with the refusals: a refused probe costs that one request, and the
// spacing bounds what they cost a key whose slots are few. A longer hold after a lowering would
// make whether the room is found in time a matter of when the last lowering came.
const HOLD_MS = 3000;

// A 429 with at least this share of the documented limit ours in the window is the key's own
// limit, not another client: nothing to yield to, so the level is what Clerk accepted, and
// probing above it waits this long, twice as long each time it is refused, up to the maximum.
const OWN_LIMIT = 0.97;
const OWN_HOLD_MS = 10_000;
const MAX_OWN_HOLD_MS = 300_000;

// Above the held level the allowance grows one request at a time on a curve whose step doubles
// this often: a few probes in the first seconds (cheap for a key that is still full), the whole
// limit within seconds once the others have gone. Only a request that waits for room sends a
// probe, so an idle pacer's allowance does not grow.
const GROWTH_DOUBLING_MS = 1000;
// Probes in the curve's first doubling, as a share of the key's limit (documented, or else as the
// first 429 showed it): however little a pacer was left, the whole limit is a few doublings away.
const FIRST_STEP = 0.02;

// A round of probes that Clerk accepted beyond the curve's first step before refusing one found
// room that may still be coming: another client leaving the window a slot at a time. The next
// round then comes after this hold, without the refusal spacing below, and its curve starts at
// this share of what the round found, so the rest is taken as it frees: room not used as it frees
// is lost. A round that found less (the others' uneven timing at a full key) or nothing is held
// and spaced as any other refused probe, so the others' requests are not crowded at the edge.
const FOUND_HOLD_MS = 1000;
const FOUND_STEP = 0.25;

// After any 429, probing waits until it is this many of the key's slot intervals old (window ÷
// limit: 30 s on a development key, 3 s on a production one). A refused probe may cost the key a
// slot as well as the request (Clerk does not say whether it counts refused requests; the
// emulator does not): so each process spends at most about one slot in 300 of the key on looking
// for room that is not there (a round that found room ends in one refused probe, after more
// accepted ones), and the processes that share a key together a share that grows only with their
// number (six workers on a development key: 2 %), not with how often each could probe.
const REFUSAL_SPACING_SLOTS = 300;

/** The hold after another 429 at the key's own limit. */
const ownHold = (holdMs: number): number =>
	Math.min(MAX_OWN_HOLD_MS, Math.max(OWN_HOLD_MS, holdMs * 2));

/** The limit Clerk documents per secret key and window, read from the key's prefix. */
export function documentedLimit(secretKey: string): number | undefined {
	if (secretKey.startsWith('sk_live_')) return 1000;
	if (secretKey.startsWith('sk_test_')) return 100;
	return undefined;
}

/**
 * How many requests of ours may be in Clerk's window (accepted in it, or in flight): the
 * allowance. It starts at the documented limit of the key (unbounded when none is known) and
 * Clerk's answers correct it, as a congestion controller that yields to the key's other clients:
 *
 * - a 429 for a request within the allowance, with requests of ours in the window, lowers it to
 *   DECREASE of them: what the others took is theirs, and the pause it leaves lets their
 *   requests through first (one sent before a refused probe was answered was refused in the
 *   probe's overflow, and only takes its slot back);
 * - it climbs back within RECOVER_MS to just under that count (the level) and holds there until
 *   HOLD_MS after the 429;
 * - then, once what we hold is within the curve's first step of the level (a lowering leaves
 *   more of ours in the window than the level, until it leaves), a request that finds no room
 *   may go as a probe, one at a time on a curve that starts flat and doubles, so a key that is
 *   still full refuses an early probe, and a key the others left is used fully within seconds.
 *   Every accepted probe raises the allowance by one; a refused one leaves the allowance as it
 *   is and holds the next probe as long (after a round that found room, FOUND_HOLD_MS and a
 *   steeper curve: FOUND_STEP);
 * - no probe goes until the last 429 is REFUSAL_SPACING_SLOTS of the key's slot intervals old,
 *   except those of a round that found room.
 */
export class RateLimitModel {
	/** The level held after recovering; Infinity while nothing is known. */
	private level: number;

	/** The allowance right after the last decrease. */
	private dip: number;

	/** When the allowance was last lowered (or the model made). */
	private changedAt: number;

	private holdMs = OWN_HOLD_MS;

	/** No probe before this. */
	private probeAfter: number;

	/** Probes in the curve's first doubling. */
	private step: number;

	/** Probes sent since the last hold ended, and when the last went. */
	private probes = 0;

	/** Whether Clerk accepted the first of them: until then no other goes. */
	private firstProbeAccepted = false;

	private lastProbeAt = Number.NEGATIVE_INFINITY;

	/** When a probe was last refused. */
	private probeRefusedAt = Number.NEGATIVE_INFINITY;

	/** 429s for requests sent before this are the same overflow. */
	private loweredAt = Number.NEGATIVE_INFINITY;

	/** Requests counted in the last lowering while still in flight, not yet refused. */
	private unsure = 0;

	/** The key's limit as documented, or else as the first 429 showed it. */
	private reference: number | undefined;

	/** When Clerk last refused a request of ours, other than in a round of probes that found room. */
	private refusedAt = Number.NEGATIVE_INFINITY;

	/** Whether the last refused round of probes had found room (see FOUND_HOLD_MS). */
	private roundFoundRoom = false;

	constructor(
		documented: number | undefined,
		now: number,
		private readonly windowMs = CLERK_RATE_WINDOW_MS,
	) {
		this.reference = documented;
		this.level = documented ?? Number.POSITIVE_INFINITY;
		this.dip = this.level;
		this.changedAt = now;
		this.probeAfter = now + RECOVER_MS + this.holdMs;
		this.step = Math.max(1, Math.round(FIRST_STEP * (documented ?? 0)));
	}

	/** The level the allowance holds at between probes; undefined while nothing is known. */
	get limit(): number | undefined {
		return Number.isFinite(this.level) ? this.level + this.probes : undefined;
	}

	/**
	 * A 429 answered a request sent at `sentAt` (as a probe, or within the allowance), with
	 * `accepted` of ours accepted in the window and `inFlight` sent but not answered yet: Clerk
	 * may hold those too. True when it showed a new overflow of the allowance, which the pacer
	 * pauses for; false when only the room above it was missing, or an earlier 429 already
	 * showed this overflow.
	 */
	refused(sentAt: number, accepted: number, inFlight: number, now: number, probe = false): boolean {
		// Requests already in flight when the allowance was lowered were refused for the same
		// overflow: each was counted as maybe accepted, and was not.
		if (sentAt <= this.loweredAt) {
			if (this.unsure > 0) {
				this.unsure--;
				this.level = Math.max(1, this.level - 1);
				this.dip = Math.max(1, this.dip - 1);
			}
			this.refusedAt = now;
			return !probe;
		}
		// A request within the allowance sent before a refused probe was answered met the same full
		// key: the allowance then counted the probes accepted so far, and the probe's refusal took
		// them into the level already. Lowering for it would yield to a client that is not there.
		// One refused while a round's probes are being accepted ends the round as a refused probe
		// would: the probes took the room it was sent into.
		if (probe || sentAt <= this.probeRefusedAt || (this.probes > 0 && this.firstProbeAccepted)) {
			this.probeRefused(sentAt, now);
			return false;
		}
		// With nothing known yet, only what Clerk surely accepted shows the limit; with nothing of
		// ours accepted there is nothing to learn: this only pauses.
		this.refusedAt = now;
		const known = Number.isFinite(this.level);
		if (!known && accepted === 0) return true;
		const inWindow = known ? accepted + inFlight : accepted;
		this.unsure = known ? inFlight : 0;
		// With no documented limit, the first 429 shows the key's limit: that is all there is to go on.
		this.reference ??= inWindow;
		if (inWindow >= OWN_LIMIT * this.reference) {
			this.holdMs = ownHold(this.holdMs);
			this.level = inWindow;
			this.dip = inWindow;
			this.probeAfter = now + RECOVER_MS + this.holdMs;
		} else {
			this.holdMs = HOLD_MS;
			// Nothing of ours in the window: the others fill the key, so this starts from one.
			this.level = Math.max(1, Math.floor(inWindow * (1 - CUSHION)));
			this.dip = Math.max(1, Math.floor(inWindow * DECREASE));
			// The hold runs from the 429, the recovery within it, as after a refused probe.
			this.probeAfter = now + HOLD_MS;
		}
		this.step = Math.max(1, Math.round(FIRST_STEP * Math.max(this.level, this.reference)));
		this.probes = 0;
		this.firstProbeAccepted = false;
		this.lastProbeAt = Number.NEGATIVE_INFINITY;
		this.changedAt = now;
		this.loweredAt = now;
		return true;
	}

	/**
	 * A probe was refused: the room above the level is not there. Nothing below it was lost, as
	 * what Clerk accepted of ours frees its slots on time: the level keeps the probes accepted
	 * before this one, and only the next probe is held back.
	 */
	private probeRefused(sentAt: number, now: number): void {
		// A request sent before the last refused probe (a probe or not) was counted into the
		// level then: it only takes its one back, and is part of that round.
		if (sentAt <= this.probeRefusedAt) {
			this.level = Math.max(1, this.level - 1);
			if (!this.roundFoundRoom) this.refusedAt = now;
			return;
		}
		this.probeRefusedAt = now;
		const found = this.firstProbeAccepted ? this.probes - 1 : 0;
		this.level = Math.max(1, this.level + this.probes - 1);
		this.probes = 0;
		this.firstProbeAccepted = false;
		const own = this.level >= OWN_LIMIT * (this.reference ?? Number.POSITIVE_INFINITY);
		this.roundFoundRoom = found > this.step && !own;
		if (this.roundFoundRoom) {
			this.holdMs = FOUND_HOLD_MS;
			this.step = Math.max(this.step, Math.round(found * FOUND_STEP));
		} else {
			this.refusedAt = now;
			this.holdMs = own ? ownHold(this.holdMs) : HOLD_MS;
		}
		this.lastProbeAt = Number.NEGATIVE_INFINITY;
		this.probeAfter = now + this.holdMs;
	}

	/** How many of ours may be in the window at `now` without probing. */
	allowance(now: number): number {
		if (!Number.isFinite(this.level)) return this.level;
		const t = now - this.changedAt;
		if (t < RECOVER_MS) return Math.floor(this.dip + ((this.level - this.dip) * t) / RECOVER_MS);
		return this.level + this.probes;
	}

	/**
	 * When a request that finds `used` slots taken may go without waiting for one to free: as the
	 * recovery reaches it, or as the next probe. Infinity with nothing known (every slot is free).
	 */
	roomAt(used: number, now: number): number {
		if (!Number.isFinite(this.level)) return Number.POSITIVE_INFINITY;
		if (this.allowance(now) > used) return now;
		if (used < this.level) {
			const at = this.changedAt + (RECOVER_MS * (used + 1 - this.dip)) / (this.level - this.dip);
			return Math.max(now, at);
		}
		// A round starts only once what we hold is within the curve's first step of the level:
		// after a lowering, what Clerk held of ours fills the key until it leaves the window, and
		// probes sent on top of it take the room the others came back for. Each one Clerk accepts
		// costs another client of the key a refusal every window until the level comes down.
		if (used > this.level + this.probes + this.step) return Number.POSITIVE_INFINITY;
		const probingFrom = this.probeAfter;
		// The curve sends step × (2^(t / doubling) − 1) probes by t: the next one's share of it.
		const k = this.probes;
		// The first probe after a hold tests the key: the curve goes on once Clerk accepted it,
		// so a key that is still full costs one refused probe, however long Clerk takes to answer.
		if (k > 0 && !this.firstProbeAccepted) return Number.POSITIVE_INFINITY;
		const gap = GROWTH_DOUBLING_MS * Math.log2((k + 1 + this.step) / (k + this.step));
		return Math.max(now, probingFrom, this.lastProbeAt + gap, this.refusalSpacedAt());
	}

	/** When the last 429 is REFUSAL_SPACING_SLOTS of the key's slot intervals old. */
	private refusalSpacedAt(): number {
		if (this.reference === undefined) return this.refusedAt;
		return this.refusedAt + (REFUSAL_SPACING_SLOTS * this.windowMs) / this.reference;
	}

	/** A request went above the allowance, when roomAt said it may. */
	probed(now: number): void {
		this.probes++;
		this.lastProbeAt = now;
	}

	/**
	 * Clerk answered a probe sent at `sentAt`, and not with a 429: it took a slot. A probe of an
	 * earlier round (before the last lowering or refused probe) says nothing about this one.
	 */
	probeAccepted(sentAt: number): void {
		if (sentAt > this.loweredAt && sentAt > this.probeRefusedAt) this.firstProbeAccepted = true;
	}

	/**
	 * A probe sent at `sentAt` got no answer (connection failure, cancellation): as if it had not
	 * been sent. One that a refused probe had already counted into the level takes its one back.
	 */
	probeUnanswered(sentAt: number): void {
		if (sentAt <= this.loweredAt) return;
		if (sentAt <= this.probeRefusedAt) this.level = Math.max(1, this.level - 1);
		else this.probes = Math.max(0, this.probes - 1);
	}
}
