import type { IDataObject } from 'n8n-workflow';

/**
 * A header whose name contains one of these is left out of the output. They cover what n8n's own
 * Webhook node hides (authorization, cookie) and the usual credential carriers: proxy-authorization,
 * set-cookie, x-api-key, x-auth-token, session ids, CSRF tokens. The Svix signature is left out as
 * well: it is already verified, and without it a stored delivery cannot be sent again while fresh.
 */
export const SENSITIVE_HEADER_PARTS = [
	'auth',
	'cookie',
	'token',
	'secret',
	'password',
	'apikey',
	'api-key',
	'api_key',
	'session',
	'csrf',
	'xsrf',
	'signature',
];

export function isSensitiveHeader(name: string): boolean {
	const lower = name.toLowerCase();
	return SENSITIVE_HEADER_PARTS.some((part) => lower.includes(part));
}

/** The request's headers for the output, without the sensitive ones. */
export function shareableHeaders(
	headers: Record<string, string | string[] | undefined>,
): IDataObject {
	const kept: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined && !isSensitiveHeader(name)) kept[name] = value;
	}
	return kept;
}
