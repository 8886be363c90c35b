import { buildSignInLink } from '../../nodes/ClerkSignInToken/link';

const APP = 'https://app.example.com/sign-in';
const KEPT_QUERY = `${APP}?redirect_url=%2Fdashboard%3Ftab%3D1&name=Ada+Lovelace&utm=%E2%9C%93&flag`;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzJhZGEifQ.sig-nature_part';

describe('buildSignInLink', () => {
	it.each([
		['adds the ticket to a URL without a query', APP, 'tok123', `${APP}?__clerk_ticket=tok123`],
		[
			'keeps the query byte for byte, encoded values included',
			KEPT_QUERY,
			'tok123',
			`${KEPT_QUERY}&__clerk_ticket=tok123`,
		],
		[
			'keeps repeated and empty-valued parameters in their order',
			`${APP}?a=1&a=2&b=&c=3`,
			't',
			`${APP}?a=1&a=2&b=&c=3&__clerk_ticket=t`,
		],
		[
			'keeps a fragment holding its own "?" and "&" after the query',
			`${APP}#/welcome?step=2&x=y`,
			't',
			`${APP}?__clerk_ticket=t#/welcome?step=2&x=y`,
		],
		[
			'keeps the fragment after a query',
			`${APP}?lang=en#top`,
			't',
			`${APP}?lang=en&__clerk_ticket=t#top`,
		],
		['keeps an empty fragment marker', `${APP}#`, 't', `${APP}?__clerk_ticket=t#`],
		['leaves no stray separator for a bare "?"', `${APP}?`, 't', `${APP}?__clerk_ticket=t`],
		[
			'leaves no stray separator for a trailing "&"',
			`${APP}?a=1&`,
			't',
			`${APP}?a=1&__clerk_ticket=t`,
		],
		[
			'replaces an existing __clerk_ticket instead of adding a second one',
			`${APP}?__clerk_ticket=old&lang=en`,
			'new',
			`${APP}?lang=en&__clerk_ticket=new`,
		],
		[
			'replaces an existing __clerk_ticket before a fragment',
			`${APP}?lang=en&__clerk_ticket=old#top`,
			'new',
			`${APP}?lang=en&__clerk_ticket=new#top`,
		],
		[
			'keeps parameters whose name only contains __clerk_ticket',
			`${APP}?x__clerk_ticket=1&__clerk_ticket_hint=2`,
			't',
			`${APP}?x__clerk_ticket=1&__clerk_ticket_hint=2&__clerk_ticket=t`,
		],
		[
			'percent-encodes the token so that it survives as one query value',
			`${APP}?lang=en`,
			'a+b/c=d&e?f#g h%',
			`${APP}?lang=en&__clerk_ticket=a%2Bb%2Fc%3Dd%26e%3Ff%23g%20h%25`,
		],
		[
			'leaves a JWT-shaped token readable (dots, dashes, underscores)',
			APP,
			JWT,
			`${APP}?__clerk_ticket=${JWT}`,
		],
		[
			'works for a localhost URL with a port and a nested path',
			'http://localhost:3000/auth/sign-in/',
			't',
			'http://localhost:3000/auth/sign-in/?__clerk_ticket=t',
		],
		[
			'builds scheme, host and path from the parsed URL',
			'HTTPS://App.Example.com:443/a/../sign-in',
			't',
			`${APP}?__clerk_ticket=t`,
		],
		[
			'builds the host from the parsed URL, so every reader sees the same host',
			'https://app.example.com\\@evil.example/sign-in',
			't',
			'https://app.example.com/@evil.example/sign-in?__clerk_ticket=t',
		],
	])('%s', (_, url, token, expected) => {
		const link = buildSignInLink(url, token);
		expect(link).toBe(expected);
		expect(new URL(link).searchParams.getAll('__clerk_ticket')).toEqual([token]);
	});

	it.each([
		`${APP}?__clerk_ticket=old`,
		`${APP}?__clerk_ticket=`,
		`${APP}?__clerk_ticket`,
		`${APP}?__clerk_ticket=a&x=1&__clerk_ticket=b`,
		`${APP}?__clerk%5Fticket=foreign&lang=en`,
		`${APP}?%5F%5Fclerk%5Fticket=foreign&lang=en`,
		`${APP}?__clerk_ticket=a&__clerk%5Fticket=b&lang=en`,
	])('leaves exactly one __clerk_ticket, the new token, and the other parameters: %s', (url) => {
		const params = new URL(buildSignInLink(url, 'new')).searchParams;
		expect(params.getAll('__clerk_ticket')).toEqual(['new']);
		expect(params.get('lang')).toBe(new URL(url).searchParams.get('lang'));
	});

	it('keeps a differently cased parameter, which is not the ticket', () => {
		const link = buildSignInLink(`${APP}?__CLERK_ticket=keep`, 't');
		expect(new URL(link).searchParams.get('__CLERK_ticket')).toBe('keep');
	});
});
