import { ExpiringMap } from '../shared/expiringMap';

/**
 * The delivery ids one trigger node has accepted, kept for a while so a retried or replayed
 * delivery starts nothing twice. Bounded twice over: an id expires `retentionMs` after it was
 * (last) remembered, since looking it up does not extend it, and past `maxEntries` the oldest is
 * forgotten. Clock: Date.now(), as the receiver reads it.
 */
export class ReplayCache {
	private readonly accepted: ExpiringMap<string, true>;

	constructor(maxEntries: number, retentionMs: number) {
		this.accepted = new ExpiringMap({ maxEntries, idleMs: retentionMs });
	}

	get size(): number {
		return this.accepted.size;
	}

	/** Whether `id` was accepted within the retention. */
	has(id: string, nowMs: number): boolean {
		return this.accepted.has(id, nowMs);
	}

	remember(id: string, nowMs: number): void {
		this.accepted.set(id, true, nowMs);
	}
}
