/**
 * Adds Clerk's `__clerk_ticket` query parameter to the app's sign-in URL. The rest of the URL is
 * kept byte for byte (existing query, encoding and fragment), because apps route on them.
 */
export function buildSignInLink(signInUrl: string, token: string): string {
	const hashAt = signInUrl.indexOf('#');
	const fragment = hashAt === -1 ? '' : signInUrl.slice(hashAt);
	const beforeFragment = hashAt === -1 ? signInUrl : signInUrl.slice(0, hashAt);
	const queryAt = beforeFragment.indexOf('?');
	const path = queryAt === -1 ? beforeFragment : beforeFragment.slice(0, queryAt);
	const query = queryAt === -1 ? '' : beforeFragment.slice(queryAt + 1);
	const kept = query
		.split('&')
		.filter((pair) => pair !== '' && pair.split('=')[0] !== '__clerk_ticket');
	kept.push(`__clerk_ticket=${encodeURIComponent(token)}`);
	return `${path}?${kept.join('&')}${fragment}`;
}
