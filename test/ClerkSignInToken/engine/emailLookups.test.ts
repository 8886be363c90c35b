import { SEED_USER_IDS } from '../../../emulator';
import {
	asciiLowerCase,
	lookupBatches,
	MAX_LOOKUP_QUERY_CHARS,
} from '../../../nodes/ClerkSignInToken/api/users';
import { byEmail, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const createByEmail = {
	operation: 'create',
	user: byEmail('={{ $json.email }}'),
};

const lookups = () => clerk.emulator.requests.filter((r) => r.method === 'GET');
/** Clerk answers the next `times` user lookups with HTTP `status`. */
const lookupsAnswer = (status: number, times?: number) =>
	clerk.emulator.injectFault({
		method: 'GET',
		path: '/v1/users',
		fault: { kind: 'status', status },
		times,
	});

describe('email lookups one item cannot break', () => {
	test('an address longer than 254 characters fails its own item; the others are looked up', async () => {
		const long = `${'a'.repeat(20_000)}@example.com`;
		const { items } = await clerk.run(createByEmail, {
			items: [{ email: 'ada@example.com' }, { email: long }, { email: 'grace@example.com' }],
			continueOnFail: true,
		});

		expect(items.map((item) => item.json.user_id)).toEqual([
			SEED_USER_IDS.ada,
			undefined,
			SEED_USER_IDS.grace,
		]);
		expect(items[1].json).toMatchObject({ code: 'invalid_input' });
		expect(items[1].json.error).toMatch(/^Email is 20012 characters long.*254.*\[item 1\]$/);
		expect(lookups()).toHaveLength(1);
	});

	test('a 431 answer splits the batch and asks again, so every address is still looked up', async () => {
		lookupsAnswer(431);
		const emails = ['ada@example.com', 'grace@example.com', 'alan@example.com'];
		const { items, error } = await clerk.run(createByEmail, {
			items: emails.map((email) => ({ email })),
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.user_id)).toEqual([
			SEED_USER_IDS.ada,
			SEED_USER_IDS.grace,
			SEED_USER_IDS.alan,
		]);
		expect(lookups().map((r) => r.query.email_address)).toEqual([
			emails,
			emails.slice(0, 2),
			emails[2],
		]);
	});

	test('an address refused on its own with 414 fails only its items', async () => {
		lookupsAnswer(414, 3);
		const { items } = await clerk.run(createByEmail, {
			items: [{ email: 'ada@example.com' }, { email: 'grace@example.com' }],
			continueOnFail: true,
		});

		// All three asks refused: both addresses, then each alone.
		expect(items.map((item) => item.json.code)).toEqual(['http_414', 'http_414']);
		expect(items[0].json.error).toBe(
			'The lookup of the email address ada@example.com was refused as too large (HTTP 414) [item 0]',
		);
		expect(lookups()).toHaveLength(3);
	});

	test('a lookup Clerk refuses fails the items of its batch each with its own index', async () => {
		lookupsAnswer(422, 1);
		const { error } = await clerk.run(createByEmail, {
			items: [{ email: 'ada@example.com' }, { email: 'grace@example.com' }],
		});

		// The node stops at the first item in input order, which names its item.
		expect(error?.httpCode).toBe('422');
		expect(error?.context?.itemIndex).toBe(0);
	});

	test('an address is looked up as typed: the Kelvin sign is not the letter K', async () => {
		const kelvin = '\u212Aatherine@nasa.example';
		const { items } = await clerk.run(createByEmail, {
			items: [{ email: kelvin }, { email: 'KATHERINE@nasa.example' }],
			continueOnFail: true,
		});

		expect(items[0].json).toMatchObject({ code: 'user_not_found' });
		expect(items[1].json.user_id).toBe(SEED_USER_IDS.katherine);
	});
});

describe('lookupBatches', () => {
	test('cuts batches at 100 addresses', () => {
		const emails = Array.from({ length: 250 }, (_, i) => `user${i}@example.com`);
		expect(lookupBatches(emails).map((batch) => batch.length)).toEqual([100, 100, 50]);
	});

	test('cuts batches where their encoded query would pass the limit', () => {
		const emails = Array.from({ length: 40 }, (_, i) => `${'ü'.repeat(40)}${i}@example.com`);
		const batches = lookupBatches(emails);
		expect(batches.length).toBeGreaterThan(1);
		expect(batches.flat()).toEqual(emails);
		for (const batch of batches) {
			const query = batch.map((e) => `&email_address=${encodeURIComponent(e)}`).join('');
			expect(query.length).toBeLessThanOrEqual(MAX_LOOKUP_QUERY_CHARS);
		}
	});
});

test('asciiLowerCase lower-cases A-Z and nothing else', () => {
	expect(asciiLowerCase('Ada.LOVELACE@Example.COM')).toBe('ada.lovelace@example.com');
	expect(asciiLowerCase('\u212Aate@EXAMPLE.com')).toBe('\u212Aate@example.com');
	expect(asciiLowerCase('İSTANBUL@x.com')).toBe('İstanbul@x.com');
});
