import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

/** Clerk's error body: `{ errors: [{ message, long_message, code, meta }], clerk_trace_id }`. */
export interface ClerkErrorBody {
	errors: Array<{ message?: string; long_message?: string; code?: string; meta?: IDataObject }>;
	clerk_trace_id?: string;
}

/** What the node knows about the request, so the message can name the object involved. */
export interface ErrorContext {
	itemIndex?: number;
	/** Overrides Clerk's message for a given Clerk error code. */
	messages?: Record<string, string>;
}

export function isClerkErrorBody(body: unknown): body is ClerkErrorBody {
	return (
		typeof body === 'object' &&
		body !== null &&
		Array.isArray((body as ClerkErrorBody).errors) &&
		(body as ClerkErrorBody).errors.length > 0
	);
}

// HTML error pages from proxies are useless in full; a short plain-text excerpt is enough to
// recognise "502 Bad Gateway" or a captive portal.
function excerpt(text: string): string {
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > 160 ? `${plain.slice(0, 157)}...` : plain;
}

/** Builds the error for an HTTP answer that is not 2xx, from Clerk's JSON body when there is one. */
export function clerkApiError(
	node: INode,
	status: number,
	body: unknown,
	context: ErrorContext = {},
): NodeApiError {
	const httpCode = String(status);
	if (status === 401) {
		const code = isClerkErrorBody(body) ? body.errors[0].code : undefined;
		return withCode(
			new NodeApiError(node, { status, code: code ?? 'authentication_invalid' } as JsonObject, {
				message: 'Clerk rejected the secret key (HTTP 401)',
				description:
					'Open the Clerk API credential and paste the secret key from Clerk Dashboard → API Keys (it starts with sk_test_ or sk_live_). Check that the API URL belongs to the same instance.',
				httpCode,
				itemIndex: context.itemIndex,
			}),
			code ?? 'authentication_invalid',
		);
	}
	if (isClerkErrorBody(body)) {
		const first = body.errors[0];
		const code = first.code ?? 'unknown_error';
		const message =
			context.messages?.[code] ??
			first.long_message ??
			first.message ??
			`Clerk answered HTTP ${status}`;
		const details = [`Clerk error code: ${code}`];
		if (first.message && first.message !== message) details.unshift(first.message);
		if (body.errors.length > 1) {
			details.push(...body.errors.slice(1).map((e) => e.long_message ?? e.message ?? e.code ?? ''));
		}
		if (body.clerk_trace_id) details.push(`Clerk trace ID: ${body.clerk_trace_id}`);
		return withCode(
			new NodeApiError(node, body as unknown as JsonObject, {
				message,
				description: details.join('. '),
				httpCode,
				itemIndex: context.itemIndex,
			}),
			code,
		);
	}
	const text = typeof body === 'string' ? excerpt(body) : '';
	return withCode(
		new NodeApiError(node, { status } as JsonObject, {
			message: `Clerk answered HTTP ${status} without a Clerk error body`,
			description: text
				? `The response was not JSON, which usually means a proxy or gateway answered instead of Clerk: "${text}"`
				: 'The response had no readable body. If this persists, check the API URL in the Clerk API credential.',
			httpCode,
			itemIndex: context.itemIndex,
		}),
		`http_${status}`,
	);
}

/** For failures with no HTTP answer at all: reset connections, timeouts, DNS. */
export function connectionError(
	node: INode,
	reason: string,
	attempts: number,
	itemIndex?: number,
): NodeApiError {
	return withCode(
		new NodeApiError(node, { reason } as JsonObject, {
			message: `Could not reach Clerk: ${reason}`,
			description: `Tried ${attempts} time${attempts === 1 ? '' : 's'}. Check the API URL in the Clerk API credential and that n8n can reach it.`,
			itemIndex,
		}),
		'connection_failed',
	);
}

export function malformedResponseError(
	node: INode,
	status: number,
	itemIndex?: number,
): NodeApiError {
	return withCode(
		new NodeApiError(node, { status } as JsonObject, {
			message: `Clerk answered HTTP ${status} with a body that is not valid JSON`,
			description:
				'The response was cut off or is not from Clerk. Check the API URL in the Clerk API credential.',
			httpCode: String(status),
			itemIndex,
		}),
		'malformed_response',
	);
}

/** The Clerk (or this node's) error code, kept on the error for continue-on-error output. */
export function errorCode(error: unknown): string | undefined {
	const code = (error as { context?: IDataObject } | null | undefined)?.context?.clerkCode;
	return typeof code === 'string' ? code : undefined;
}

function withCode(error: NodeApiError, code: string): NodeApiError {
	error.context.clerkCode = code;
	return error;
}
