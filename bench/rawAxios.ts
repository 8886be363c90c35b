import axios from 'axios';

import type { BenchEmulator } from './emulator';

/** P1's baseline: the same creates sent one after another with plain axios, nothing else. */
export async function rawAxiosLoop(
	emulator: BenchEmulator,
	userIds: string[],
): Promise<{ wallMs: number; failed: number }> {
	const client = axios.create({
		baseURL: emulator.apiUrl,
		headers: { Authorization: `Bearer ${emulator.secretKey}`, Accept: 'application/json' },
		validateStatus: () => true,
	});
	let failed = 0;
	const started = performance.now();
	for (const userId of userIds) {
		const response = await client.post('/sign_in_tokens', {
			user_id: userId,
			expires_in_seconds: 3600,
		});
		if (response.status !== 200) failed++;
	}
	return { wallMs: performance.now() - started, failed };
}
