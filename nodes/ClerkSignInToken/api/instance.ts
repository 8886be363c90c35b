// Clerk's legacy API host serves the same instances as its current one.
const HOST_ALIASES: ReadonlyMap<string, string> = new Map([['api.clerk.dev', 'api.clerk.com']]);

/**
 * One Clerk instance's API, however the credential spells it: scheme and host in lower case, no
 * default port, no trailing slash, the legacy host as the current one. Clerk counts its rate limit
 * per secret key, so every spelling must share one pacer.
 */
export function instanceUrl(apiUrl: string): string {
	let url: URL;
	try {
		url = new URL(apiUrl);
	} catch {
		return apiUrl;
	}
	const host = HOST_ALIASES.get(url.hostname) ?? url.hostname;
	// URL drops a port that is the scheme's default and lowers scheme and host.
	const port = url.port === '' ? '' : `:${url.port}`;
	return `${url.protocol}//${host}${port}${url.pathname.replace(/\/+$/, '')}`;
}
