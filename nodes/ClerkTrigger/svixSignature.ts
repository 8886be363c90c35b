import { createHmac, timingSafeEqual } from 'node:crypto';

/** Svix's tolerance: deliveries stamped more than this far from our clock, either way, are refused. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SvixHeaders {
	id?: string;
	timestamp?: string;
	signature?: string;
}

export type SvixRejection =
	| 'missing-headers'
	| 'malformed-timestamp'
	| 'timestamp-too-old'
	| 'timestamp-too-new'
	| 'no-matching-signature';

export type SvixVerification =
	| { valid: true; id: string; timestamp: number }
	| { valid: false; reason: SvixRejection };

const TIMESTAMP = /^\d{1,15}$/;

/** The `v1` signature Svix computes: base64 HMAC-SHA256 of `{id}.{timestamp}.{raw body bytes}`. */
export function computeSvixSignature(
	key: Buffer,
	id: string,
	timestamp: number | string,
	body: Buffer,
): string {
	return createHmac('sha256', key)
		.update(`${id}.${timestamp}.`, 'utf8')
		.update(body)
		.digest('base64');
}

function matchesAny(expected: string, signatureHeader: string): boolean {
	const expectedBytes = Buffer.from(expected, 'ascii');
	let matched = false;
	// Every entry is compared, so the time taken does not tell which one (if any) matched.
	for (const entry of signatureHeader.split(' ')) {
		const comma = entry.indexOf(',');
		if (comma === -1 || entry.slice(0, comma) !== 'v1') continue;
		const candidate = Buffer.from(entry.slice(comma + 1), 'ascii');
		if (candidate.length === expectedBytes.length && timingSafeEqual(candidate, expectedBytes)) {
			matched = true;
		}
	}
	return matched;
}

/**
 * Checks one delivery the way Svix specifies, over the body exactly as received. The reason is for
 * logs only; callers answer every rejection the same way.
 */
export function verifySvixSignature(
	key: Buffer,
	headers: SvixHeaders,
	body: Buffer,
	nowSeconds: number,
	toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS,
): SvixVerification {
	const { id, timestamp, signature } = headers;
	if (!id || !timestamp || !signature) return { valid: false, reason: 'missing-headers' };
	if (!TIMESTAMP.test(timestamp)) return { valid: false, reason: 'malformed-timestamp' };

	const sentAt = Number(timestamp);
	if (nowSeconds - sentAt > toleranceSeconds) return { valid: false, reason: 'timestamp-too-old' };
	if (sentAt - nowSeconds > toleranceSeconds) return { valid: false, reason: 'timestamp-too-new' };

	const expected = computeSvixSignature(key, id, timestamp, body);
	if (!matchesAny(expected, signature)) return { valid: false, reason: 'no-matching-signature' };
	return { valid: true, id, timestamp: sentAt };
}
