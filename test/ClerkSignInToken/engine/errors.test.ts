import { SEED_USER_IDS } from '../../../emulator';
import { byId, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const createForAda = { operation: 'create', user: byId(SEED_USER_IDS.ada) };

describe('Clerk errors become NodeApiErrors a user can act on', () => {
	test('a wrong secret key: 401, says the key was rejected, and never repeats the key', async () => {
		const wrongKey = 'sk_test_wrong_key_that_must_never_be_echoed_42';
		const { error, items } = await clerk.run(createForAda, {
			credentials: clerk.credentials({ secretKey: wrongKey }),
		});

		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toBe('Clerk rejected the secret key (HTTP 401)');
		expect(error?.description).toContain('Clerk Dashboard → API Keys');
		expect(JSON.stringify(error)).not.toContain(wrongKey);
		expect(JSON.stringify(error)).not.toContain('wrong_key');
	});

	test("Clerk's long_message is the message; its code and trace ID are in the description", async () => {
		clerk.emulator.injectFault({
			method: 'POST',
			path: '/v1/sign_in_tokens',
			fault: {
				kind: 'status',
				status: 422,
				body: {
					errors: [
						{
							message: 'is invalid',
							long_message: 'user_id is not a valid user',
							code: 'form_param_value_invalid',
							meta: { param_name: 'user_id' },
						},
					],
					clerk_trace_id: 'trace_0123abcd',
				},
			},
		});

		const { error } = await clerk.run(createForAda);

		expect(error?.message).toBe('user_id is not a valid user');
		expect(error?.httpCode).toBe('422');
		expect(error?.description).toContain('Clerk error code: form_param_value_invalid');
		expect(error?.description).toContain('Clerk trace ID: trace_0123abcd');
	});

	test('an HTML page from a proxy gives a readable message with the status', async () => {
		clerk.emulator.injectFault({
			method: 'POST',
			path: '/v1/sign_in_tokens',
			fault: { kind: 'html', status: 403 },
		});

		const { error } = await clerk.run(createForAda);

		expect(error?.message).toBe('Clerk answered HTTP 403 without a Clerk error body');
		expect(error?.httpCode).toBe('403');
		expect(error?.description).toMatch(/proxy or gateway/);
		expect(error?.description).not.toMatch(/<[a-z]/i);
	});

	test('the secret key appears in no output item and no error of a run with failures', async () => {
		const secretKey = clerk.emulator.secretKey;
		clerk.emulator.injectFault({
			method: 'POST',
			path: '/v1/sign_in_tokens',
			fault: { kind: 'status', status: 500 },
			times: 1,
		});
		clerk.emulator.injectFault({
			method: 'POST',
			path: '/v1/sign_in_tokens',
			fault: { kind: 'reset' },
			times: 4,
		});

		const run = await clerk.run(
			{
				operation: 'create',
				user: byId('={{ $json.id }}'),
				additionalFields: { signInUrl: 'https://app.example.com/sign-in' },
				options: { concurrency: 1 },
			},
			{
				continueOnFail: true,
				items: [{ id: SEED_USER_IDS.ada }, { id: SEED_USER_IDS.grace }, { id: 'user_missing1' }],
			},
		);

		expect(run.items).toHaveLength(3);
		expect(run.items.filter((item) => item.json.error)).not.toHaveLength(0);
		expect(JSON.stringify(run.run)).not.toContain(secretKey);
		expect(JSON.stringify(run.run.data.resultData)).not.toContain(secretKey.slice(8));
	});
});
