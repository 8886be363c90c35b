import { NODES_REMEMBERED } from './deliveryMemory';
import { PerNodeState } from './perNodeState';

/**
 * How long after reading the credential a signature that does not match may read it again. A
 * rotated secret is picked up by the first delivery signed with it after this; a flood of forged
 * requests costs at most one credential read per node per interval.
 */
export const KEY_REFRESH_INTERVAL_MS = 10_000;

/**
 * How long a key read from the credential is used before it is read again: an edited credential
 * (a new secret, or a broken one) takes effect within this long, at one read per node per minute.
 */
export const KEY_MAX_AGE_MS = 60_000;

/** Drops a node's key after an hour without deliveries; the next delivery reads it again. */
const KEY_IDLE_MS = 3_600_000;

/**
 * The signing key one trigger node verifies with, read from its credential once instead of per
 * delivery: n8n reads and decrypts a credential from its database on every request, and under a
 * burst of hundreds of deliveries that read was the step that made Svix's 15 s run out.
 */
export class SigningKey {
	private key?: Promise<Buffer>;
	private credentialId?: string;
	private readAtMs = Number.NEGATIVE_INFINITY;

	/**
	 * The key, read with `read` when none is held yet, it is older than KEY_MAX_AGE_MS, or the node
	 * now uses another credential. Deliveries arriving together share one read; a failed read is
	 * not kept.
	 */
	async current(credentialId: string, nowMs: number, read: () => Promise<Buffer>): Promise<Buffer> {
		if (
			this.key === undefined ||
			this.credentialId !== credentialId ||
			nowMs - this.readAtMs >= KEY_MAX_AGE_MS
		) {
			return await this.reread(credentialId, nowMs, read);
		}
		return await this.key;
	}

	/**
	 * Reads the key again after a signature did not match it, at most once per interval: the
	 * credential may hold a new secret since it was read. Returns undefined when it is too soon.
	 */
	async refreshed(
		credentialId: string,
		nowMs: number,
		read: () => Promise<Buffer>,
	): Promise<Buffer | undefined> {
		if (nowMs - this.readAtMs < KEY_REFRESH_INTERVAL_MS) return undefined;
		return await this.reread(credentialId, nowMs, read);
	}

	private async reread(
		credentialId: string,
		nowMs: number,
		read: () => Promise<Buffer>,
	): Promise<Buffer> {
		const key = read();
		this.key = key;
		this.credentialId = credentialId;
		this.readAtMs = nowMs;
		// A failed read is not kept: the next delivery tries again (the caller reports this one).
		key.catch(() => {
			if (this.key === key) this.key = undefined;
		});
		return await key;
	}
}

/**
 * The signing key of each trigger node (per workflow, node and mode) in this n8n process: at most
 * NODES_REMEMBERED nodes, and a node's key dropped after KEY_IDLE_MS without deliveries.
 */
export const signingKeys = new PerNodeState(NODES_REMEMBERED, KEY_IDLE_MS, () => new SigningKey());
