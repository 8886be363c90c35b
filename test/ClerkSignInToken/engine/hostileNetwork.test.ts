import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INodeParameters } from 'n8n-workflow';

import { SEED_USER_IDS } from '../../../emulator';
import { byId } from '../../support/emulatorFixture';
import { runClerkNode } from '../../support/engineHarness';

/** What the network between n8n and Clerk can do to a request, played by local servers. */

const KEY = 'sk_live_hostileNetworkKey0123456789abcdef';
const createForAda = { operation: 'create', user: byId(SEED_USER_IDS.ada) };
const runAt = async (baseUrl: string, parameters: INodeParameters = createForAda) =>
	await runClerkNode({ credentials: { secretKey: KEY, baseUrl }, parameters });

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Local {
	url: string;
	port: number;
	/** Authorization headers of the requests this server received. */
	authorizations: string[];
	close(): Promise<void>;
}

const servers: Local[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (server) => await server.close()));
});

async function serve(handler: Handler): Promise<Local> {
	const authorizations: string[] = [];
	const server: Server = createServer((req, res) => {
		authorizations.push(req.headers.authorization ?? '');
		req.resume();
		req.on('end', () => handler(req, res));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const local: Local = {
		url: `http://127.0.0.1:${port}/v1`,
		port,
		authorizations,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	servers.push(local);
	return local;
}

const SIGN_IN_TOKEN = JSON.stringify({
	object: 'sign_in_token',
	id: 'sit_fromTheOtherHost',
	status: 'pending',
	user_id: SEED_USER_IDS.ada,
	token: 'stolen',
	url: 'https://evil.example/accept',
	created_at: 1,
	updated_at: 1,
});

describe('a redirect is never followed, so the key never reaches another host', () => {
	test('a 307 from the API URL to another host: an error naming the API URL; the other host gets nothing', async () => {
		const otherHost = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' }).end(SIGN_IN_TOKEN);
		});
		const apiUrl = await serve((req, res) => {
			res.writeHead(307, { location: `http://localhost:${otherHost.port}${req.url}` }).end();
		});

		const { items, error } = await runAt(apiUrl.url);

		expect(otherHost.authorizations).toEqual([]);
		expect(items).toEqual([]);
		expect(error?.context?.clerkCode).toBe('redirect_refused');
		expect(error?.message).toContain(apiUrl.url);
		expect(error?.message).toContain('HTTP 307');
		expect(error?.description).toContain("Clerk's API does not redirect");
		expect(apiUrl.authorizations).toEqual([`Bearer ${KEY}`]);
	});
});

describe('what comes back never carries the key', () => {
	test('a proxy answering 502 with the Authorization header it received: redacted in the error', async () => {
		const proxy = await serve((req, res) => {
			res
				.writeHead(502, { 'content-type': 'text/plain' })
				.end(`upstream said: ${req.headers.authorization ?? ''} was refused`);
		});

		const { error } = await runAt(proxy.url);

		expect(error?.context?.clerkCode).toBe('http_502');
		expect(error?.description).toContain('upstream said: Bearer [redacted] was refused');
		expect(JSON.stringify(error)).not.toContain(KEY);
		expect(JSON.stringify(error)).not.toContain('sk_live_');
	});

	test("Clerk's own message quoting a key of any shape: the key is removed from message and description", async () => {
		const oddKey = 'proxy-issued-key-0123456789';
		const api = await serve((_req, res) => {
			res.writeHead(422, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					errors: [
						{
							message: `key ${oddKey} is not allowed`,
							long_message: `The key ${oddKey} (also sk_test_abc123) is not allowed`,
							code: 'form_param_value_invalid',
						},
					],
					clerk_trace_id: 'trace_1',
				}),
			);
		});

		const run = { credentials: { secretKey: oddKey, baseUrl: api.url }, parameters: createForAda };
		const { error } = await runClerkNode(run);
		const { items } = await runClerkNode({ ...run, continueOnFail: true });

		expect(error?.message).toBe('The key [redacted] (also [redacted]) is not allowed');
		expect(error?.description).toContain('key [redacted] is not allowed');
		expect(JSON.stringify(error)).not.toContain(oddKey);
		expect(items[0].json.error).toBe('The key [redacted] (also [redacted]) is not allowed');
	});

	test('the excerpt of a non-JSON body reads only its first 2,000 characters', async () => {
		// Read whole, the first "<" would swallow everything up to the ">" and leave "Bad Gateway".
		const api = await serve((_req, res) => {
			res.writeHead(400, { 'content-type': 'text/html' }).end(`${'<'.repeat(100_000)}>Bad Gateway`);
		});

		const { error } = await runAt(api.url);

		expect(error?.context?.clerkCode).toBe('http_400');
		expect(error?.description).not.toContain('Bad Gateway');
		expect(error?.description).toContain('<<<');
	});
});

describe('Timeout bounds the whole request', () => {
	test('a server trickling its answer a byte at a time fails the request at the Timeout', async () => {
		const api = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			let sent = 0;
			const tick = setInterval(() => {
				if (sent >= SIGN_IN_TOKEN.length || res.destroyed) {
					clearInterval(tick);
					res.end();
					return;
				}
				res.write(SIGN_IN_TOKEN.slice(sent, sent + 3));
				sent += 3;
			}, 100);
			res.on('close', () => clearInterval(tick));
		});

		const { items, error } = await runAt(api.url, { ...createForAda, options: { timeout: 1 } });

		expect(items).toEqual([]);
		expect(error?.context?.clerkCode).toBe('connection_failed');
		expect(error?.message).toBe('Could not reach Clerk: the request timed out');
	});
});

describe('the API URL', () => {
	test.each([
		['http:// to another host', 'http://clerk-proxy.example.com/v1', /uses http:\/\//],
		['a query', 'https://api.clerk.com/v1?x=1', /has a query/],
		['a fragment', 'https://api.clerk.com/v1#f', /has a fragment/],
		['user info', 'https://user:pw@api.clerk.com/v1', /user name or password/],
	])('with %s fails the run before any request', async (_, baseUrl, problem) => {
		const { error } = await runAt(baseUrl);

		expect(error?.context?.clerkCode).toBe('invalid_input');
		expect(error?.message).toMatch(problem);
		expect(error?.message).toContain('API URL in the Clerk API credential');
		expect(JSON.stringify(error)).not.toContain(':pw@');
	});
});
