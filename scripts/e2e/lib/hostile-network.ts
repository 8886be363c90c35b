import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expectThat, show } from './assert';
import type { CheckRunner } from './check-runner';
import type { ExecuteResult, N8nInstance } from './n8n-instance';
import type { N8nRestClient } from './n8n-rest';

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
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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

function errorText(result: ExecuteResult): string {
	const parts = [result.run?.error?.message, result.run?.error?.description];
	for (const n of Object.values(result.run?.nodes ?? {}))
		parts.push(n.error?.message, n.error?.description);
	return parts.filter(Boolean).join(' | ');
}

export async function runHostileNetworkChecks(
	runner: CheckRunner,
	ctx: {
		instance: N8nInstance;
		network: HostileNetwork;
		goodKey: string;
		workflows: { redirecting: string; echoing: string };
	},
): Promise<void> {
	const { instance, network, goodKey } = ctx;

	await runner.check(
		'A redirecting API URL: the run fails naming the API URL, the other host gets no key',
		async () => {
			const result = await instance.execute(ctx.workflows.redirecting);
			const text = errorText(result);
			expectThat(
				text.includes(`The API URL ${network.redirectingUrl} answered with a redirect (HTTP 307)`),
				`the error should name the API URL and the redirect: ${show(text)}`,
			);
			expectThat(
				text.includes("Clerk's API does not redirect"),
				`the error should say Clerk does not redirect: ${show(text)}`,
			);
			expectThat(
				network.reachedOtherHost.length === 0,
				`the redirect was followed: the other host got ${network.reachedOtherHost.length} request(s)`,
			);
		},
	);

	await runner.check(
		'A proxy echoing the Authorization header in a 502: the error says so without the key',
		async () => {
			const result = await instance.execute(ctx.workflows.echoing);
			const text = errorText(result);
			expectThat(
				text.includes('upstream said: Bearer [redacted] was refused'),
				`the error should quote the proxy with the key removed: ${show(text)}`,
			);
			const printed = result.stdout + result.stderr + JSON.stringify(result.run ?? {});
			expectThat(!printed.includes(goodKey), 'n8n printed or output the secret key');
		},
	);
}

/**
 * The credential's Test button in a running n8n, on a saved Clerk API credential (n8n tests
 * what the editor sends, here its API URL changed to one that redirects).
 */
export async function runCredentialTestRedirectCheck(
	runner: CheckRunner,
	ctx: {
		rest: N8nRestClient;
		credential: { id: string; name: string };
		secretKey: string;
		/** n8n 2.x applies the credential's response-code rules to a 3xx; 1.x reports the status. */
		rulesApply: boolean;
	},
): Promise<void> {
	await runner.check(
		'Credential test with a redirecting API URL: fails on the 307 (2.x: saying Clerk does not redirect), the other host gets no key',
		async () => {
			const network = await HostileNetwork.start();
			try {
				const verdict = await ctx.rest.testCredential({
					...ctx.credential,
					type: 'clerkApi',
					data: { secretKey: ctx.secretKey, baseUrl: network.redirectingUrl, apiVersion: '' },
				});
				const expected = ctx.rulesApply
					? /redirect \(HTTP 307\).*does not redirect/
					: /^Request failed with status code 307$/;
				expectThat(
					verdict.status === 'Error' && expected.test(verdict.message),
					`the test should fail on the redirect (${String(expected)}): ${show(verdict)}`,
				);
				expectThat(
					network.reachedOtherHost.length === 0,
					`the credential test followed the redirect: the other host got ${network.reachedOtherHost.length} request(s)`,
				);
			} finally {
				await network.close();
			}
		},
	);
}
