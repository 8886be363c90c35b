import { createHash } from 'node:crypto';

import { instanceUrl } from './instance';
import { Pacer } from './pacer';
import { documentedLimit } from './rateLimitModel';

// A pacer idle this long is dropped: its window is long empty, and its learned limit is cheap to
// learn again. The count bound keeps memory flat in a process that sees many keys.
const IDLE_MS = 10 * 60_000;
const MAX_PACERS = 200;

/**
 * One Pacer per Clerk instance (secret key + API URL, however spelled) per n8n process, shared by every
 * execution, so a burst of triggered executions paces as one. Only a hash of the key is kept.
 * Idle pacers are dropped when another is looked up; nothing here runs on a timer.
 */
export class PacerRegistry {
	private readonly byKey = new Map<string, Pacer>();

	forKey(apiUrl: string, secretKey: string, now = performance.now()): Pacer {
		const id = createHash('sha256')
			.update(instanceUrl(apiUrl))
			.update('\n')
			.update(secretKey)
			.digest('hex');
		let pacer = this.byKey.get(id);
		if (pacer) {
			// Most recently used last, so the oldest idle ones are the first dropped.
			this.byKey.delete(id);
		} else {
			this.dropIdle(now);
			pacer = new Pacer(documentedLimit(secretKey));
		}
		this.byKey.set(id, pacer);
		return pacer;
	}

	get size(): number {
		return this.byKey.size;
	}

	/** Forgets every pacer (tests start each case with fresh knowledge). */
	clear(): void {
		this.byKey.clear();
	}

	private dropIdle(now: number): void {
		for (const [id, pacer] of this.byKey) {
			const crowded = this.byKey.size >= MAX_PACERS;
			if (pacer.isIdle(now, crowded ? 0 : IDLE_MS)) this.byKey.delete(id);
		}
	}
}

export const pacers = new PacerRegistry();
