import {
	DEFAULT_API_URL,
	normaliseApiUrl,
	parseRetryAfter,
} from '../../nodes/ClerkSignInToken/transport/request';

describe('parseRetryAfter', () => {
	const NOW = Date.UTC(2026, 4, 12, 12, 0, 0);

	it.each([
		['1', 1],
		['0', 0],
		['30', 30],
		[' 2 ', 2],
		['1.5', 1.5],
		['3600', 3600],
	])('reads the seconds in %j as %j', (header, seconds) => {
		expect(parseRetryAfter(header, NOW)).toBe(seconds);
	});

	it('reads the first value when the header came more than once', () => {
		expect(parseRetryAfter(['3', '9'], NOW)).toBe(3);
	});

	it('reads an HTTP date as the seconds from now until then', () => {
		expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5);
	});

	it('reads an HTTP date in the past as no wait at all', () => {
		expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
	});

	it.each([undefined, '', '   ', 'soon', 'ten'])('gives undefined for %j', (header) => {
		expect(parseRetryAfter(header, NOW)).toBeUndefined();
	});

	it('never gives a negative wait', () => {
		for (const header of ['-5', '-1']) {
			const seconds = parseRetryAfter(header, NOW);
			expect(seconds ?? 0).toBeGreaterThanOrEqual(0);
		}
	});
});

describe('normaliseApiUrl', () => {
	it.each([
		['https://api.clerk.com/v1', 'https://api.clerk.com/v1'],
		['https://api.clerk.com/v1/', 'https://api.clerk.com/v1'],
		['https://api.clerk.com/v1///', 'https://api.clerk.com/v1'],
		['  http://127.0.0.1:4010/v1/ \n', 'http://127.0.0.1:4010/v1'],
		['https://proxy.example.com/clerk/v1', 'https://proxy.example.com/clerk/v1'],
	])('turns %j into %j', (input, expected) => {
		expect(normaliseApiUrl(input)).toBe(expected);
	});

	it.each([undefined, null, '', '   ', 42])("falls back to Clerk's API for %j", (input) => {
		expect(normaliseApiUrl(input)).toBe(DEFAULT_API_URL);
	});

	it("defaults to Clerk's v1 API", () => {
		expect(DEFAULT_API_URL).toBe('https://api.clerk.com/v1');
	});
});
