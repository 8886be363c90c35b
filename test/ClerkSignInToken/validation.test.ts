import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_EXPIRES_IN_SECONDS,
	MAX_EXPIRES_IN_SECONDS,
	validateClerkId,
	validateEmail,
	validateExpiresInSeconds,
	validateSignInUrl,
} from '../../nodes/ClerkSignInToken/validation';
import { errorCode } from '../../nodes/ClerkSignInToken/errors';
import { fakeNode } from '../support/fakeNode';

/** Runs `check` expecting it to refuse the input, and returns the error it threw. */
function refusal(check: () => unknown): NodeOperationError {
	try {
		check();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('the input was accepted');
}

/** What every refusal must carry: the field, the item, a fix, and the invalid_input code. */
function expectNamedRefusal(
	error: NodeOperationError,
	field: string,
	itemIndex: number,
	fix: RegExp,
): void {
	expect(error.message).toContain(field);
	expect(error.message).toContain(`[item ${itemIndex}]`);
	expect(error.context.itemIndex).toBe(itemIndex);
	expect(error.description).toMatch(fix);
	expect(errorCode(error)).toBe('invalid_input');
}

describe('validateClerkId', () => {
	const userId = (value: unknown, itemIndex = 0) =>
		validateClerkId(fakeNode, itemIndex, 'User ID', 'user', value);

	it.each([
		['user_2abcDEF123', 'user_2abcDEF123'],
		['  user_2abcDEF123\n', 'user_2abcDEF123'],
		['user_2ada0000000000000000000000', 'user_2ada0000000000000000000000'],
	])('accepts %j as %j', (input, expected) => {
		expect(userId(input)).toBe(expected);
	});

	it.each([undefined, null, '', '   ', '\t\n'])('refuses the empty value %j', (value) => {
		const error = refusal(() => userId(value, 4));
		expect(error.message).toBe('User ID is empty [item 4]');
		expectNamedRefusal(error, 'User ID', 4, /starts with user_.*user_2abcDEF123/);
	});

	it.each([42, true, { id: 'user_2abc' }, ['user_2abc']])(
		'refuses the non-text value %j',
		(value) => {
			const error = refusal(() => userId(value, 1));
			expect(error.message).toContain('must be text');
			expectNamedRefusal(error, 'User ID', 1, /starts with user_/);
		},
	);

	it.each([
		['a slash', 'user_2abc/revoke'],
		['a path', '../users/user_2abc'],
		['two dots', 'user_2abc..def'],
		['a percent-encoded value', 'user_2abc%2Fdef'],
		['an inner space', 'user_2abc def'],
		['an inner tab', 'user_2abc\tdef'],
		['a URL', 'https://api.clerk.com/v1/users/user_2abc'],
	])('refuses an ID with %s', (_, value) => {
		const error = refusal(() => userId(value, 2));
		expect(error.message).toContain(`"${value}"`);
		expect(error.message).toMatch(/characters an ID cannot have/);
		expectNamedRefusal(error, 'User ID', 2, /bare ID, for example user_2abcDEF123/);
	});

	it.each(['sit_2abc', 'org_2abc', 'usr_2abc', 'User_2abc', 'user2abc', 'ada@example.com', '2abc'])(
		'refuses %j, which lacks the user_ prefix',
		(value) => {
			const error = refusal(() => userId(value, 3));
			expect(error.message).toContain('does not start with "user_"');
			expectNamedRefusal(error, 'User ID', 3, /user_2abcDEF123.*right field/);
		},
	);

	it.each([
		'user_',
		'user_2abc-def',
		'user_2abc_def',
		'user_2abc.def',
		'user_ümlaut',
		'user_2abc?x=1',
		'user_2abc#x',
	])('refuses %j, whose body is not letters and digits', (value) => {
		const error = refusal(() => userId(value));
		expect(error.message).toContain('is not a valid Clerk ID');
		expectNamedRefusal(error, 'User ID', 0, /only letters and digits/);
	});

	it("names the field it was given, with that field's prefix", () => {
		const sit = refusal(() => validateClerkId(fakeNode, 7, 'Sign-In Token ID', 'sit', 'user_2abc'));
		expect(sit.message).toBe('Sign-In Token ID "user_2abc" does not start with "sit_" [item 7]');
		expect(sit.description).toContain('sit_2abcDEF123');
		const org = refusal(() =>
			validateClerkId(fakeNode, 0, 'Organization ID', 'org', 'analytical engine'),
		);
		expect(org.message).toContain('Organization ID');
		expect(org.description).toContain('org_2abcDEF123');
	});
});

describe('validateExpiresInSeconds', () => {
	const expiry = (value: unknown, itemIndex = 0) =>
		validateExpiresInSeconds(fakeNode, itemIndex, value);
	const FIELD = 'Expires In (Seconds)';

	it.each([
		[1, 1],
		[3600, 3600],
		[DEFAULT_EXPIRES_IN_SECONDS, DEFAULT_EXPIRES_IN_SECONDS],
		[MAX_EXPIRES_IN_SECONDS, MAX_EXPIRES_IN_SECONDS],
		['3600', 3600],
		[' 60 ', 60],
		['\t900\n', 900],
		['2592000', 2592000],
	])('accepts %j as %j', (input, expected) => {
		expect(expiry(input)).toBe(expected);
	});

	it('has a ten-year ceiling and a 30-day default', () => {
		expect(MAX_EXPIRES_IN_SECONDS).toBe(315_360_000);
		expect(DEFAULT_EXPIRES_IN_SECONDS).toBe(2_592_000);
	});

	it.each([0, -1, -3600, '0', '-60'])('refuses %j as less than 1', (value) => {
		const error = refusal(() => expiry(value, 5));
		expect(error.message).toContain('must be at least 1');
		expectNamedRefusal(error, FIELD, 5, /whole number of seconds from 1 to 315360000/);
	});

	it.each([1.5, 0.5, 3600.25, '1.5', '3600.9'])('refuses the fractional value %j', (value) => {
		const error = refusal(() => expiry(value, 1));
		expect(error.message).toContain('is not a whole number');
		expectNamedRefusal(error, FIELD, 1, /whole number of seconds/);
	});

	it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
		'refuses the non-finite number %p',
		(value) => {
			const error = refusal(() => expiry(value));
			expectNamedRefusal(error, FIELD, 0, /whole number of seconds/);
		},
	);

	it.each([
		'abc',
		'',
		'   ',
		'1 hour',
		'1e3',
		'0x10',
		'3,600',
		'12abc',
		undefined,
		null,
		true,
		{},
		[3600],
	])('refuses the non-numeric value %j', (value) => {
		const error = refusal(() => expiry(value, 2));
		expect(error.message).toContain('is not a number');
		expectNamedRefusal(error, FIELD, 2, /whole number of seconds/);
	});

	it.each([MAX_EXPIRES_IN_SECONDS + 1, 2_592_000_000, Number.MAX_SAFE_INTEGER, '2592000000'])(
		'refuses the absurdly large value %j and suggests milliseconds were meant',
		(value) => {
			const error = refusal(() => expiry(value, 3));
			expect(error.message).toContain('longer than ten years');
			expectNamedRefusal(error, FIELD, 3, /Did you enter milliseconds\?/);
		},
	);
});

describe('validateEmail', () => {
	const email = (value: unknown, itemIndex = 0) => validateEmail(fakeNode, itemIndex, value);

	it.each([
		['ada@example.com', 'ada@example.com'],
		['  Ada.Lovelace+n8n@Example.co.uk ', 'Ada.Lovelace+n8n@Example.co.uk'],
		['katherine@nasa.example', 'katherine@nasa.example'],
	])('accepts %j as %j', (input, expected) => {
		expect(email(input)).toBe(expected);
	});

	it.each([undefined, null, '', '  '])('refuses the empty value %j', (value) => {
		const error = refusal(() => email(value, 6));
		expect(error.message).toBe('Email is empty [item 6]');
		expectNamedRefusal(error, 'Email', 6, /email address of an existing Clerk user/);
	});

	it.each([
		'ada',
		'ada@',
		'@example.com',
		'ada@example',
		'ada@example.',
		'ada@example.com.',
		'ada@@example.com',
		'ada lovelace@example.com',
		'Ada Lovelace <ada@example.com>',
		'ada@example.com, grace@example.com',
		42,
		{ email: 'ada@example.com' },
	])('refuses the malformed address %j', (value) => {
		const error = refusal(() => email(value, 1));
		expect(error.message).toContain('is not a valid email address');
		expectNamedRefusal(error, 'Email', 1, /one address such as ada@example\.com/);
	});
});

describe('validateSignInUrl', () => {
	const signInUrl = (value: unknown, itemIndex = 0) =>
		validateSignInUrl(fakeNode, itemIndex, value);
	const FIELD = 'Sign-In URL';

	it.each([
		['https://app.example.com/sign-in', 'https://app.example.com/sign-in'],
		[
			'http://localhost:3000/sign-in?redirect_url=%2Fdash#top',
			'http://localhost:3000/sign-in?redirect_url=%2Fdash#top',
		],
		['  https://app.example.com/sign-in \n', 'https://app.example.com/sign-in'],
	])('accepts %j as %j, unchanged apart from surrounding whitespace', (input, expected) => {
		expect(signInUrl(input)).toBe(expected);
	});

	it.each([undefined, null, 42, { url: 'https://app.example.com' }])(
		'refuses the non-text value %j',
		(value) => {
			const error = refusal(() => signInUrl(value, 2));
			expect(error.message).toContain('is not a URL');
			expectNamedRefusal(error, FIELD, 2, /full address of your app's sign-in page/);
		},
	);

	it.each(['app.example.com/sign-in', '/sign-in', 'not a url', 'https://'])(
		'refuses %j, which does not parse as a URL',
		(value) => {
			const error = refusal(() => signInUrl(value, 3));
			expect(error.message).toContain('is not a valid URL');
			expectNamedRefusal(error, FIELD, 3, /https:\/\/app\.example\.com\/sign-in/);
		},
	);

	it.each([
		'javascript:alert(1)',
		'ftp://files.example.com/sign-in',
		'mailto:ada@example.com',
		'data:text/html,hi',
	])('refuses %j, which is not http(s)', (value) => {
		const error = refusal(() => signInUrl(value));
		expect(error.message).toContain('must start with https:// or http://');
		expectNamedRefusal(error, FIELD, 0, /full address/);
	});
});

describe('validateSignInUrl refuses URLs that read differently to different parsers', () => {
	it.each([
		['https://user:pass@app.example.com/sign-in', /user name or password/],
		['https://user@app.example.com/sign-in', /user name or password/],
		['https://app.example.com/sign-\nin', /control characters/],
		['https://app.example.com/sign\u0000-in', /control characters/],
		['https:app.example.com/sign-in', /must start with https:\/\/ or http:\/\//],
		['http:/app.example.com/sign-in', /must start with https:\/\/ or http:\/\//],
	])('refuses %j, naming the field and the fix', (value, problem) => {
		const error = refusal(() => validateSignInUrl(fakeNode, 4, value));
		expect(error.message).toMatch(problem);
		expectNamedRefusal(error, 'Sign-In URL', 4, /full address of your app's sign-in page/);
	});
});
