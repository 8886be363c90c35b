import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { ApiUrlProblem } from './api/apiUrl';
import { ClerkRequestError, type ClerkFailure } from './api/clerkRequestError';
import { DEFAULT_API_URL } from './api/constants';
import { redact } from './api/redact';
import { isClerkErrorBody } from './api/response';

/**
 * Every error the Clerk Sign-In Token node raises is made here, with the words the user reads
 * and a code: Clerk's own error code (from its error body; `unknown_error` when the body has
 * none, `authentication_invalid` for a 401 without one), or one of this node's:
 * `invalid_input` (a value or setting, the API URL included), `user_not_found`,
 * `user_ambiguous`, `redirect_refused`, `too_many_requests`, `connection_failed`,
 * `execution_cancelled`, `malformed_response`, `http_<status>` (an answer without a Clerk error
 * body, or an email lookup refused as too large). `errorCode` is the one way to read it back.
 * api/ reports failures as ClerkRequestError facts; `nodeError` turns them into these errors.
 */

/** Messages that replace Clerk's for given Clerk error codes, so they can name the object. */
export type ClerkMessages = Readonly<Record<string, string>>;

/** What the node knows about the call that failed. */
export interface CallContext {
	itemIndex?: number;
	messages?: ClerkMessages;
	/** Named when the answer was a redirect. */
	apiUrl?: string;
}

/** What a message says and how to fix it. */
export interface Explained {
	message: string;
	fix: string;
}

const CODE_KEY = 'clerkCode';

/** The code of an error made here, or undefined for any other error. */
export function errorCode(error: unknown): string | undefined {
	if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) return undefined;
	const code = error.context[CODE_KEY];
	return typeof code === 'string' ? code : undefined;
}

function coded<E extends NodeApiError | NodeOperationError>(error: E, code: string): E {
	error.context[CODE_KEY] = code;
	return error;
}

/** A value the user gave that cannot be sent; `message` names the field. */
export function inputError(node: INode, itemIndex: number, what: Explained) {
	return itemError(node, itemIndex, 'invalid_input', what);
}

/** A setting of the node or its credential that makes every item fail. */
export function settingError(node: INode, { message, fix }: Explained) {
	return coded(
		new NodeOperationError(node, redact(message), { description: redact(fix) }),
		'invalid_input',
	);
}

/** An item that cannot go on: a value the user gave, or what a lookup at Clerk answered for it. */
export function itemError(node: INode, itemIndex: number, code: string, what: Explained) {
	return coded(
		new NodeOperationError(node, redact(`${what.message} [item ${itemIndex}]`), {
			itemIndex,
			description: redact(what.fix),
		}),
		code,
	);
}

/** How much of a non-JSON body the excerpt reads: enough for any gateway's error page title. */
const EXCERPT_SOURCE_CHARS = 2000;

// HTML error pages from proxies are useless in full; a short plain-text excerpt is enough to
// recognise "502 Bad Gateway" or a captive portal. Only a bounded prefix is cleaned and shown.
function excerpt(text: string): string {
	const plain = redact(text.slice(0, EXCERPT_SOURCE_CHARS))
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > 160 ? `${plain.slice(0, 157)}...` : plain;
}

const REJECTED_KEY: Explained = {
	message: 'Clerk rejected the secret key (HTTP 401)',
	fix: 'Open the Clerk API credential and paste the secret key from Clerk Dashboard → API Keys (it starts with sk_test_ or sk_live_). Check that the API URL belongs to the same instance.',
};

/**
 * A NodeApiError whose message and description have anything shaped like a key removed (the
 * client already took the credential's own key out of what Clerk sent).
 */
function apiError(
	node: INode,
	response: JsonObject,
	what: { message: string; description: string; httpCode?: string; itemIndex?: number },
): NodeApiError {
	return new NodeApiError(node, response, {
		...what,
		message: redact(what.message),
		description: redact(what.description),
	});
}

/** An HTTP answer that is not 2xx, explained from Clerk's JSON body when there is one. */
export function clerkApiError(
	node: INode,
	status: number,
	body: unknown,
	{ itemIndex, messages = {}, apiUrl }: CallContext = {},
): NodeApiError {
	const httpCode = String(status);
	const clerkBody = isClerkErrorBody(body) ? body : undefined;
	if (status >= 300 && status < 400) {
		const where = apiUrl ? `The API URL ${apiUrl}` : 'The API URL';
		const error = apiError(
			node,
			{ status },
			{
				message: `${where} answered with a redirect (HTTP ${status}), which was not followed`,
				description: `Clerk's API does not redirect, so the secret key was not sent on. Open the Clerk API credential and set API URL to ${DEFAULT_API_URL}, or to a proxy that forwards requests without redirecting.`,
				httpCode,
				itemIndex,
			},
		);
		return coded(error, 'redirect_refused');
	}
	if (status === 401) {
		// The key is never echoed; Clerk's own message may quote the header it received.
		const code = redact(clerkBody?.errors[0].code ?? 'authentication_invalid');
		const error = apiError(
			node,
			{ status, code },
			{ message: REJECTED_KEY.message, description: REJECTED_KEY.fix, httpCode, itemIndex },
		);
		return coded(error, code);
	}
	if (clerkBody) {
		const [first, ...more] = clerkBody.errors;
		const code = redact(first.code ?? 'unknown_error');
		const message =
			messages[code] ?? first.long_message ?? first.message ?? `Clerk answered HTTP ${status}`;
		const details = [`Clerk error code: ${code}`];
		if (first.message && first.message !== message) details.unshift(first.message);
		details.push(...more.map((e) => e.long_message ?? e.message ?? e.code ?? ''));
		if (clerkBody.clerk_trace_id) details.push(`Clerk trace ID: ${clerkBody.clerk_trace_id}`);
		const traceId = clerkBody.clerk_trace_id ? redact(clerkBody.clerk_trace_id) : null;
		const response: JsonObject = { status, code, clerk_trace_id: traceId };
		const error = apiError(node, response, {
			message,
			description: details.join('. '),
			httpCode,
			itemIndex,
		});
		return coded(error, code);
	}
	const text = typeof body === 'string' ? excerpt(body) : '';
	const error = apiError(
		node,
		{ status },
		{
			message: `Clerk answered HTTP ${status} without a Clerk error body`,
			description: text
				? `The response was not JSON, which usually means a proxy or gateway answered instead of Clerk: "${text}"`
				: 'The response had no readable body. If this persists, check the API URL in the Clerk API credential.',
			httpCode,
			itemIndex,
		},
	);
	return coded(error, `http_${status}`);
}

/** Clerk still refused with 429 after the item waited the whole rate-limit budget. */
function rateLimitError(node: INode, waitedSeconds: number, itemIndex?: number) {
	const error = new NodeApiError(
		node,
		{ status: 429 },
		{
			message: `Clerk's rate limit was still exceeded after waiting ${waitedSeconds} s`,
			description:
				"Another system is probably using most of this secret key's limit (Clerk allows 100 requests per 10 s on development instances and 1000 on production, per key). Wait and run again, raise the node's Rate Limit Wait option, or check what else uses this key.",
			httpCode: '429',
			itemIndex,
		},
	);
	return coded(error, 'too_many_requests');
}

/** For failures with no HTTP answer at all: reset connections, timeouts, DNS. */
export function connectionError(node: INode, reason: string, attempts: number, itemIndex?: number) {
	const tries = `Tried ${attempts} time${attempts === 1 ? '' : 's'}.`;
	const error = new NodeApiError(
		node,
		{ reason },
		{
			message: `Could not reach Clerk: ${reason}`,
			description: `${tries} Check the API URL in the Clerk API credential and that n8n can reach it.`,
			itemIndex,
		},
	);
	return coded(error, 'connection_failed');
}

export function malformedResponseError(node: INode, status: number, itemIndex?: number) {
	const error = new NodeApiError(
		node,
		{ status },
		{
			message: `Clerk answered HTTP ${status} with a body that is not valid JSON`,
			description:
				'The response was cut off or is not from Clerk. Check the API URL in the Clerk API credential.',
			httpCode: String(status),
			itemIndex,
		},
	);
	return coded(error, 'malformed_response');
}

/**
 * An item the execution's cancellation left without Clerk's answer: not read, not sent, or sent
 * and then given up on. Nothing is wrong with the node or the credential.
 */
export function cancelledError(node: INode, itemIndex?: number) {
	const item = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	return coded(
		new NodeOperationError(
			node,
			`The execution was cancelled before Clerk answered for this item${item}`,
			{
				itemIndex,
				description:
					'Nothing needs fixing in the node or its credential: the execution was stopped (in the editor, through the API, or by n8n shutting down). A request that had already reached Clerk may have taken effect there; run the workflow again for the items that need it.',
			},
		),
		'execution_cancelled',
	);
}

const API_URL_FIELD = 'The API URL in the Clerk API credential';
const API_URL_FIX = `Open the Clerk API credential and set API URL to ${DEFAULT_API_URL} (or leave it empty).`;

/** What is wrong with the credential's API URL (api/apiUrl.ts decides) and how to fix it. */
export function explainApiUrlProblem(problem: ApiUrlProblem): Explained {
	if (problem.kind === 'user_info') {
		// The URL is not echoed: the part before "@" may be a password.
		return {
			message: `${API_URL_FIELD} contains a user name or password (user:password@ before ${problem.host})`,
			fix: 'Remove the part before "@": Clerk authenticates with the secret key only.',
		};
	}
	const about = (what: string, fix = API_URL_FIX): Explained => ({
		message: `${API_URL_FIELD}, ${JSON.stringify(problem.text)}, ${what}`,
		fix,
	});
	switch (problem.kind) {
		case 'not_a_url':
			return about('is not a URL');
		case 'not_http':
			return about('is not an http(s) URL');
		case 'query':
			return about(
				'has a query (?…)',
				'Remove everything from "?" on: the node appends paths such as /sign_in_tokens to the API URL.',
			);
		case 'fragment':
			return about(
				'has a fragment (#…)',
				'Remove everything from "#" on: it would cut off the paths the node appends.',
			);
		case 'plain_http':
			return about(
				'uses http://, which would send the secret key unencrypted',
				`Use https:// (Clerk's API is ${DEFAULT_API_URL}); plain http:// is accepted only for this machine (localhost, 127.0.0.1, ::1), such as the Clerk emulator.`,
			);
	}
}

/** The error the user sees for what api/ reported; `itemIndex` and `messages` say for what. */
function fromFailure(node: INode, failure: ClerkFailure, context: CallContext): Error {
	const { itemIndex } = context;
	switch (failure.code) {
		case 'invalid_api_url':
			return settingError(node, explainApiUrlProblem(failure.problem));
		case 'cancelled':
			return cancelledError(node, itemIndex);
		case 'unreachable':
			return connectionError(node, failure.reason, failure.attempts, itemIndex);
		case 'rate_limited':
			return rateLimitError(node, Math.round(failure.waitedMs / 1000), itemIndex);
		case 'malformed_body':
			return malformedResponseError(node, failure.status, itemIndex);
		case 'error_status':
			return clerkApiError(node, failure.status, failure.body, {
				...context,
				apiUrl: failure.apiUrl,
			});
	}
}

/** Any error of a call to Clerk as the node raises it; errors already the node's pass through. */
export function nodeError(node: INode, error: unknown, context: CallContext = {}): Error {
	if (error instanceof ClerkRequestError) return fromFailure(node, error.failure, context);
	return error instanceof Error ? error : new Error(String(error));
}
