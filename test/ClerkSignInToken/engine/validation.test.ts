import type { GenericValue, INodeParameters } from 'n8n-workflow';

import { SEED_ORG_ID, SEED_USER_IDS } from '../../../emulator';
import { byEmail, byId, useEmulator } from '../../support/emulatorFixture';
import { runClerkNode } from '../../support/engineHarness';
import type { RunResult } from '../../support/engineHarness';

const clerk = useEmulator();

interface BadInput {
	name: string;
	/** The node's parameters; the bad value comes from the item's `value` through an expression. */
	parameters: INodeParameters;
	value: GenericValue;
	/** The field's name as the error message must give it. */
	field: string;
}

const create = (parameters: INodeParameters): INodeParameters => ({
	operation: 'create',
	user: byId(SEED_USER_IDS.ada),
	...parameters,
});
const revoke = (signInLinkId: string): INodeParameters => ({ operation: 'revoke', signInLinkId });
const MAPPED = '={{ $json.value }}';

// Values mapped from earlier nodes are where bad input really comes from: n8n checks typed-in
// values against the field's rules before the run, but expressions only resolve inside the node.
const BAD_INPUTS: BadInput[] = [
	{
		name: 'an empty user ID',
		parameters: create({ user: byId(MAPPED) }),
		value: '',
		field: 'User ID',
	},
	{
		name: 'a whitespace user ID',
		parameters: create({ user: byId(MAPPED) }),
		value: ' \t ',
		field: 'User ID',
	},
	{
		name: 'a missing user ID',
		parameters: create({ user: byId(MAPPED) }),
		value: null,
		field: 'User ID',
	},
	{
		name: 'a user ID with "/"',
		parameters: create({ user: byId(MAPPED) }),
		value: 'user_2abc/revoke',
		field: 'User ID',
	},
	{
		name: 'a user ID with ".."',
		parameters: create({ user: byId(MAPPED) }),
		value: 'user_2abc..x',
		field: 'User ID',
	},
	{
		name: 'a user ID with "%"',
		parameters: create({ user: byId(MAPPED) }),
		value: 'user_2abc%2F',
		field: 'User ID',
	},
	{
		name: 'a user ID with a space',
		parameters: create({ user: byId(MAPPED) }),
		value: 'user_2abc def',
		field: 'User ID',
	},
	{
		name: 'a user ID with the wrong prefix',
		parameters: create({ user: byId(MAPPED) }),
		value: 'sit_2abcDEF123',
		field: 'User ID',
	},
	{
		name: 'a user ID that is a number',
		parameters: create({ user: byId(MAPPED) }),
		value: 12345,
		field: 'User ID',
	},
	{
		name: 'an empty email',
		parameters: create({ user: byEmail(MAPPED) }),
		value: '',
		field: 'Email',
	},
	{
		name: 'a malformed email',
		parameters: create({ user: byEmail(MAPPED) }),
		value: 'ada@example',
		field: 'Email',
	},
	{
		name: 'an email with a display name',
		parameters: create({ user: byEmail(MAPPED) }),
		value: 'Ada <ada@example.com>',
		field: 'Email',
	},
	{
		name: 'an expiry of 0',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: 0,
		field: 'Expires In (Seconds)',
	},
	{
		name: 'a negative expiry',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: -60,
		field: 'Expires In (Seconds)',
	},
	{
		name: 'a fractional expiry',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: 1.5,
		field: 'Expires In (Seconds)',
	},
	{
		name: 'a fractional expiry string',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: '90.5',
		field: 'Expires In (Seconds)',
	},
	{
		name: 'a non-numeric expiry',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: 'one hour',
		field: 'Expires In (Seconds)',
	},
	{
		name: 'an absurdly large expiry',
		parameters: create({ expiresInSeconds: MAPPED }),
		value: 2_592_000_000,
		field: 'Expires In (Seconds)',
	},
	{
		name: 'an organization ID with the wrong prefix',
		parameters: create({ additionalFields: { organizationId: MAPPED } }),
		value: 'user_2abc',
		field: 'Organization ID',
	},
	{
		name: 'an organization ID with "/"',
		parameters: create({ additionalFields: { organizationId: MAPPED } }),
		value: 'org_2abc/memberships',
		field: 'Organization ID',
	},
	{
		name: 'a sign-in URL that is not a URL',
		parameters: create({ additionalFields: { signInUrl: MAPPED } }),
		value: 'app.example.com/sign-in',
		field: 'Sign-In URL',
	},
	{
		name: 'a javascript: sign-in URL',
		parameters: create({ additionalFields: { signInUrl: MAPPED } }),
		value: 'javascript:alert(1)',
		field: 'Sign-In URL',
	},
	{
		name: 'an empty sign-in token ID',
		parameters: revoke(MAPPED),
		value: '   ',
		field: 'Sign-In Token ID',
	},
	{
		name: 'a sign-in token ID with "/" and ".."',
		parameters: revoke(MAPPED),
		value: 'sit_2abc/../../users',
		field: 'Sign-In Token ID',
	},
	{
		name: 'a sign-in token ID with "%"',
		parameters: revoke(MAPPED),
		value: 'sit_2abc%2F..%2Fusers',
		field: 'Sign-In Token ID',
	},
	{
		name: 'a sign-in token ID with the wrong prefix',
		parameters: revoke(MAPPED),
		value: 'user_2abcDEF123',
		field: 'Sign-In Token ID',
	},
];

/** A value the field accepts, for the item before the bad one. */
function goodValueFor(field: string): string | number {
	switch (field) {
		case 'Email':
			return 'ada@example.com';
		case 'Expires In (Seconds)':
			return 3600;
		case 'Organization ID':
			return SEED_ORG_ID;
		case 'Sign-In URL':
			return 'https://app.example.com/sign-in';
		case 'Sign-In Token ID':
			return 'sit_2abcDEF123';
		default:
			return SEED_USER_IDS.ada;
	}
}

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
		'$name: the error names $field and the item, and Clerk receives nothing',
		async ({ parameters, value, field }) => {
			// The bad value is the second item's, so the index in the message must be that item's own.
			const items = [{ value: goodValueFor(field) }, { value }];
			const result = await runClerkNode({ credentials: clerk.credentials(), parameters, items });
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
			await expect(runClerkNode({ credentials: clerk.credentials(), parameters })).rejects.toThrow(
				rule,
			);
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
			const result = await runClerkNode({ credentials: clerk.credentials(), parameters });
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
		const result = await runClerkNode({
			credentials: clerk.credentials(),
			parameters,
			items: ITEMS,
		});
		expectStoppedBeforeSending(result, 'User ID', 2);
	});

	test('with continue-on-error becomes an invalid_input error item in place, and the others succeed', async () => {
		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters,
			items: ITEMS,
			continueOnFail: true,
		});

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
		const { items } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: create({
				user: byId('={{ $json.id }}'),
				expiresInSeconds: '={{ $json.seconds }}',
			}),
			items: [
				{ id: '', seconds: 60 },
				{ id: SEED_USER_IDS.ada, seconds: 0 },
				{ id: 'org_2abc', seconds: 60 },
			],
			continueOnFail: true,
		});
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
	test('an expiry given as the digit string "3600" is sent as the number 3600', async () => {
		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: create({ expiresInSeconds: '={{ $json.seconds }}' }),
			items: [{ seconds: '3600' }],
		});
		expect(error).toBeUndefined();
		expect(clerk.emulator.requests[0].body).toEqual({
			user_id: SEED_USER_IDS.ada,
			expires_in_seconds: 3600,
		});
		expect(items[0].json.expires_at).toBe((items[0].json.created_at as number) + 3600 * 1000);
	});

	test('a user ID mapped from each item, with stray whitespace, is sent trimmed', async () => {
		const { items, error } = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: create({ user: byId('={{ $json.id }}') }),
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
		const result = await runClerkNode({
			credentials: clerk.credentials(),
			parameters: create({ user: byId('={{ $json.id }}') }),
			items,
		});

		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toContain(`[item ${badAt}]`);
		const sentUsers = clerk.emulator.requests.map((r) => (r.body as { user_id?: string }).user_id);
		expect(sentUsers).not.toContain(items[badAt].id);
		expect(clerk.emulator.requests.length).toBeLessThanOrEqual(badAt);
	});
});
