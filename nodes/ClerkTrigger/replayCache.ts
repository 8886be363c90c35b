/**
 * Remembers delivery ids for a while so a retried or replayed delivery starts nothing twice.
 * Memory is bounded twice over: entries expire, and past `maxEntries` the oldest is forgotten.
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

	/** Records `id` and returns true the first time; false while an earlier sighting is remembered. */
	firstSighting(id: string, nowMs: number): boolean {
		this.dropExpired(nowMs);
		if (this.expiries.has(id)) return false;
		this.expiries.set(id, nowMs + this.retentionMs);
		if (this.expiries.size > this.maxEntries) {
			const oldest = this.expiries.keys().next();
			if (!oldest.done) this.expiries.delete(oldest.value);
		}
		return true;
	}

	private dropExpired(nowMs: number): void {
		for (const [id, expiresAt] of this.expiries) {
			if (expiresAt > nowMs) return;
			this.expiries.delete(id);
		}
	}
}
