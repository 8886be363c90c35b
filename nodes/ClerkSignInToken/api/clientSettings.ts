/** How the client retries and paces one execution's calls. */
export interface ClientSettings {
	/** How long one request may take before it counts as failed (and is retried). */
	timeoutMs: number;
	/** How long a call keeps waiting out 429s, from the first one, before it fails. */
	rateLimitBudgetMs: number;
	/** This execution's own cap on top of the shared pacing; 0 means none. */
	maxRequestsPerSecond: number;
	/** Share of the key's limit (0 to 1) used even when the pacer yields to the key's other clients. */
	reservedShare: number;
	/** Retries after 502/503/504, dropped connections and timeouts. */
	transientRetries: number;
	/** First backoff of those retries; doubles on each, up to maxBackoffMs. */
	backoffMs: number;
	maxBackoffMs: number;
	/** Longest Retry-After honoured at once; the rate-limit budget bounds the total. */
	maxRetryAfterSeconds: number;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
	timeoutMs: 30_000,
	rateLimitBudgetMs: 300_000,
	maxRequestsPerSecond: 0,
	reservedShare: 0,
	transientRetries: 3,
	backoffMs: 500,
	maxBackoffMs: 8000,
	maxRetryAfterSeconds: 60,
};
