import type { IDataObject } from 'n8n-workflow';

/**
 * Retry-After as a delay in milliseconds: Clerk sends whole seconds; HTTP also allows a date,
 * which is the one value read against the wall clock, once, here.
 */
export function retryAfterMs(
	header: string | string[] | undefined,
	wallClockNow = Date.now(),
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
	// An HTTP date names its month; anything else (a negative number, a word) is no Retry-After.
	if (!/[a-z]{3}/i.test(value)) return undefined;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - wallClockNow);
}

export const MALFORMED = Symbol('malformed');

/** Clerk's error body: `{ errors: [{ message, long_message, code, meta }], clerk_trace_id }`. */
export interface ClerkErrorBody {
	errors: Array<{ message?: string; long_message?: string; code?: string; meta?: IDataObject }>;
	clerk_trace_id?: string;
}

export function isClerkErrorBody(body: unknown): body is ClerkErrorBody {
	if (typeof body !== 'object' || body === null || !('errors' in body)) return false;
	return Array.isArray(body.errors) && body.errors.length > 0;
}

/** n8n's helper hands back parsed JSON, or the raw text when the body is not JSON. */
export function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return undefined;
	if (!text.startsWith('{') && !text.startsWith('[')) return body;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return MALFORMED;
	}
}

/**
 * A short reason for a request that got no HTTP answer. Only the error's code and message are
 * read: the error object also carries the request, Authorization header included.
 */
export function networkErrorReason(error: unknown): string {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = 'code' in current ? current.code : undefined;
		if (typeof code === 'string') {
			// ERR_CANCELED: the request's deadline fired (a cancelled execution is told apart before).
			if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
				return 'the request timed out';
			}
			if (code === 'ECONNRESET' || code === 'EPIPE') {
				return 'the connection was closed before Clerk answered';
			}
			if (code === 'ECONNREFUSED') return 'the connection was refused';
			if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
				return 'the API host name could not be resolved';
			}
			if (/^E[A-Z]+$/.test(code)) return `network error ${code}`;
		}
		current = 'cause' in current ? current.cause : undefined;
	}
	return 'network error';
}
