import axios from 'axios';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	NodeParameterValueType,
} from 'n8n-workflow';

import { ClerkApi } from '../../../credentials/ClerkApi.credentials';
import { checkApiUrl } from '../../../nodes/ClerkSignInToken/api/apiUrl';
import { useEmulator } from '../../support/emulatorFixture';
import { clerkNode, TestNodeTypes } from '../../support/engineHarness';

const clerk = useEmulator();
const credential = new ClerkApi();

const NODE = clerkNode({ operation: 'create' });

/**
 * Resolves the credential's test request the way n8n's credential tester does: every value goes
 * through the workflow's expression engine with the decrypted credential data as $credentials.
 */
function resolveTestRequest(data: ICredentialDataDecryptedObject): IHttpRequestOptions {
	const workflow = new Workflow({
		id: 'credential-test',
		nodes: [NODE],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes(),
	});
	const resolved: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(credential.test.request)) {
		resolved[key] = workflow.expression.getParameterValue(
			value as NodeParameterValueType,
			null,
			0,
			0,
			NODE.name,
			[],
			'internal',
			{ $credentials: data },
		);
	}
	return resolved as unknown as IHttpRequestOptions;
}

async function authenticate(
	data: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	if (typeof credential.authenticate !== 'function')
		throw new Error('the Clerk API credential must authenticate with a function');
	return await credential.authenticate(data, options);
}

/** Runs the credential's test: resolve, authenticate, send; returns Clerk's answer. */
async function testCredential(data: ICredentialDataDecryptedObject) {
	const request = await authenticate(data, resolveTestRequest(data));
	return await axios.request({
		baseURL: request.baseURL,
		url: request.url,
		method: request.method,
		params: request.qs,
		headers: request.headers as Record<string, string>,
		validateStatus: () => true,
	});
}

describe('the credential test request', () => {
	test('is a cheap authenticated read: GET /users?limit=1', () => {
		expect(credential.test.request).toMatchObject({
			url: '/users',
			method: 'GET',
			qs: { limit: 1 },
		});
	});

	test.each([
		'https://api.clerk.com/v1',
		'https://api.clerk.com/v1//',
		' http://127.0.0.1:4010/v1/ ',
		'https://proxy.example.com/clerk/v1/',
		// The node treats a blank API URL as the default (checkApiUrl); the test must agree.
		'',
		'  ',
	])('resolves %j to the URL the node calls (checkApiUrl)', (baseUrl) => {
		const checked = checkApiUrl(baseUrl);
		expect(checked).toHaveProperty('url');
		expect(resolveTestRequest({ secretKey: 'sk_test_x', baseUrl }).baseURL).toBe(
			'url' in checked ? checked.url : undefined,
		);
	});

	test('follows no redirect and names one as what it is', () => {
		expect(credential.test.request).toMatchObject({
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		});
		for (const status of [301, 302, 303, 307, 308]) {
			expect(credential.test.rules).toContainEqual({
				type: 'responseCode',
				properties: { value: status, message: expect.stringContaining('does not redirect') },
			});
		}
	});

	test.each([
		['http:// to another host', 'http://api.clerk.com/v1'],
		['a query', 'https://api.clerk.com/v1?x=1'],
		['user info', 'https://user:pw@api.clerk.com/v1'],
	])('never authenticates a request when the API URL has %s', async (_, baseUrl) => {
		await expect(
			authenticate({ secretKey: 'sk_test_x', baseUrl }, { url: '/users' }),
		).rejects.toThrow(/API URL in the Clerk API credential/);
	});

	test('a secret key pasted into the API URL is not echoed by the error', async () => {
		const pasted = `sk_live_${'a'.repeat(40)}`;
		const failure = authenticate({ secretKey: 'sk_test_x', baseUrl: pasted }, { url: '/users' });

		await expect(failure).rejects.toThrow(/API URL in the Clerk API credential/);
		await expect(failure).rejects.not.toThrow(pasted.slice(8));
	});

	test("falls back to Clerk's API when the API URL is missing", () => {
		expect(resolveTestRequest({ secretKey: 'sk_test_x' }).baseURL).toBe('https://api.clerk.com/v1');
	});

	test.each([
		['without a trailing slash', ''],
		['with a trailing slash', '/'],
	])(
		'with a good key and an API URL %s, Clerk answers 200 with at most one user',
		async (_, suffix) => {
			const response = await testCredential(
				clerk.credentials({ baseUrl: clerk.emulator.apiUrl + suffix }),
			);

			expect(response.status).toBe(200);
			expect(Array.isArray(response.data)).toBe(true);
			expect((response.data as unknown[]).length).toBeLessThanOrEqual(1);
			expect(clerk.emulator.requests).toHaveLength(1);
			expect(clerk.emulator.requests[0]).toMatchObject({
				method: 'GET',
				path: '/v1/users',
				query: { limit: '1' },
			});
		},
	);

	test('with a wrong key, Clerk answers 401 with its error body', async () => {
		const response = await testCredential(
			clerk.credentials({ secretKey: 'sk_test_wrongKey000000000000' }),
		);

		expect(response.status).toBe(401);
		expect(response.data).toMatchObject({ errors: [{ code: 'clerk_key_invalid' }] });
	});

	test('a key pasted with surrounding whitespace still authenticates', async () => {
		const response = await testCredential(
			clerk.credentials({ secretKey: ` \n${clerk.emulator.secretKey}\t ` }),
		);

		expect(response.status).toBe(200);
		expect(clerk.emulator.requests[0].headers.authorization).toBe(
			`Bearer ${clerk.emulator.secretKey}`,
		);
	});

	test('sends Clerk-API-Version when the API version is set', async () => {
		const response = await testCredential(clerk.credentials({ apiVersion: ' 2025-11-10 ' }));

		expect(response.status).toBe(200);
		expect(clerk.emulator.requests[0].headers['clerk-api-version']).toBe('2025-11-10');
	});

	test.each([
		['missing', {}],
		['empty', { apiVersion: '' }],
		['only whitespace', { apiVersion: '   ' }],
	])('sends no Clerk-API-Version when the API version is %s', async (_, apiVersion) => {
		const response = await testCredential({ ...clerk.credentials(), ...apiVersion });

		expect(response.status).toBe(200);
		expect(clerk.emulator.requests[0].headers).not.toHaveProperty('clerk-api-version');
	});
});

describe('authenticate', () => {
	const SECRET_KEY = 'sk_live_authenticateCheck0123456789';
	const request: IHttpRequestOptions = {
		url: 'http://127.0.0.1:9/v1/sign_in_tokens',
		method: 'POST',
		body: { user_id: 'user_2abc' },
		headers: { Accept: 'application/json' },
	};

	test('puts the key in the Authorization header and nowhere else', async () => {
		const output = await authenticate(
			{ secretKey: SECRET_KEY, baseUrl: 'https://api.clerk.com/v1', apiVersion: '2025-11-10' },
			request,
		);
		const headers = output.headers as Record<string, string>;

		expect(headers.Authorization).toBe(`Bearer ${SECRET_KEY}`);
		const otherHeaders = Object.entries(headers).filter(([name]) => name !== 'Authorization');
		expect(JSON.stringify({ ...output, headers: otherHeaders })).not.toContain('authenticateCheck');
		expect(JSON.stringify(otherHeaders)).toContain('2025-11-10');
	});

	test('keeps the request and its other headers as they were', async () => {
		const before = JSON.stringify(request);
		const output = await authenticate({ secretKey: SECRET_KEY, baseUrl: '' }, request);

		expect(output).toMatchObject({
			url: request.url,
			method: 'POST',
			body: { user_id: 'user_2abc' },
		});
		expect(output.headers).toMatchObject({ Accept: 'application/json' });
		expect(JSON.stringify(request)).toBe(before);
	});
});
