import type { GenericValue, INodeParameters } from 'n8n-workflow';

import { SEED_ORG_ID, SEED_USER_IDS } from '../../../emulator';
import { byEmail, byId, useEmulator } from '../../support/emulatorFixture';
import type { RunResult } from '../../support/engineHarness';

const clerk = useEmulator();

const create = (parameters: INodeParameters): INodeParameters => ({
	operation: 'create',
	user: byId(SEED_USER_IDS.ada),
	...parameters,
});
const revoke = (signInLinkId: string): INodeParameters => ({ operation: 'revoke', signInLinkId });
const MAPPED = '={{ $json.value }}';

/** Each field as the error names it: how the item's `value` reaches it, and a value it accepts. */
const FIELDS = {
	'User ID': { parameters: create({ user: byId(MAPPED) }), good: SEED_USER_IDS.ada },
	Email: { parameters: create({ user: byEmail(MAPPED) }), good: 'ada@example.com' },
	'Expires In (Seconds)': { parameters: create({ expiresInSeconds: MAPPED }), good: 3600 },
	'Organization ID': {
		parameters: create({ additionalFields: { organizationId: MAPPED } }),
		good: SEED_ORG_ID,
	},
	'Sign-In URL': {
		parameters: create({ additionalFields: { signInUrl: MAPPED } }),
		good: 'https://app.example.com/sign-in',
	},
	'Sign-In Token ID': { parameters: revoke(MAPPED), good: 'sit_2abcDEF123' },
};

// Values mapped from earlier nodes are where bad input really comes from: n8n checks typed-in
// values against the field's rules before the run, but expressions only resolve inside the node.
const BAD_INPUTS: Array<[name: string, field: keyof typeof FIELDS, value: GenericValue]> = [
	['an empty user ID', 'User ID', ''],
	['a whitespace user ID', 'User ID', ' \t '],
	['a missing user ID', 'User ID', null],
	['a user ID with "/"', 'User ID', 'user_2abc/revoke'],
	['a user ID with ".."', 'User ID', 'user_2abc..x'],
	['a user ID with "%"', 'User ID', 'user_2abc%2F'],
	['a user ID with a space', 'User ID', 'user_2abc def'],
	['a user ID with the wrong prefix', 'User ID', 'sit_2abcDEF123'],
	['a user ID that is a number', 'User ID', 12345],
	['an empty email', 'Email', ''],
	['a malformed email', 'Email', 'ada@example'],
	['an email with a display name', 'Email', 'Ada <ada@example.com>'],
	['an expiry of 0', 'Expires In (Seconds)', 0],
	['a negative expiry', 'Expires In (Seconds)', -60],
	['a fractional expiry', 'Expires In (Seconds)', 1.5],
	['a fractional expiry string', 'Expires In (Seconds)', '90.5'],
	['a non-numeric expiry', 'Expires In (Seconds)', 'one hour'],
	['an absurdly large expiry', 'Expires In (Seconds)', 2_592_000_000],
	['an organization ID with the wrong prefix', 'Organization ID', 'user_2abc'],
	['an organization ID with "/"', 'Organization ID', 'org_2abc/memberships'],
	['a sign-in URL that is not a URL', 'Sign-In URL', 'app.example.com/sign-in'],
	['a javascript: sign-in URL', 'Sign-In URL', 'javascript:alert(1)'],
	['an empty sign-in token ID', 'Sign-In Token ID', '   '],
	['a sign-in token ID with "/" and ".."', 'Sign-In Token ID', 'sit_2abc/../../users'],
	['a sign-in token ID with "%"', 'Sign-In Token ID', 'sit_2abc%2F..%2Fusers'],
	['a sign-in token ID with the wrong prefix', 'Sign-In Token ID', 'user_2abcDEF123'],
];

function expectStoppedBeforeSending(result: RunResult, field: string, itemIndex: number): void {
	expect(result.items).toHaveLength(0);
	expect(result.error).toBeDefined();
	expect(result.error?.message).toContain(field);
	expect(result.error?.message).toContain(`[item ${itemIndex}]`);
	expect(result.error?.description).toEqual(expect.any(String));
	expect(result.error?.description?.length).toBeGreaterThan(10);
	expect(clerk.emulator.requests).toHaveLength(0);
}

describe('bad input is stopped before any request', () => {
	test.each(BAD_INPUTS)(
		'%s: the error names %s and the item, and Clerk receives nothing',
		async (_, field, value) => {
			// The bad value is the second item's, so the index in the message must be that item's own.
			const { parameters, good } = FIELDS[field];
			const items = [{ value: good }, { value }];
			const result = await clerk.run(parameters, { items });
			expectStoppedBeforeSending(result, field, 1);
		},
	);

	test.each([
		[
			'a user ID with "/"',
			create({ user: byId('user_2abc/revoke') }),
			'A Clerk user ID starts with user_',
		],
		[
			'a user ID with the wrong prefix',
			create({ user: byId('sit_2abcDEF123') }),
			'A Clerk user ID starts with user_',
		],
		['a malformed email', create({ user: byEmail('ada@example') }), 'Enter one email address'],
		['an empty sign-in token ID', revoke(''), '"Sign-In Token ID" is required'],
	])(
		'a typed-in value such as %s is refused by n8n before the run, and Clerk receives nothing',
		async (_, parameters, rule) => {
			await expect(clerk.run(parameters)).rejects.toThrow(rule);
			expect(clerk.emulator.requests).toHaveLength(0);
		},
	);

	test.each([
		['an expiry of 0', create({ expiresInSeconds: 0 }), 'Expires In (Seconds)'],
		['a fractional expiry', create({ expiresInSeconds: 1.5 }), 'Expires In (Seconds)'],
		[
			'an organization ID with the wrong prefix',
			create({ additionalFields: { organizationId: 'user_2abc' } }),
			'Organization ID',
		],
		[
			'a javascript: sign-in URL',
			create({ additionalFields: { signInUrl: 'javascript:alert(1)' } }),
			'Sign-In URL',
		],
		['a sign-in token ID with ".."', revoke('sit_2abc..x'), 'Sign-In Token ID'],
	])(
		'a typed-in value such as %s that n8n lets through is refused by the node',
		async (_, parameters, field) => {
			const result = await clerk.run(parameters);
			expectStoppedBeforeSending(result, field, 0);
		},
	);
});

describe('one bad item among several', () => {
	const ITEMS = [
		{ id: SEED_USER_IDS.ada },
		{ id: SEED_USER_IDS.grace },
		{ id: 'user_2grace/../../sign_in_tokens' },
		{ id: SEED_USER_IDS.alan },
	];
	const parameters = create({ user: byId('={{ $json.id }}') });

	test('stops the whole run before any item is sent, naming the bad item', async () => {
		const result = await clerk.run(parameters, { items: ITEMS });
		expectStoppedBeforeSending(result, 'User ID', 2);
	});

	test('with continue-on-error becomes an invalid_input error item in place, and the others succeed', async () => {
		const { items, error } = await clerk.run(parameters, { items: ITEMS, continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[2].json).toEqual({
			error: expect.stringMatching(/^User ID .* \[item 2\]$/),
			code: 'invalid_input',
			httpCode: null,
		});
		for (const index of [0, 1, 3]) {
			expect(items[index].json).toMatchObject({
				object: 'sign_in_token',
				status: 'pending',
				user_id: ITEMS[index].id,
			});
			expect(items[index].json.id).toMatch(/^sit_/);
		}
		const sentFor = clerk.emulator.requests.map(
			(request) => (request.body as { user_id: string }).user_id,
		);
		expect(sentFor).toEqual([SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan]);
	});

	test('with continue-on-error and every item bad, Clerk receives nothing and every item says why', async () => {
		const { items } = await clerk.run(
			create({
				user: byId('={{ $json.id }}'),
				expiresInSeconds: '={{ $json.seconds }}',
			}),
			{
				items: [
					{ id: '', seconds: 60 },
					{ id: SEED_USER_IDS.ada, seconds: 0 },
					{ id: 'org_2abc', seconds: 60 },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((item) => item.json.code)).toEqual([
			'invalid_input',
			'invalid_input',
			'invalid_input',
		]);
		expect(items.map((item) => item.json.httpCode)).toEqual([null, null, null]);
		expect(items[0].json.error).toContain('User ID is empty [item 0]');
		expect(items[1].json.error).toContain('Expires In (Seconds)');
		expect(items[1].json.error).toContain('[item 1]');
		expect(items[2].json.error).toContain('[item 2]');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(clerk.emulator.requests).toHaveLength(0);
	});
});

describe('values from expressions', () => {
	test('a user ID mapped from each item, with stray whitespace, is sent trimmed', async () => {
		const { items, error } = await clerk.run(create({ user: byId('={{ $json.id }}') }), {
			items: [{ id: ` ${SEED_USER_IDS.grace}\n` }, { id: SEED_USER_IDS.alan }],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user_id)).toEqual([
			SEED_USER_IDS.grace,
			SEED_USER_IDS.alan,
		]);
		expect(clerk.emulator.requests.map((request) => request.path)).toEqual([
			'/v1/sign_in_tokens',
			'/v1/sign_in_tokens',
		]);
	});
});

describe('a bad item in a long run', () => {
	// Runs longer than 64 items are sent while later items are read (in n8n 2.x an expression costs
	// about 1 ms per item); the first invalid item still stops everything read after it.
	test('stops the run at that item: it and every later item are never sent', async () => {
		const badAt = 150;
		const items = Array.from({ length: 200 }, (_, i) => ({
			id: i === badAt ? 'user_2grace/../../sign_in_tokens' : clerk.emulator.users[i % 20].id,
		}));
		const result = await clerk.run(create({ user: byId('={{ $json.id }}') }), { items });

		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toContain(`[item ${badAt}]`);
		const sentUsers = clerk.emulator.requests.map((r) => (r.body as { user_id?: string }).user_id);
		expect(sentUsers).not.toContain(items[badAt].id);
		expect(clerk.emulator.requests.length).toBeLessThanOrEqual(badAt);
	});
});
