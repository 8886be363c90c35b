import type { ApiUrlProblem } from './apiUrl';

/**
 * Why a call to Clerk gave no answer to use, in Clerk's and HTTP's terms. `ClerkClient.call`
 * throws nothing else; the node layer (errors.ts) turns each into the error the user sees.
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
	 * Any other status but 2xx. `body` is the parsed JSON (Clerk's error body when isClerkErrorBody
	 * says so), or the raw text when it was not JSON, with the secret key taken out of every string.
	 */
	| { code: 'error_status'; status: number; body: unknown; apiUrl: string };

export class ClerkRequestError extends Error {
	constructor(readonly failure: ClerkFailure) {
		super(`Clerk request failed: ${failure.code}`);
		this.name = 'ClerkRequestError';
	}
}
