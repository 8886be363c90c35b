import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

import { DEFAULT_API_URL } from './api/constants';
import { redact } from './redact';

/**
 * Every error the node raises is made here, and carries a code: Clerk's error code, or one of
 * this node's own (`invalid_input`, `user_not_found`, `user_ambiguous`, `connection_failed`,
 * `malformed_response`, `http_<status>`). `errorCode` is the one way to read it back.
 */

/** Clerk's error body: `{ errors: [{ message, long_message, code, meta }], clerk_trace_id }`. */
export interface ClerkErrorBody {
	errors: Array<{ message?: string; long_message?: string; code?: string; meta?: IDataObject }>;
	clerk_trace_id?: string;
}

/** Messages that replace Clerk's for given Clerk error codes, so they can name the object. */
export type ClerkMessages = Readonly<Record<string, string>>;

/** What the node knows about the call that failed. */
export interface CallContext {
	itemIndex?: number;
	messages?: ClerkMessages;
	/** Named when the answer was a redirect. */
	apiUrl?: string;
	/** Removed from everything the error says, with anything else shaped like a key. */
	secretKey?: string;
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

export function isClerkErrorBody(body: unknown): body is ClerkErrorBody {
	if (typeof body !== 'object' || body === null || !('errors' in body)) return false;
	return Array.isArray(body.errors) && body.errors.length > 0;
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
// recognise "502 Bad Gateway" or a captive portal. Only a bounded prefix is read, so a huge or
// hostile body costs the same as a small one.
function excerpt(text: string, secretKey?: string): string {
	const plain = redact(text.slice(0, EXCERPT_SOURCE_CHARS), secretKey)
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

/** A NodeApiError whose message and description have every secret removed. */
function apiError(
	node: INode,
	response: JsonObject,
	what: { message: string; description: string; httpCode?: string; itemIndex?: number },
	secretKey?: string,
): NodeApiError {
	return new NodeApiError(node, response, {
		...what,
		message: redact(what.message, secretKey),
		description: redact(what.description, secretKey),
	});
}

/** An HTTP answer that is not 2xx, explained from Clerk's JSON body when there is one. */
export function clerkApiError(
	node: INode,
	status: number,
	body: unknown,
	{ itemIndex, messages = {}, apiUrl, secretKey }: CallContext = {},
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
			secretKey,
		);
		return coded(error, 'redirect_refused');
	}
	if (status === 401) {
		// The key is never echoed; Clerk's own message may quote the header it received.
		const code = redact(clerkBody?.errors[0].code ?? 'authentication_invalid', secretKey);
		const error = apiError(
			node,
			{ status, code },
			{ ...explain(REJECTED_KEY), httpCode, itemIndex },
			secretKey,
		);
		return coded(error, code);
	}
	if (clerkBody) {
		const [first, ...more] = clerkBody.errors;
		const code = redact(first.code ?? 'unknown_error', secretKey);
		const message =
			messages[code] ?? first.long_message ?? first.message ?? `Clerk answered HTTP ${status}`;
		const details = [`Clerk error code: ${code}`];
		if (first.message && first.message !== message) details.unshift(first.message);
		details.push(...more.map((e) => e.long_message ?? e.message ?? e.code ?? ''));
		if (clerkBody.clerk_trace_id) details.push(`Clerk trace ID: ${clerkBody.clerk_trace_id}`);
		const traceId = clerkBody.clerk_trace_id ? redact(clerkBody.clerk_trace_id, secretKey) : null;
		const response: JsonObject = { status, code, clerk_trace_id: traceId };
		const error = apiError(
			node,
			response,
			{ message, description: details.join('. '), httpCode, itemIndex },
			secretKey,
		);
		return coded(error, code);
	}
	const text = typeof body === 'string' ? excerpt(body, secretKey) : '';
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
		secretKey,
	);
	return coded(error, `http_${status}`);
}

/** Clerk still refused with 429 after the item waited the whole rate-limit budget. */
export function rateLimitError(node: INode, waitedSeconds: number, itemIndex?: number) {
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

function explain({ message, fix }: Explained): { message: string; description: string } {
	return { message, description: fix };
}
