import type { ApiUrlProblem } from './apiUrl';

/**
 * Why a call to Clerk gave no answer to use, in Clerk's and HTTP's terms. The client throws
 * nothing else; the node layer (errors.ts) turns each into the error the user sees.
 */
export type ClerkFailure =
	/** The credential's API URL cannot be called: nothing was sent. */
	| { code: 'invalid_api_url'; problem: ApiUrlProblem }
	/** The execution's cancel signal fired before Clerk answered, or before the request went. */
	| { code: 'cancelled' }
	/** No HTTP answer after `attempts` sends: reset, timeout, DNS. */
	| { code: 'unreachable'; reason: string; attempts: number }
	/** Clerk still answered 429 after the request had waited `waitedMs` of its budget. */
	| { code: 'rate_limited'; waitedMs: number }
	/** A 2xx whose JSON is broken. */
	| { code: 'malformed_body'; status: number }
	/**
	 * Any other status but 2xx. `body` is Clerk's error body when it sent one (isClerkErrorBody),
	 * else the text that came, with the secret key taken out of every string either way.
	 */
	| { code: 'error_status'; status: number; body: unknown; apiUrl: string };

export class ClerkRequestError extends Error {
	constructor(readonly failure: ClerkFailure) {
		super(`Clerk request failed: ${failure.code}`);
		this.name = 'ClerkRequestError';
	}
}
