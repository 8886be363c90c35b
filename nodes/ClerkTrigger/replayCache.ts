/**
 * The delivery ids one trigger node has accepted, kept for a while so a retried or replayed
 * delivery starts nothing twice. Bounded twice over: entries expire, and past `maxEntries` the
 * oldest is forgotten.
 */
export class ReplayCache {
	// Insertion order is expiry order, because every entry lives for the same `retentionMs`.
	private readonly expiries = new Map<string, number>();

	constructor(
		readonly maxEntries: number,
		readonly retentionMs: number,
	) {}

	get size(): number {
		return this.expiries.size;
	}

	/** Whether `id` was accepted within the retention. */
	has(id: string, nowMs: number): boolean {
		this.dropExpired(nowMs);
		return this.expiries.has(id);
	}

	remember(id: string, nowMs: number): void {
		this.dropExpired(nowMs);
		this.expiries.delete(id);
		this.expiries.set(id, nowMs + this.retentionMs);
		if (this.expiries.size > this.maxEntries) {
			const oldest = this.expiries.keys().next();
			if (!oldest.done) this.expiries.delete(oldest.value);
		}
	}

	private dropExpired(nowMs: number): void {
		for (const [id, expiresAt] of this.expiries) {
			if (expiresAt > nowMs) return;
			this.expiries.delete(id);
		}
	}
}
