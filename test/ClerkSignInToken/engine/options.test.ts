import type { INodeParameters } from 'n8n-workflow';

import { SEED_USER_IDS } from '../../../emulator';
import { byId, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const createForAda = (options: INodeParameters): INodeParameters => ({
	operation: 'create',
	user: byId(SEED_USER_IDS.ada),
	options,
});

describe('Options are checked before any request', () => {
	test.each([
		['Concurrency', { concurrency: '={{ "abc" }}' }],
		['Concurrency', { concurrency: '={{ NaN }}' }],
		['Concurrency', { concurrency: 0 }],
		['Concurrency', { concurrency: 2.5 }],
		// More in flight than Clerk's production limit allows per second would only be refused.
		['Concurrency', { concurrency: 101 }],
		['Reserved Share of Rate Limit (%)', { reservedShare: 101 }],
		['Reserved Share of Rate Limit (%)', { reservedShare: -1 }],
		['Max Requests per Second', { maxRequestsPerSecond: -1 }],
		['Max Requests per Second', { maxRequestsPerSecond: '={{ Infinity }}' }],
		['Timeout (Seconds)', { timeout: '={{ "soon" }}' }],
		['Rate Limit Wait (Seconds)', { rateLimitWait: -5 }],
	])(
		'an invalid %s (%j) fails the run, naming the option, and Clerk receives nothing',
		async (label, options) => {
			const { items, error } = await clerk.run(createForAda(options), { items: [{}, {}] });

			expect(items).toEqual([]);
			expect(error?.message).toContain(`The option ${label}`);
			expect(error?.description).toContain(`set ${label} to`);
			expect(clerk.emulator.requests).toHaveLength(0);
		},
	);

	test("with continue-on-error, every item comes out paired with the option's error", async () => {
		const { items, error } = await clerk.run(createForAda({ concurrency: '={{ "abc" }}' }), {
			items: [{}, {}, {}],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			expect(item.json).toMatchObject({
				code: 'invalid_input',
				error: expect.stringContaining('Concurrency'),
			});
		}
		expect(clerk.emulator.requests).toHaveLength(0);
	});

	test('numbers given as text are accepted', async () => {
		const { items, error } = await clerk.run(
			createForAda({ concurrency: '={{ "3" }}', timeout: '={{ "10" }}' }),
		);

		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('pending');
	});

	test.each(['htp://127.0.0.1/v1', 'ftp://clerk.example.com/v1', '127.0.0.1/v1'])(
		'an API URL that is not http(s) (%s) is refused with the fix, not retried as a network error',
		async (baseUrl) => {
			const { error } = await clerk.run(createForAda({}), {
				credentials: clerk.credentials({ baseUrl }),
			});

			expect(error?.message).toContain('The API URL in the Clerk API credential');
			expect(error?.description).toContain('https://api.clerk.com/v1');
			expect(clerk.emulator.requests).toHaveLength(0);
		},
	);
});
