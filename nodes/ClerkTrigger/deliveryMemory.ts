import { PerNodeState } from './perNodeState';
import { ReplayCache } from './replayCache';
import { TIMESTAMP_TOLERANCE_SECONDS } from './svixSignature';

/**
 * A delivery stamped up to 5 minutes ahead of our clock stays acceptable for 10 minutes, so an
 * accepted id is kept that long: a replay must be caught for all of that time.
 */
export const DELIVERY_RETENTION_MS = 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000;

/** Accepted ids kept per trigger node: about 0.9 MiB when full. */
export const DELIVERIES_PER_NODE = 10_000;

/** Trigger nodes (per workflow and mode) whose ids are kept at once: at most about 46 MiB in all. */
export const NODES_REMEMBERED = 50;

/**
 * The delivery ids each Clerk Trigger node accepted for a run, per n8n process. A node's ids are
 * its own: deliveries to one workflow cannot push another's out. A node unused for the retention
 * holds only expired ids and is dropped; past NODES_REMEMBERED the least recently used is dropped.
 */
export const deliveryMemory = new PerNodeState(
	NODES_REMEMBERED,
	DELIVERY_RETENTION_MS,
	() => new ReplayCache(DELIVERIES_PER_NODE, DELIVERY_RETENTION_MS),
);
