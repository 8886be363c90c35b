import { checkApiUrl } from '../../../nodes/ClerkSignInToken/api/apiUrl';
import { ClerkRequestError } from '../../../nodes/ClerkSignInToken/api/clerkRequestError';
import { DEFAULT_API_URL } from '../../../nodes/ClerkSignInToken/api/constants';
import { retryAfterMs } from '../../../nodes/ClerkSignInToken/api/response';
import { errorCode, nodeError } from '../../../nodes/ClerkSignInToken/errors';
import { fakeNode } from '../../support/fakeNode';

/** The error a run (or the user picker) raises for an API URL the client refuses to call. */
function refusal(input: unknown): Error {
	const checked = checkApiUrl(input);
	if (!('problem' in checked)) throw new Error(`${JSON.stringify(input)} was accepted`);
	const failure = new ClerkRequestError({ code: 'invalid_api_url', problem: checked.problem });
	return nodeError(fakeNode, failure);
}

describe('retryAfterMs', () => {
	const NOW = Date.UTC(2026, 4, 12, 12, 0, 0);

	it.each([
		['1', 1000],
		['0', 0],
		['30', 30_000],
		[' 2 ', 2000],
		['1.5', 1500],
		['3600', 3_600_000],
	])('reads the seconds in %j as %j ms', (header, ms) => {
		expect(retryAfterMs(header, NOW)).toBe(ms);
	});

	it('reads the first value when the header came more than once', () => {
		expect(retryAfterMs(['3', '9'], NOW)).toBe(3000);
	});

	it('reads an HTTP date as the delay from now until then', () => {
		expect(retryAfterMs(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
	});

	it('reads an HTTP date in the past as no wait at all', () => {
		expect(retryAfterMs(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
	});

	it.each([undefined, '', '   ', 'soon', 'ten'])('gives undefined for %j', (header) => {
		expect(retryAfterMs(header, NOW)).toBeUndefined();
	});

	it.each(['-5', '-1'])('reads the negative %j as no Retry-After at all', (header) => {
		expect(retryAfterMs(header, NOW)).toBeUndefined();
	});
});

describe('checkApiUrl', () => {
	it.each([
		['https://api.clerk.com/v1', 'https://api.clerk.com/v1'],
		['https://api.clerk.com/v1/', 'https://api.clerk.com/v1'],
		['https://api.clerk.com/v1///', 'https://api.clerk.com/v1'],
		['  http://127.0.0.1:4010/v1/ \n', 'http://127.0.0.1:4010/v1'],
		['https://proxy.example.com/clerk/v1', 'https://proxy.example.com/clerk/v1'],
		['http://localhost:4010/v1', 'http://localhost:4010/v1'],
		['http://[::1]:4010/v1', 'http://[::1]:4010/v1'],
		['http://127.0.0.2/v1', 'http://127.0.0.2/v1'],
	])('turns %j into %j', (input, expected) => {
		expect(checkApiUrl(input)).toEqual({ url: expected });
	});

	it.each([undefined, null, '', '   ', 42])("falls back to Clerk's API for %j", (input) => {
		expect(checkApiUrl(input)).toEqual({ url: DEFAULT_API_URL });
	});

	it.each([
		'htp://api.clerk.com/v1',
		'api.clerk.com/v1',
		'ftp://api.clerk.com/v1',
		'https:api.clerk.com',
		'http://api.clerk.com/v1',
		'http://10.0.0.5/v1',
		'http://127.0.0.1.example.com/v1',
	])('refuses %j, naming the credential field and the fix', (input) => {
		const error = refusal(input);
		expect(error.message).toMatch(/API URL in the Clerk API credential/);
		expect(errorCode(error)).toBe('invalid_input');
		expect(error).toMatchObject({ description: expect.stringContaining(DEFAULT_API_URL) });
	});

	it.each([
		['https://user:pw@api.clerk.com/v1', /user name or password/, 'Remove the part before "@"'],
		['https://api.clerk.com/v1?x=1', /has a query/, 'Remove everything from "?"'],
		['https://api.clerk.com/v1?', /has a query/, 'Remove everything from "?"'],
		['https://api.clerk.com/v1#f', /has a fragment/, 'Remove everything from "#"'],
	])('refuses %j: %s, with the fix', (input, problem, fix) => {
		const error = refusal(input);
		expect(error.message).toMatch(problem);
		expect(error.message).toMatch(/API URL in the Clerk API credential/);
		expect(error).toMatchObject({ description: expect.stringContaining(fix) });
		expect(JSON.stringify(error)).not.toContain('pw');
		expect(JSON.stringify(checkApiUrl(input))).not.toContain('pw');
	});

	it("defaults to Clerk's v1 API", () => {
		expect(DEFAULT_API_URL).toBe('https://api.clerk.com/v1');
	});
});
