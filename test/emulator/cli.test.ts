import { spawn } from 'node:child_process';
import { startEmulatorProcess, type EmulatorProcess } from '../../emulator/client';

// The CLI is tested as the separate process the e2e suite and the benchmarks run it as.
describe('the CLI in a child process (startEmulatorProcess)', () => {
	let emulator: EmulatorProcess | undefined;
	afterEach(async () => await emulator?.stop());

	it('prints its keys, limit and users, serves with them on a free port and stops cleanly on SIGTERM', async () => {
		let printed = '';
		const options = { secretKeys: ['sk_test_cli'], rateLimit: { limit: 2, windowMs: 10_000 } };
		emulator = await startEmulatorProcess(options, (command, args) => {
			const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
			child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
			return child;
		});
		expect(emulator.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(emulator.secretKey).toBe('sk_test_cli');
		const limit = 'Rate limit:  2 per 10000 ms per key';
		const ready = `READY ${emulator.apiUrl}`;
		for (const line of ['Secret key:  sk_test_cli', limit, 'ada@example.com', ready])
			expect(printed).toContain(line);

		for (const status of [200, 200, 429])
			expect((await emulator.api('GET', '/users')).status).toBe(status);
		expect(await emulator.counters()).toEqual({ total: 3, byStatus: { 200: 2, 429: 1 } });
		expect((await emulator.config()).rateLimit).toEqual({ limit: 2, windowMs: 10_000 });
		await emulator.stop();
		expect(emulator.child.exitCode).toBe(0);
		await expect(emulator.counters()).rejects.toThrow();
	}, 40_000);
});
