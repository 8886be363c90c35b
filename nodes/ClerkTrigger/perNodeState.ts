/**
 * State kept per trigger node (keyed by workflow id, node id and mode) in one n8n process, bounded:
 * at most `maxNodes` keys, the least recently used dropped first, and a key unused for `idleMs`
 * dropped on the next access. Nothing runs in the background, so nothing keeps the process alive.
 */
export class PerNodeState<V> {
	// Map order is use order: every access moves its key to the end.
	private readonly entries = new Map<string, { value: V; lastUsedMs: number }>();

	constructor(
		readonly maxNodes: number,
		readonly idleMs: number,
		private readonly create: () => V,
	) {}

	get size(): number {
		return this.entries.size;
	}

	/** The state for `key`, created when absent; marks it as used now. */
	get(key: string, nowMs: number): V {
		this.dropIdle(nowMs);
		const entry = this.entries.get(key);
		const value = entry ? entry.value : this.create();
		this.entries.delete(key);
		this.entries.set(key, { value, lastUsedMs: nowMs });
		if (this.entries.size > this.maxNodes) {
			const leastRecent = this.entries.keys().next();
			if (!leastRecent.done) this.entries.delete(leastRecent.value);
		}
		return value;
	}

	private dropIdle(nowMs: number): void {
		for (const [key, entry] of this.entries) {
			if (entry.lastUsedMs + this.idleMs > nowMs) return;
			this.entries.delete(key);
		}
	}
}

/** The key of one trigger node's state: test and production listeners of a node are kept apart. */
export function nodeStateKey(workflowId: string | undefined, nodeId: string, mode: string): string {
	return [workflowId ?? '', nodeId, mode].join('/');
}
