import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import { checkApiUrl } from './apiUrl';
import { DEFAULT_CLIENT_SETTINGS, type ClientSettings } from './clientSettings';
import { CREDENTIAL_TYPE } from './constants';
import { withDeadline } from './deadline';
import type { Pacer, PacerAnswer } from './pacer';
import { pacers } from './pacers';
import { pause } from './pause';
import { ClerkRequestError } from './clerkRequestError';
import { redactStrings } from './redact';
import { MALFORMED, networkErrorReason, parseBody, retryAfterMs } from './response';

export type ClerkContext = IExecuteFunctions | ILoadOptionsFunctions;

/** One call of a Clerk endpoint, as the functions in api/ describe it. */
export interface EndpointCall {
	method: IHttpRequestMethods;
	/** Path below the API URL, starting with "/". */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

const TRANSIENT_STATUS = new Set([502, 503, 504]);

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

interface Attempt extends PacerAnswer {
	readonly response: FullResponse;
}

/**
 * The one place that talks HTTP to Clerk: authentication through n8n's credential helper,
 * pacing shared per secret key and retries. What fails is thrown as a ClerkRequestError, in Clerk's
 * and HTTP's terms. One client serves one execution.
 */
export class ClerkClient {
	/** This execution's own cap, kept twice: when requests join the pacer's queue, and when they go. */
	private readonly ownCap = { queuedAt: 0, sentAt: 0 };

	private constructor(
		private readonly ctx: ClerkContext,
		private readonly apiUrl: string,
		private readonly pacer: Pacer,
		private readonly credential: ICredentialsDecrypted,
		private readonly settings: ClientSettings,
		private readonly signal?: AbortSignal,
	) {}

	static async connect(
		ctx: ClerkContext,
		settings: Partial<ClientSettings> = {},
		signal?: AbortSignal,
	): Promise<ClerkClient> {
		const data = await ctx.getCredentials(CREDENTIAL_TYPE);
		const checked = checkApiUrl(data.baseUrl);
		if ('problem' in checked) {
			throw new ClerkRequestError({ code: 'invalid_api_url', problem: checked.problem });
		}
		const apiUrl = checked.url;
		const pacer = pacers.forKey(apiUrl, String(data.secretKey ?? '').trim());
		const full = { ...DEFAULT_CLIENT_SETTINGS, ...settings };
		const details = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		const credential = {
			id: details?.id ?? '',
			name: details?.name ?? '',
			type: CREDENTIAL_TYPE,
			data,
		};
		return new ClerkClient(ctx, apiUrl, pacer, credential, full, signal);
	}

	get cancelled(): boolean {
		return this.signal?.aborted === true;
	}

	async call<T>(call: EndpointCall): Promise<T> {
		// Only sends that failed transiently count as tries, and only they grow the backoff: a 429
		// is Clerk saying when to come back, not a sign that Clerk is unwell.
		let failed = 0;
		let firstRefusedAt: number | undefined;
		for (;;) {
			await this.ownTurn('queuedAt');
			// Settled into a value, not caught: n8n's lint (require-node-api-error) allows only n8n's
			// error classes to be thrown in a catch block, and this layer throws ClerkRequestError,
			// which the node layer (errors.ts) turns into one.
			const sent = await this.pacer
				.run(async () => await this.attempt(call), this.signal, this.settings.reservedShare)
				.then(
					(answer) => ({ answer }),
					(error: unknown) => ({ error }),
				);
			if ('error' in sent) {
				if (this.cancelled) throw new ClerkRequestError({ code: 'cancelled' });
				if (++failed <= this.settings.transientRetries) {
					await pause(this.backoff(failed), this.signal);
					continue;
				}
				const reason = networkErrorReason(sent.error);
				throw new ClerkRequestError({ code: 'unreachable', reason, attempts: failed });
			}
			const { answer } = sent;
			if (!answer) throw new ClerkRequestError({ code: 'cancelled' });
			const { statusCode, body } = answer.response;
			if (statusCode === 429) {
				firstRefusedAt ??= performance.now();
				const waitedMs = performance.now() - firstRefusedAt;
				if (waitedMs < this.settings.rateLimitBudgetMs) continue;
				throw new ClerkRequestError({ code: 'rate_limited', waitedMs });
			}
			if (TRANSIENT_STATUS.has(statusCode) && ++failed <= this.settings.transientRetries) {
				await pause(this.backoff(failed), this.signal);
				continue;
			}
			const parsed = parseBody(body);
			if (statusCode >= 200 && statusCode < 300) {
				if (parsed === MALFORMED) {
					throw new ClerkRequestError({ code: 'malformed_body', status: statusCode });
				}
				return parsed as T;
			}
			const readable = parsed === MALFORMED ? body : parsed;
			throw new ClerkRequestError({
				code: 'error_status',
				status: statusCode,
				// A proxy or a misconfigured server may echo the Authorization header back.
				body: redactStrings(readable, String(this.credential.data?.secretKey ?? '')),
				apiUrl: this.apiUrl,
			});
		}
	}

	/** One send, once the pacer gave it a slot: the answer as the pacer records it. */
	private async attempt(call: EndpointCall): Promise<Attempt> {
		await this.ownTurn('sentAt');
		const response = await this.send(call);
		if (response.statusCode !== 429) return { status: response.statusCode, response };
		const waitMs = retryAfterMs(response.headers['retry-after']) ?? 1000;
		return {
			status: 429,
			retryAfterMs: Math.min(waitMs, this.settings.maxRetryAfterSeconds * 1000),
			response,
		};
	}

	/**
	 * Waits for this execution's own rate cap (Max Requests per Second). Spacing the queueing
	 * keeps capped requests from holding the shared pacer's slots; spacing the sending keeps the
	 * cap when a pause there releases many at once.
	 */
	private async ownTurn(stage: 'queuedAt' | 'sentAt'): Promise<void> {
		const { maxRequestsPerSecond } = this.settings;
		if (!(maxRequestsPerSecond > 0)) return;
		const now = performance.now();
		const at = Math.max(now, this.ownCap[stage]);
		this.ownCap[stage] = at + 1000 / maxRequestsPerSecond;
		if (at > now) await pause(at - now, this.signal);
	}

	private async send(call: EndpointCall): Promise<FullResponse> {
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${this.apiUrl}${call.path}`,
			qs: call.qs,
			arrayFormat: 'repeat',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.settings.timeoutMs,
			// Clerk's API does not redirect: a 3xx is answered as an error naming the API URL, and
			// the key is never sent on to where it points.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			headers: { Accept: 'application/json' },
		};
		if (call.body !== undefined) options.body = call.body;
		// The credential read once per execution is handed in: otherwise n8n reads it from its
		// database and decrypts it again for every request (~1.5 ms of CPU each in n8n 2.40). A copy
		// of its data, as n8n may add pre-authentication data to what it is given.
		const credentialsDecrypted = { ...this.credential, data: { ...this.credential.data } };
		const deadline = AbortSignal.timeout(this.settings.timeoutMs);
		// Where n8n does not put the execution's signal (the user picker), this one stays.
		options.abortSignal = deadline;
		const ctx = withDeadline(this.ctx, deadline);
		const response: FullResponse = await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
			{ credentialsDecrypted },
		);
		return response;
	}

	/** The wait after a request's `failed`-th transient failure. */
	private backoff(failed: number): number {
		return Math.min(this.settings.backoffMs * 2 ** (failed - 1), this.settings.maxBackoffMs);
	}
}
