import { DEFAULT_API_URL } from './constants';

/**
 * The one judge of the credential's API URL, used by the client before every run and by the
 * credential before every request (its test included). The secret key travels to this URL, so it
 * must be https (plain http only to this machine: the emulator, a local proxy) and carry nothing
 * that changes where requests go: no user:password@, no ?query (requests append paths to it), no
 * #fragment (everything after it is dropped). The node layer words each problem (errors.ts).
 */
export type ApiUrlProblem =
	| { kind: 'not_a_url'; text: string }
	| { kind: 'not_http'; text: string }
	/** The text is not kept: the part before "@" may be a password. */
	| { kind: 'user_info'; host: string }
	| { kind: 'query'; text: string }
	| { kind: 'fragment'; text: string }
	| { kind: 'plain_http'; text: string };

export type ApiUrlCheck = { url: string } | { problem: ApiUrlProblem };

const TRAILING_SLASHES = /\/+$/;

/**
 * The credential test's base URL as an n8n expression. n8n resolves the test request's fields as
 * expressions over `$credentials`; the credential's authenticate sees the request afterwards, but
 * it sees every request of the node too, so it only checks and the test request brings its own
 * base URL. The blank-means-default and trailing-slash rules of checkApiUrl are therefore written
 * once more here, from the same constants; test/ClerkSignInToken/engine/credential.test.ts
 * resolves it with n8n's expression engine and compares it with checkApiUrl.
 */
export const API_URL_EXPRESSION = `={{ (String($credentials.baseUrl || "").trim() || ${JSON.stringify(DEFAULT_API_URL)}).replace(${String(TRAILING_SLASHES)}, "") }}`;

function isLoopback(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127(?:\.\d{1,3}){3}$/.test(host)
	);
}

/** The API URL requests are made to (blank means Clerk's), or why none can be. */
export function checkApiUrl(value: unknown): ApiUrlCheck {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { url: DEFAULT_API_URL };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: { kind: 'not_a_url', text } };
	}
	if (!/^https?:\/\//i.test(text)) return { problem: { kind: 'not_http', text } };
	if (url.username !== '' || url.password !== '') {
		return { problem: { kind: 'user_info', host: url.host } };
	}
	if (text.includes('?')) return { problem: { kind: 'query', text } };
	if (text.includes('#')) return { problem: { kind: 'fragment', text } };
	if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
		return { problem: { kind: 'plain_http', text } };
	}
	return { url: text.replace(TRAILING_SLASHES, '') };
}
