import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';

import { clerkApiError, connectionError, malformedResponseError } from './errors';
import type { ErrorContext } from './errors';
import { Pacer } from './pacer';
import { pause } from './pause';

export const CREDENTIAL_TYPE = 'clerkApi';

export const DEFAULT_API_URL = 'https://api.clerk.com/v1';

export type ClerkContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ClerkRequest {
	method: IHttpRequestMethods;
	/** Path below the API URL, starting with "/". */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

export interface RetryPolicy {
	/** Retries after 502/503/504, dropped connections and timeouts. */
	transientRetries: number;
	/** First backoff; doubles on each retry. */
	backoffMs: number;
	/** Retries after 429; the pacer decides how long each one waits. */
	rateLimitRetries: number;
	/** Longest Retry-After honoured; longer values are capped so a run never stalls for minutes. */
	maxRetryAfterSeconds: number;
	/** Per-request timeout. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	transientRetries: 3,
	backoffMs: 500,
	rateLimitRetries: 10,
	maxRetryAfterSeconds: 60,
	timeoutMs: 30_000,
};

const TRANSIENT_STATUS = new Set([502, 503, 504]);

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export function normaliseApiUrl(value: unknown): string {
	const url = typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_API_URL;
	return url.replace(/\/+$/, '');
}

/** Seconds from a Retry-After header: Clerk sends whole seconds; HTTP also allows a date. */
export function parseRetryAfter(
	header: string | string[] | undefined,
	now = Date.now(),
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (value === undefined || value.trim() === '') return undefined;
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * The one place that talks HTTP to Clerk: authentication through n8n's credential helper,
 * pacing, retries and error mapping. One client serves one execution, so every request of the
 * run shares one view of Clerk's rate limit.
 */
export class ClerkClient {
	constructor(
		private readonly ctx: ClerkContext,
		private readonly apiUrl: string,
		readonly pacer: Pacer = new Pacer(),
		private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
		private readonly signal?: AbortSignal,
	) {}

	static async create(
		ctx: ClerkContext,
		options: { pacer?: Pacer; policy?: Partial<RetryPolicy>; signal?: AbortSignal } = {},
	): Promise<ClerkClient> {
		const credentials = await ctx.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPE);
		return new ClerkClient(
			ctx,
			normaliseApiUrl(credentials.baseUrl),
			options.pacer,
			{ ...DEFAULT_RETRY_POLICY, ...options.policy },
			options.signal,
		);
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	async request<T>(request: ClerkRequest, context: ErrorContext = {}): Promise<T> {
		let transientLeft = this.policy.transientRetries;
		let rateLimitLeft = this.policy.rateLimitRetries;
		let attempts = 0;
		for (;;) {
			attempts++;
			const ticket = await this.pacer.acquire(this.signal);
			this.throwIfCancelled(context);
			let response: FullResponse;
			try {
				response = await this.send(request);
			} catch (error) {
				this.pacer.settle(ticket, 0);
				this.throwIfCancelled(context);
				const reason = connectionFailure(error);
				if (transientLeft-- > 0) {
					await pause(this.backoff(attempts), this.signal);
					continue;
				}
				throw connectionError(this.node, reason, attempts, context.itemIndex);
			}
			const { statusCode, headers, body } = response;
			if (statusCode === 429) {
				const retryAfter = parseRetryAfter(headers['retry-after']);
				this.pacer.settle(ticket, 429, Math.min(retryAfter ?? 1, this.policy.maxRetryAfterSeconds));
				if (rateLimitLeft-- > 0) continue;
				throw clerkApiError(this.node, statusCode, parseBody(body), {
					...context,
					messages: {
						too_many_requests: `Clerk's rate limit was still exceeded after ${attempts} attempts. Lower Concurrency or set Max Requests per Second in the node's options, or check what else uses this secret key.`,
						...context.messages,
					},
				});
			}
			this.pacer.settle(ticket, statusCode);
			if (TRANSIENT_STATUS.has(statusCode) && transientLeft-- > 0) {
				await pause(this.backoff(attempts), this.signal);
				continue;
			}
			const parsed = parseBody(body);
			if (statusCode >= 200 && statusCode < 300) {
				if (parsed === MALFORMED)
					throw malformedResponseError(this.node, statusCode, context.itemIndex);
				return parsed as T;
			}
			throw clerkApiError(this.node, statusCode, parsed === MALFORMED ? body : parsed, context);
		}
	}

	private async send(request: ClerkRequest): Promise<FullResponse> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${this.apiUrl}${request.path}`,
			qs: request.qs,
			arrayFormat: 'repeat',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.policy.timeoutMs,
			headers: { Accept: 'application/json' },
		};
		if (request.body !== undefined) options.body = request.body;
		return (await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			CREDENTIAL_TYPE,
			options,
		)) as FullResponse;
	}

	private backoff(attempt: number): number {
		return this.policy.backoffMs * 2 ** (attempt - 1);
	}

	private throwIfCancelled(context: ErrorContext): void {
		if (this.cancelled)
			throw connectionError(this.node, 'the execution was cancelled', 0, context.itemIndex);
	}
}

const MALFORMED = Symbol('malformed');

// n8n's helper hands back parsed JSON, or the raw text when the body is not JSON.
function parseBody(body: unknown): unknown {
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
function connectionFailure(error: unknown): string {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const { code } = current as { code?: unknown };
		if (typeof code === 'string') {
			if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'the request timed out';
			if (code === 'ECONNRESET' || code === 'EPIPE')
				return 'the connection was closed before Clerk answered';
			if (code === 'ECONNREFUSED') return 'the connection was refused';
			if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
				return 'the API host name could not be resolved';
			if (/^E[A-Z]+$/.test(code)) return `network error ${code}`;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return 'network error';
}
