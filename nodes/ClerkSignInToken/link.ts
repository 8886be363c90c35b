const TICKET = '__clerk_ticket';

/** A query parameter's name as a URL parser reads it (`%5F` is `_`, `+` is a space). */
function decodedName(pair: string): string {
	const name = pair.split('=')[0].replace(/\+/g, ' ');
	try {
		return decodeURIComponent(name);
	} catch {
		return name;
	}
}

/**
 * Adds Clerk's `__clerk_ticket` query parameter to the app's sign-in URL (already checked by
 * validateSignInUrl). Scheme, host and path come from the parsed URL, so the link means the same
 * to every reader; the query and fragment stay as written, because apps route on them. Every
 * existing ticket parameter, however it is encoded, is removed: the link carries exactly one.
 */
export function buildSignInLink(signInUrl: string, token: string): string {
	const url = new URL(signInUrl);
	const hashAt = url.href.indexOf('#');
	const fragment = hashAt === -1 ? '' : url.href.slice(hashAt);
	const kept = url.search
		.slice(1)
		.split('&')
		.filter((pair) => pair !== '' && decodedName(pair) !== TICKET);
	kept.push(`${TICKET}=${encodeURIComponent(token)}`);
	return `${url.protocol}//${url.host}${url.pathname}?${kept.join('&')}${fragment}`;
}
