import { PerNodeState } from './perNodeState';
import { ReplayCache } from './replayCache';

/**
 * Svix sends a message again when no 2xx reached it within 15 s: 5 s later, then after 5 min,
 * 30 min, 2 h, 5 h, 10 h and 10 h, each attempt signed anew with the same id; the last one comes
 * about 27.6 h after the first. An accepted id is kept that long, so no retry runs twice. It also
 * covers the 10 minutes a replayed copy of one signed delivery stays within Svix's tolerance.
 */
export const DELIVERY_RETENTION_MS = 28 * 3_600_000;

/** Accepted ids kept per trigger node (the newest ones): about 0.9 MiB when full. */
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
