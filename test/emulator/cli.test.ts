import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { apiUrlOf } from '../../emulator';
import { httpCall as call, waitForReady } from '../../emulator/client';

const ROOT = join(__dirname, '..', '..');

describe('npm run emulator (the CLI as its own process)', () => {
	it('prints the API URL, keys and seeded users, serves the API and stops cleanly on SIGTERM', async () => {
		// The CLI is only tested as the separate process the e2e suite runs it as.
		const flags = '--port 0 --key sk_test_cli --rate-limit 2/10s'.split(' ');
		const tsNode = [require.resolve('ts-node/dist/bin.js'), '--transpile-only'];
		const child = spawn(process.execPath, [...tsNode, 'emulator/cli.ts', ...flags], {
			cwd: ROOT,
			stdio: 'pipe',
		});
		child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
		const output = { text: '' };
		child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
		try {
			const url = await waitForReady(child);
			const apiUrl = apiUrlOf(url);
			expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
			expect(output.text).toContain('Secret key:  sk_test_cli');
			expect(output.text).toContain('ada@example.com');
			expect(output.text).toContain('Rate limit:  2 per 10000 ms per key');

			const headers = { Authorization: 'Bearer sk_test_cli' };
			for (const status of [200, 200, 429])
				expect((await call(`${apiUrl}/users`, 'GET', { headers })).status).toBe(status);
			const counters = await call(`${url}/__emulator/counters`, 'GET');
			expect(counters.json).toEqual({ total: 3, byStatus: { 200: 2, 429: 1 } });
		} finally {
			const exited = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code)),
			);
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	}, 40_000);
});
