export interface ExpiringMapOptions<V> {
	/** The most entries kept: adding a new key past it first drops the least recently used ones. */
	maxEntries: number;
	/** An entry not used for this long is dropped at the next access. */
	idleMs: number;
	/**
	 * Whether `value` itself has been idle for `forMs` at `nowMs`, so that it may be dropped: asked
	 * with `idleMs` before an entry unused that long expires, and with 0 before one is dropped to make
	 * room. An entry still in use elsewhere (a request in flight) answers false and is kept. Without
	 * it, every entry may be dropped.
	 */
	isIdle?: (value: V, nowMs: number, forMs: number) => boolean;
}

/**
 * A map that outlives executions in one n8n process, bounded two ways: an entry unused for
 * `idleMs` is dropped at the next access, and adding a key past `maxEntries` drops the least
 * recently used entries first. Setting a key, or reading it with `getOrCreate`, uses it; `has` only
 * looks. Entries that are not idle (see `isIdle`) are kept past both bounds, so the map holds more
 * than `maxEntries` only while that many are busy at once. Nothing runs on a timer, so nothing keeps
 * the process alive.
 *
 * `nowMs` is whatever clock the caller reads, Date.now() or performance.now(); one map must always
 * be given the same one.
 */
export class ExpiringMap<K, V> {
	// Map order is use order: every use moves its key to the end, so the least recently used is first.
	private readonly entries = new Map<K, { value: V; usedAtMs: number }>();

	private readonly maxEntries: number;

	private readonly idleMs: number;

	private readonly isIdle: (value: V, nowMs: number, forMs: number) => boolean;

	constructor(options: ExpiringMapOptions<V>) {
		this.maxEntries = options.maxEntries;
		this.idleMs = options.idleMs;
		this.isIdle = options.isIdle ?? (() => true);
	}

	get size(): number {
		return this.entries.size;
	}

	/** Whether `key` is held; does not count as a use. */
	has(key: K, nowMs: number): boolean {
		this.dropExpired(nowMs);
		return this.entries.has(key);
	}

	/** Holds `value` under `key`, used now. */
	set(key: K, value: V, nowMs: number): void {
		this.dropExpired(nowMs);
		this.use(key, value, nowMs);
	}

	/** The value under `key`, made with `create` when absent or expired; used now. */
	getOrCreate(key: K, nowMs: number, create: () => V): V {
		this.dropExpired(nowMs);
		const entry = this.entries.get(key);
		const value = entry ? entry.value : create();
		this.use(key, value, nowMs);
		return value;
	}

	clear(): void {
		this.entries.clear();
	}

	private use(key: K, value: V, nowMs: number): void {
		if (!this.entries.delete(key)) this.makeRoom(nowMs);
		this.entries.set(key, { value, usedAtMs: nowMs });
	}

	private dropExpired(nowMs: number): void {
		for (const [key, entry] of this.entries) {
			// Every later entry was used more recently than this one.
			if (nowMs - entry.usedAtMs < this.idleMs) return;
			if (this.isIdle(entry.value, nowMs, this.idleMs)) this.entries.delete(key);
		}
	}

	private makeRoom(nowMs: number): void {
		for (const [key, entry] of this.entries) {
			if (this.entries.size < this.maxEntries) return;
			if (this.isIdle(entry.value, nowMs, 0)) this.entries.delete(key);
		}
	}
}
