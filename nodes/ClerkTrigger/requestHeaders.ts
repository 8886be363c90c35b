import type { IDataObject } from 'n8n-workflow';

/**
 * What "Include Request Headers" outputs: only headers known to describe the delivery, by name.
 * A list of what to hide cannot keep up with the credential headers gateways and platforms add
 * (x-functions-key, ocp-apim-subscription-key, cf-access-jwt-assertion, x-ms-client-principal,
 * …), so nothing is output unless it is on this list.
 */
export const KEPT_HEADERS = [
	'accept',
	'accept-encoding',
	'content-length',
	'content-type',
	'forwarded',
	'host',
	'traceparent',
	'tracestate',
	'user-agent',
	'via',
	'x-real-ip',
	'x-request-id',
];

/** Svix's own headers (`svix-id`, `svix-timestamp`, their unbranded `webhook-*` twins) and proxies'. */
export const KEPT_HEADER_PREFIXES = ['svix-', 'webhook-', 'x-forwarded-'];

/**
 * Left out even when the list above would keep them: the Svix signature (already verified, and
 * without it a stored delivery cannot be sent again while fresh), and any name that says it
 * carries a credential, such as oauth2-proxy's x-forwarded-access-token.
 */
export const SENSITIVE_HEADER_PARTS = [
	'auth',
	'cookie',
	'token',
	'secret',
	'password',
	'key',
	'session',
	'csrf',
	'xsrf',
	'signature',
	'jwt',
	'assertion',
	'principal',
	'credential',
];

export function isKeptHeader(name: string): boolean {
	const lower = name.toLowerCase();
	if (SENSITIVE_HEADER_PARTS.some((part) => lower.includes(part))) return false;
	return (
		KEPT_HEADERS.includes(lower) || KEPT_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix))
	);
}

/** The request's headers for the output: only those on the list. */
export function shareableHeaders(
	headers: Record<string, string | string[] | undefined>,
): IDataObject {
	const kept: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && isKeptHeader(name)) kept[name] = value;
	}
	return kept;
}
