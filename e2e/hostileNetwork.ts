import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import assert from 'node:assert/strict';
import { once } from 'node:events';

import { clerkApiCredential } from '../n8nLab/n8nInstance';
import type { N8nRestClient } from '../n8nLab/n8nRest';
import { show, type Check } from './support';

/**
 * The network faults of issue 17, played against real n8n: an API URL that redirects to another
 * host, and a proxy that echoes the Authorization header it received into its error page.
 */
export const redirectingCredential = { id: 'E2eRedirectKey01', name: 'Clerk (redirecting URL)' };
export const echoingCredential = { id: 'E2eEchoProxyKey1', name: 'Clerk (echoing proxy)' };

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
	const server: Server = createServer((req, res) => {
		req.resume();
		req.on('end', () => handler(req, res));
	});
	await once(server.listen(0, '127.0.0.1'), 'listening');
	return { server, port: (server.address() as AddressInfo).port };
}

export class HostileNetwork {
	private constructor(
		private readonly servers: Server[],
		readonly redirectingUrl: string,
		readonly echoingUrl: string,
		/** Authorization headers that reached the host the redirect points to. */
		readonly reachedOtherHost: string[],
	) {}

	static async start(): Promise<HostileNetwork> {
		const reached: string[] = [];
		const other = await listen((req, res) => {
			reached.push(req.headers.authorization ?? '');
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"sign_in_token"}');
		});
		// Another host name for the same machine: n8n would re-add the key on the way there.
		const redirecting = await listen((req, res) => {
			res.writeHead(307, { location: `http://localhost:${other.port}${req.url ?? '/'}` }).end();
		});
		const echoing = await listen((req, res) => {
			res
				.writeHead(502, { 'content-type': 'text/html' })
				.end(`<h1>502</h1><p>upstream said: ${req.headers.authorization ?? ''} was refused</p>`);
		});
		return new HostileNetwork(
			[other.server, redirecting.server, echoing.server],
			`http://127.0.0.1:${redirecting.port}/v1`,
			`http://127.0.0.1:${echoing.port}/v1`,
			reached,
		);
	}

	async close(): Promise<void> {
		await Promise.all(
			this.servers.map(
				async (server) =>
					await new Promise<void>((resolve) => {
						server.closeAllConnections();
						server.close(() => resolve());
					}),
			),
		);
	}
}

/**
 * The credential's Test button in a running n8n, on a saved Clerk API credential (n8n tests
 * what the editor sends, here its API URL changed to one that redirects).
 */
export function credentialTestRedirectCheck(
	check: Check,
	ready: () => Promise<{
		rest: N8nRestClient;
		credential: { id: string; name: string };
		secretKey: string;
		/** n8n 2.x applies the credential's response-code rules to a 3xx; 1.x reports the status. */
		rulesApply: boolean;
	}>,
): void {
	check(
		'Credential test with a redirecting API URL: fails on the 307 (2.x: saying Clerk does not redirect), the other host gets no key',
		async () => {
			const ctx = await ready();
			const network = await HostileNetwork.start();
			try {
				const verdict = await ctx.rest.testCredential(
					clerkApiCredential(ctx.credential, ctx.secretKey, network.redirectingUrl),
				);
				const expected = ctx.rulesApply
					? /redirect \(HTTP 307\).*does not redirect/
					: /^Request failed with status code 307$/;
				assert.ok(
					verdict.status === 'Error' && expected.test(verdict.message),
					`the test should fail on the redirect (${String(expected)}): ${show(verdict)}`,
				);
				assert.deepEqual(network.reachedOtherHost, [], 'the credential test followed the redirect');
			} finally {
				await network.close();
			}
		},
	);
}
