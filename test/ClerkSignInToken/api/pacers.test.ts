import { inspect } from 'node:util';

import type { Pacer } from '../../../nodes/ClerkSignInToken/api/pacer';
import { PacerRegistry } from '../../../nodes/ClerkSignInToken/api/pacers';

const API_URL = 'https://api.clerk.com/v1';
const SECRET_KEY = 'sk_test_registry_Zq8rT3wLmN5vX2yB';
const IDLE_MS = 10 * 60_000;
// pacers.ts keeps at most this many pacers once the idle ones can go.
const MAX_PACERS = 200;

/** Sends a request that Clerk never answers, once the pacer let it go. */
async function holdSlot(pacer: Pacer): Promise<void> {
	await new Promise<void>((sent) => {
		void pacer.run(async () => {
			sent();
			return await new Promise<never>(() => undefined);
		});
	});
}

describe('PacerRegistry', () => {
	test.each([
		'https://api.clerk.com/v1/',
		'HTTPS://API.CLERK.COM/v1',
		'https://api.clerk.com:443/v1',
		'https://api.clerk.dev/v1',
		'https://Api.Clerk.Dev:443/v1//',
	])('%s is the same Clerk instance as https://api.clerk.com/v1: one pacer', (alias) => {
		const registry = new PacerRegistry();
		const pacer = registry.forKey(API_URL, SECRET_KEY);

		expect(registry.forKey(alias, SECRET_KEY)).toBe(pacer);
		expect(registry.size).toBe(1);
	});

	test.each([
		['sk_live_registry', 1000],
		['sk_test_registry', 100],
		['registry_key_of_a_proxy', undefined],
	])("a new pacer for %s starts from the key's documented limit (%s per 10 s)", (key, limit) => {
		expect(new PacerRegistry().forKey(API_URL, key).limit).toBe(limit);
	});

	test('a default port is the same instance, another port or path is not', () => {
		const registry = new PacerRegistry();
		const local = registry.forKey('http://localhost/v1', SECRET_KEY);

		expect(registry.forKey('http://LOCALHOST:80/v1/', SECRET_KEY)).toBe(local);
		expect(registry.forKey('http://localhost:8080/v1', SECRET_KEY)).not.toBe(local);
		expect(registry.forKey('http://localhost/v2', SECRET_KEY)).not.toBe(local);
		expect(registry.forKey('https://localhost/v1', SECRET_KEY)).not.toBe(local);
	});

	test('another secret key or another API URL gets its own pacer', () => {
		const registry = new PacerRegistry();
		const pacer = registry.forKey(API_URL, SECRET_KEY);

		expect(registry.forKey(API_URL, `${SECRET_KEY}x`)).not.toBe(pacer);
		expect(registry.forKey('http://127.0.0.1:4010/v1', SECRET_KEY)).not.toBe(pacer);
		// The pair is one key: URL and secret key cannot be shifted into each other.
		expect(registry.forKey(`${API_URL}a`, 'b')).not.toBe(registry.forKey(API_URL, 'ab'));
		expect(registry.size).toBe(5);
	});

	test('a pacer idle for 10 minutes is dropped when another key is looked up', () => {
		const registry = new PacerRegistry();
		const start = performance.now();
		const old = registry.forKey(API_URL, SECRET_KEY, start);

		registry.forKey(API_URL, 'sk_test_other', start + IDLE_MS - 1000);
		expect(registry.forKey(API_URL, SECRET_KEY, start + IDLE_MS - 1000)).toBe(old);

		registry.forKey(API_URL, 'sk_test_third', start + 2 * IDLE_MS);
		expect(registry.size).toBe(1);
		expect(registry.forKey(API_URL, SECRET_KEY, start + 2 * IDLE_MS)).not.toBe(old);
	});

	test('a pacer with a request in flight is kept however long it has been busy', async () => {
		const registry = new PacerRegistry();
		const start = performance.now();
		const busy = registry.forKey(API_URL, SECRET_KEY, start);
		await holdSlot(busy);

		registry.forKey(API_URL, 'sk_test_other', start + 10 * IDLE_MS);

		expect(registry.forKey(API_URL, SECRET_KEY, start + 10 * IDLE_MS)).toBe(busy);
	});

	test('never holds more than its bound of idle pacers, and keeps busy ones when crowded', async () => {
		const registry = new PacerRegistry();
		const busy = registry.forKey(API_URL, SECRET_KEY);
		await holdSlot(busy);

		let largest = 0;
		for (let i = 0; i < 3 * MAX_PACERS; i++) {
			registry.forKey(API_URL, `sk_test_${i}`);
			largest = Math.max(largest, registry.size);
		}

		expect(largest).toBeLessThanOrEqual(MAX_PACERS);
		expect(registry.forKey(API_URL, SECRET_KEY)).toBe(busy);
	});

	test('clear forgets every pacer', () => {
		const registry = new PacerRegistry();
		const pacer = registry.forKey(API_URL, SECRET_KEY);
		registry.forKey(API_URL, 'sk_test_other');

		registry.clear();

		expect(registry.size).toBe(0);
		expect(registry.forKey(API_URL, SECRET_KEY)).not.toBe(pacer);
	});

	test('the secret key is not kept anywhere in the registry, only a hash of it', async () => {
		const registry = new PacerRegistry();
		const pacer = registry.forKey(API_URL, SECRET_KEY);
		await pacer.run(async () => await Promise.resolve({ status: 200 }));

		const shown = inspect(registry, { depth: 5, showHidden: true });
		expect(shown).toContain('Pacer');
		expect(shown).not.toContain(SECRET_KEY);
		expect(shown).not.toContain(SECRET_KEY.slice(8));
	});
});
