import { createHash } from 'node:crypto';

import { ExpiringMap } from '../../shared/expiringMap';
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
 *
 * Bounded: a pacer neither looked up nor sending for IDLE_MS is dropped, and past MAX_PACERS
 * the least recently looked up pacers with nothing waiting or in flight make room. A pacer still
 * pacing a request is never dropped, since two pacers for one key would each allow its full limit.
 * Clock: performance.now(), as the pacer's own.
 */
export class PacerRegistry {
	private readonly byKey = new ExpiringMap<string, Pacer>({
		maxEntries: MAX_PACERS,
		idleMs: IDLE_MS,
		isIdle: (pacer, now, forMs) => pacer.isIdle(now, forMs),
	});

	forKey(apiUrl: string, secretKey: string, now = performance.now()): Pacer {
		const id = createHash('sha256')
			.update(instanceUrl(apiUrl))
			.update('\n')
			.update(secretKey)
			.digest('hex');
		return this.byKey.getOrCreate(id, now, () => new Pacer(documentedLimit(secretKey)));
	}

	get size(): number {
		return this.byKey.size;
	}

	/** Forgets every pacer (tests start each case with fresh knowledge). */
	clear(): void {
		this.byKey.clear();
	}
}

export const pacers = new PacerRegistry();
