import type { Explained } from '../errors';
import { DEFAULT_API_URL } from './constants';

/**
 * The one judge of the credential's API URL, used by the node before every run and by the
 * credential before every request (its test included). The secret key travels to this URL, so it
 * must be https (plain http only to this machine: the emulator, a local proxy) and carry nothing
 * that changes where requests go: no user:password@, no ?query (requests append paths to it), no
 * #fragment (everything after it is dropped).
 */
export type ApiUrlCheck = { url: string } | { problem: Explained };

const FIELD = 'The API URL in the Clerk API credential';
const FIX_DEFAULT = `Open the Clerk API credential and set API URL to ${DEFAULT_API_URL} (or leave it empty).`;

function isLoopback(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		/^127(?:\.\d{1,3}){3}$/.test(host)
	);
}

export function checkApiUrlText(value: unknown): ApiUrlCheck {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { url: DEFAULT_API_URL };
	const shown = JSON.stringify(text);
	const refuse = (problem: string, fix = FIX_DEFAULT): ApiUrlCheck => ({
		problem: { message: `${FIELD}, ${shown}, ${problem}`, fix },
	});
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return refuse('is not a URL');
	}
	if (!/^https?:\/\//i.test(text)) return refuse('is not an http(s) URL');
	if (url.username !== '' || url.password !== '') {
		// Not echoed: the part before "@" may be a password.
		return {
			problem: {
				message: `${FIELD} contains a user name or password (user:password@ before ${url.host})`,
				fix: 'Remove the part before "@": Clerk authenticates with the secret key only.',
			},
		};
	}
	if (text.includes('?')) {
		return refuse(
			'has a query (?…)',
			'Remove everything from "?" on: the node appends paths such as /sign_in_tokens to the API URL.',
		);
	}
	if (text.includes('#')) {
		return refuse(
			'has a fragment (#…)',
			'Remove everything from "#" on: it would cut off the paths the node appends.',
		);
	}
	if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
		return refuse(
			'uses http://, which would send the secret key unencrypted',
			`Use https:// (Clerk's API is ${DEFAULT_API_URL}); plain http:// is accepted only for this machine (localhost, 127.0.0.1, ::1), such as the Clerk emulator.`,
		);
	}
	return { url: text.replace(/\/+$/, '') };
}
