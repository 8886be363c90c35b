import { SEED_USER_IDS } from '../../../emulator';
import { byId, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const createForAda = { operation: 'create', user: byId(SEED_USER_IDS.ada) };
const createPath = '/v1/sign_in_tokens';

function createAttempts(): number {
	return clerk.emulator.requests.filter((r) => r.path === createPath).length;
}

describe('Retries', () => {
	test('a 429 waits for Retry-After and the request then succeeds', async () => {
		clerk.emulator.injectFault({
			method: 'POST',
			path: createPath,
			fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
		});

		const started = Date.now();
		const { items, error } = await clerk.run(createForAda);

		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('pending');
		expect(createAttempts()).toBe(2);
		// Behaviour, not speed: the retry must not be sent before Clerk said it may.
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('a connection that keeps dropping gives "Could not reach Clerk" after 4 attempts', async () => {
		clerk.emulator.injectFault({
			method: 'POST',
			path: createPath,
			fault: { kind: 'reset' },
			times: Infinity,
		});

		const { error } = await clerk.run(createForAda);

		expect(error?.message).toBe(
			'Could not reach Clerk: the connection was closed before Clerk answered',
		);
		expect(error?.description).toContain('Tried 4 times');
		expect(createAttempts()).toBe(4);
	});

	test.each([400, 401, 404, 422])('HTTP %i is not retried', async (status) => {
		clerk.emulator.injectFault({
			method: 'POST',
			path: createPath,
			fault: { kind: 'status', status },
			times: Infinity,
		});

		await clerk.run(createForAda);

		expect(createAttempts()).toBe(1);
	});
});
