import { ExpiringMap } from '../shared/expiringMap';

/**
 * State kept per trigger node (keyed by workflow id, node id and mode) in one n8n process, bounded:
 * at most `maxNodes` keys, the least recently used dropped first, and a key unused for `idleMs`
 * dropped on the next access. Clock: Date.now(), as the receiver reads it.
 */
export class PerNodeState<V> {
	private readonly entries: ExpiringMap<string, V>;

	constructor(
		maxNodes: number,
		idleMs: number,
		private readonly create: () => V,
	) {
		this.entries = new ExpiringMap({ maxEntries: maxNodes, idleMs });
	}

	get size(): number {
		return this.entries.size;
	}

	/** The state for `key`, created when absent; marks it as used now. */
	get(key: string, nowMs: number): V {
		return this.entries.getOrCreate(key, nowMs, this.create);
	}
}

/** The key of one trigger node's state: test and production listeners of a node are kept apart. */
export function nodeStateKey(workflowId: string | undefined, nodeId: string, mode: string): string {
	return [workflowId ?? '', nodeId, mode].join('/');
}
