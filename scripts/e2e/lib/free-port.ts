import { createServer } from 'node:net';

/** Asks the kernel for a free loopback port (there is a small race until the caller binds it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Thrown by a probe to stop waiting at once (the process being waited for has died). */
export class GiveUp extends Error {}

/** Polls until `probe` resolves true, or throws after `timeoutMs` with `what` in the message. */
export async function waitFor(
	what: string,
	probe: () => Promise<boolean>,
	timeoutMs: number,
	everyMs = 250,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			if (await probe()) return;
		} catch (error) {
			if (error instanceof GiveUp) throw error;
			// Not up yet.
		}
		await new Promise((r) => setTimeout(r, everyMs));
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
