import { buildSignInLink } from '../../nodes/ClerkSignInToken/link';

describe('buildSignInLink', () => {
	it('adds the token as __clerk_ticket to a URL without a query', () => {
		expect(buildSignInLink('https://app.example.com/sign-in', 'tok123')).toBe(
			'https://app.example.com/sign-in?__clerk_ticket=tok123',
		);
	});

	it('keeps the existing query byte for byte, encoded values included, and appends the ticket', () => {
		const url =
			'https://app.example.com/sign-in?redirect_url=%2Fdashboard%3Ftab%3D1&name=Ada+Lovelace&utm=%E2%9C%93&flag';
		expect(buildSignInLink(url, 'tok123')).toBe(`${url}&__clerk_ticket=tok123`);
	});

	it('keeps repeated and empty-valued parameters in their order', () => {
		const url = 'https://app.example.com/sign-in?a=1&a=2&b=&c=3';
		expect(buildSignInLink(url, 't')).toBe(`${url}&__clerk_ticket=t`);
	});

	it('keeps the fragment after the query, even when the fragment holds its own "?" and "&"', () => {
		expect(buildSignInLink('https://app.example.com/sign-in#/welcome?step=2&x=y', 't')).toBe(
			'https://app.example.com/sign-in?__clerk_ticket=t#/welcome?step=2&x=y',
		);
		expect(buildSignInLink('https://app.example.com/sign-in?lang=en#top', 't')).toBe(
			'https://app.example.com/sign-in?lang=en&__clerk_ticket=t#top',
		);
	});

	it('keeps an empty fragment marker', () => {
		expect(buildSignInLink('https://app.example.com/sign-in#', 't')).toBe(
			'https://app.example.com/sign-in?__clerk_ticket=t#',
		);
	});

	it('does not leave a stray separator for a bare "?" or a trailing "&"', () => {
		expect(buildSignInLink('https://app.example.com/sign-in?', 't')).toBe(
			'https://app.example.com/sign-in?__clerk_ticket=t',
		);
		expect(buildSignInLink('https://app.example.com/sign-in?a=1&', 't')).toBe(
			'https://app.example.com/sign-in?a=1&__clerk_ticket=t',
		);
	});

	it('replaces an existing __clerk_ticket instead of adding a second one', () => {
		expect(
			buildSignInLink('https://app.example.com/sign-in?__clerk_ticket=old&lang=en', 'new'),
		).toBe('https://app.example.com/sign-in?lang=en&__clerk_ticket=new');
		expect(
			buildSignInLink('https://app.example.com/sign-in?lang=en&__clerk_ticket=old#top', 'new'),
		).toBe('https://app.example.com/sign-in?lang=en&__clerk_ticket=new#top');
	});

	it.each([
		'https://app.example.com/sign-in?__clerk_ticket=old',
		'https://app.example.com/sign-in?__clerk_ticket=',
		'https://app.example.com/sign-in?__clerk_ticket',
		'https://app.example.com/sign-in?__clerk_ticket=a&x=1&__clerk_ticket=b',
	])('leaves exactly one __clerk_ticket, the new token, in %s', (url) => {
		const params = new URL(buildSignInLink(url, 'new')).searchParams;
		expect(params.getAll('__clerk_ticket')).toEqual(['new']);
	});

	it('keeps parameters whose name only contains __clerk_ticket', () => {
		expect(
			buildSignInLink(
				'https://app.example.com/sign-in?x__clerk_ticket=1&__clerk_ticket_hint=2',
				't',
			),
		).toBe(
			'https://app.example.com/sign-in?x__clerk_ticket=1&__clerk_ticket_hint=2&__clerk_ticket=t',
		);
	});

	it('percent-encodes the token so that it survives as one query value', () => {
		const token = 'a+b/c=d&e?f#g h%';
		const link = buildSignInLink('https://app.example.com/sign-in?lang=en', token);
		expect(link).toBe(
			'https://app.example.com/sign-in?lang=en&__clerk_ticket=a%2Bb%2Fc%3Dd%26e%3Ff%23g%20h%25',
		);
		expect(new URL(link).searchParams.get('__clerk_ticket')).toBe(token);
		expect(new URL(link).hash).toBe('');
	});

	it('leaves a JWT-shaped Clerk token readable (dots, dashes and underscores need no encoding)', () => {
		const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzJhZGEifQ.sig-nature_part';
		expect(buildSignInLink('https://app.example.com/sign-in', jwt)).toBe(
			`https://app.example.com/sign-in?__clerk_ticket=${jwt}`,
		);
	});

	it('works for a localhost URL with a port and a nested path', () => {
		expect(buildSignInLink('http://localhost:3000/auth/sign-in/', 't')).toBe(
			'http://localhost:3000/auth/sign-in/?__clerk_ticket=t',
		);
	});

	it.each([
		['__clerk%5Fticket=foreign', 'percent-encoded underscore'],
		['%5F%5Fclerk%5Fticket=foreign', 'fully encoded name'],
		['__clerk_ticket=a&__clerk%5Fticket=b', 'plain and encoded together'],
	])('removes every ticket parameter by its decoded name: %s (%s)', (query) => {
		const link = buildSignInLink(`https://app.example.com/sign-in?${query}&lang=en`, 'ours');
		const params = new URL(link).searchParams;
		expect(params.getAll('__clerk_ticket')).toEqual(['ours']);
		expect(params.get('lang')).toBe('en');
	});

	it('keeps a differently cased parameter, which is not the ticket', () => {
		const link = buildSignInLink('https://app.example.com/sign-in?__CLERK_ticket=keep', 't');
		expect(new URL(link).searchParams.get('__CLERK_ticket')).toBe('keep');
	});

	it('builds scheme, host and path from the parsed URL, so every reader sees the same host', () => {
		expect(buildSignInLink('HTTPS://App.Example.com:443/a/../sign-in', 't')).toBe(
			'https://app.example.com/sign-in?__clerk_ticket=t',
		);
		expect(buildSignInLink('https://app.example.com\\@evil.example/sign-in', 't')).toBe(
			'https://app.example.com/@evil.example/sign-in?__clerk_ticket=t',
		);
	});
});
