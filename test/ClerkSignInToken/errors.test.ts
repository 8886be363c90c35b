import { NodeApiError } from 'n8n-workflow';

import { ClerkRequestError } from '../../nodes/ClerkSignInToken/api/clerkRequestError';
import { isClerkErrorBody } from '../../nodes/ClerkSignInToken/api/response';
import type { ClerkErrorBody } from '../../nodes/ClerkSignInToken/api/response';
import {
	cancelledError,
	clerkApiError,
	connectionError,
	errorCode,
	malformedResponseError,
	nodeError,
} from '../../nodes/ClerkSignInToken/errors';
import { fakeNode } from '../support/fakeNode';

const SECRET_KEY = 'sk_test_unitSecretKey0123456789';

/** Everything an error would show or log: message, description, and every enumerable field. */
function everythingIn(error: NodeApiError): string {
	return [
		error.message,
		error.description ?? '',
		JSON.stringify(error),
		JSON.stringify(error.context),
		String(error.stack),
	].join('\n');
}

function clerkBody(
	overrides: Partial<ClerkErrorBody['errors'][number]> = {},
	traceId = 'trace_0123abcd',
): ClerkErrorBody {
	return {
		errors: [
			{
				message: 'is invalid',
				long_message: 'expires_in_seconds must be greater than or equal to 1',
				code: 'form_param_value_invalid',
				meta: { param_name: 'expires_in_seconds' },
				...overrides,
			},
		],
		clerk_trace_id: traceId,
	};
}

describe('clerkApiError with a Clerk error body', () => {
	it('uses long_message as the message, names code and trace ID in the description, and keeps the status', () => {
		const error = clerkApiError(fakeNode, 422, clerkBody(), { itemIndex: 2 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('expires_in_seconds must be greater than or equal to 1');
		expect(error.description).toContain('Clerk error code: form_param_value_invalid');
		expect(error.description).toContain('Clerk trace ID: trace_0123abcd');
		expect(error.description).toContain('is invalid');
		expect(error.httpCode).toBe('422');
		expect(error.context.itemIndex).toBe(2);
		expect(errorCode(error)).toBe('form_param_value_invalid');
	});

	it.each([400, 403, 404, 409, 422, 500, 502])('keeps HTTP %i as the httpCode', (status) => {
		expect(clerkApiError(fakeNode, status, clerkBody()).httpCode).toBe(String(status));
	});

	it('falls back to message when there is no long_message, and to the status when there is neither', () => {
		expect(clerkApiError(fakeNode, 400, clerkBody({ long_message: undefined })).message).toBe(
			'is invalid',
		);
		const bare = clerkApiError(
			fakeNode,
			400,
			clerkBody({ long_message: undefined, message: undefined }),
		);
		expect(bare.message).toBe('Clerk answered HTTP 400');
	});

	it('calls an error without a code unknown_error', () => {
		const error = clerkApiError(fakeNode, 400, clerkBody({ code: undefined }));
		expect(errorCode(error)).toBe('unknown_error');
		expect(error.description).toContain('Clerk error code: unknown_error');
	});

	it('leaves the trace ID out when Clerk sent none', () => {
		const body = clerkBody();
		delete body.clerk_trace_id;
		expect(clerkApiError(fakeNode, 422, body).description).not.toContain('trace ID');
	});

	it('lists the further errors Clerk reported in the description', () => {
		const body = clerkBody();
		body.errors.push({
			message: 'missing',
			long_message: 'user_id must be included.',
			code: 'form_param_missing',
		});
		const error = clerkApiError(fakeNode, 422, body);
		expect(error.message).toBe('expires_in_seconds must be greater than or equal to 1');
		expect(error.description).toContain('user_id must be included.');
		expect(errorCode(error)).toBe('form_param_value_invalid');
	});

	it("uses the message given for the Clerk code, and keeps Clerk's short message and code in the description", () => {
		const body = clerkBody({
			message: 'not found',
			long_message: 'The requested resource was not found',
			code: 'resource_not_found',
		});
		const error = clerkApiError(fakeNode, 404, body, {
			itemIndex: 1,
			messages: {
				resource_not_found: 'No Clerk user with ID user_2abc exists in this Clerk instance',
			},
		});
		expect(error.message).toBe('No Clerk user with ID user_2abc exists in this Clerk instance');
		expect(error.description).toContain('not found');
		expect(error.description).toContain('Clerk error code: resource_not_found');
		expect(error.httpCode).toBe('404');
		expect(errorCode(error)).toBe('resource_not_found');
	});

	it('ignores messages given for other codes', () => {
		const error = clerkApiError(fakeNode, 422, clerkBody(), {
			messages: { resource_not_found: 'not this one' },
		});
		expect(error.message).toBe('expires_in_seconds must be greater than or equal to 1');
	});
});

describe('clerkApiError for HTTP 401', () => {
	const echoingBody = clerkBody(
		{
			message: `Invalid key ${SECRET_KEY}`,
			long_message: `The secret key ${SECRET_KEY} is invalid (Authorization: Bearer ${SECRET_KEY})`,
			code: 'clerk_key_invalid',
		},
		`trace-${SECRET_KEY}`,
	);

	it('says the secret key was rejected and how to fix it', () => {
		const error = clerkApiError(fakeNode, 401, echoingBody, { itemIndex: 0 });
		expect(error.message).toMatch(/rejected the secret key/);
		expect(error.message).toContain('401');
		expect(error.description).toMatch(/Clerk Dashboard → API Keys/);
		expect(error.httpCode).toBe('401');
		expect(errorCode(error)).toBe('clerk_key_invalid');
	});

	it('repeats nothing from the answer, even when it echoes the key', () => {
		const error = clerkApiError(fakeNode, 401, echoingBody, {
			messages: { clerk_key_invalid: `override ${SECRET_KEY}` },
		});
		expect(everythingIn(error)).not.toContain(SECRET_KEY);
		expect(everythingIn(error)).not.toContain('unitSecretKey');
	});

	it('still says the key was rejected when the 401 has no Clerk body', () => {
		for (const body of [undefined, '', `<html>Unauthorized ${SECRET_KEY}</html>`]) {
			const error = clerkApiError(fakeNode, 401, body);
			expect(error.message).toMatch(/rejected the secret key/);
			expect(errorCode(error)).toBe('authentication_invalid');
			expect(everythingIn(error)).not.toContain(SECRET_KEY);
		}
	});
});

describe('clerkApiError without a Clerk body', () => {
	const nginx502 =
		'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

	it('turns an HTML page into a readable message with the status and a plain-text excerpt', () => {
		const error = clerkApiError(fakeNode, 502, nginx502, { itemIndex: 1 });
		expect(error.message).toBe('Clerk answered HTTP 502 without a Clerk error body');
		expect(error.description).toContain('502 Bad Gateway 502 Bad Gateway nginx');
		expect(error.description).toMatch(/proxy or gateway/);
		expect(error.description).not.toMatch(/[<>]/);
		expect(error.httpCode).toBe('502');
		expect(error.context.itemIndex).toBe(1);
		expect(errorCode(error)).toBe('http_502');
	});

	it('drops scripts and styles and shortens a long page', () => {
		const page = `<html><head><style>body{color:red}</style><script>var secret = 1;</script></head><body><p>${'Service unavailable. '.repeat(30)}</p></body></html>`;
		const error = clerkApiError(fakeNode, 503, page);
		expect(error.description).not.toContain('color:red');
		expect(error.description).not.toContain('var secret');
		expect(error.description).toContain('Service unavailable.');
		expect(error.description).toContain('...');
		expect((error.description ?? '').length).toBeLessThan(300);
	});

	it('says the body was unreadable when there was none', () => {
		for (const body of [undefined, null, '', { unexpected: true }, { errors: [] }]) {
			const error = clerkApiError(fakeNode, 500, body);
			expect(error.message).toBe('Clerk answered HTTP 500 without a Clerk error body');
			expect(error.description).toMatch(/no readable body/);
			expect(error.httpCode).toBe('500');
			expect(errorCode(error)).toBe('http_500');
		}
	});
});

describe('isClerkErrorBody', () => {
	it('accepts only an object with a non-empty errors array', () => {
		expect(isClerkErrorBody(clerkBody())).toBe(true);
		expect(isClerkErrorBody({ errors: [] })).toBe(false);
		expect(isClerkErrorBody({ errors: 'x' })).toBe(false);
		expect(isClerkErrorBody('{"errors":[{}]}')).toBe(false);
		expect(isClerkErrorBody(null)).toBe(false);
		expect(isClerkErrorBody(undefined)).toBe(false);
	});
});

describe('connectionError and malformedResponseError', () => {
	it('names the reason and the number of tries, with no HTTP status', () => {
		const error = connectionError(fakeNode, 'the request timed out', 4, 1);
		expect(error.message).toBe('Could not reach Clerk: the request timed out');
		expect(error.description).toContain('Tried 4 times');
		expect(error.context.itemIndex).toBe(1);
		expect(errorCode(error)).toBe('connection_failed');
		expect(connectionError(fakeNode, 'x', 1).description).toContain('Tried 1 time.');
	});

	it('names the status of a response whose JSON is broken', () => {
		const error = malformedResponseError(fakeNode, 200, 2);
		expect(error.message).toBe('Clerk answered HTTP 200 with a body that is not valid JSON');
		expect(error.httpCode).toBe('200');
		expect(errorCode(error)).toBe('malformed_response');
	});
});

describe('cancelledError', () => {
	it('says the execution was cancelled, with its own code and nothing to fix in the URL or key', () => {
		const error = cancelledError(fakeNode, 3);
		expect(error.message).toBe(
			'The execution was cancelled before Clerk answered for this item [item 3]',
		);
		expect(error.description).toMatch(/^Nothing needs fixing in the node or its credential/);
		expect(error.description).not.toMatch(/API URL|secret key/);
		expect(error.context.itemIndex).toBe(3);
		expect(errorCode(error)).toBe('execution_cancelled');
	});
});

describe('nodeError', () => {
	it.each([
		[{ code: 'cancelled' } as const, 'execution_cancelled', /execution was cancelled/],
		[
			{ code: 'unreachable', reason: 'the connection was refused', attempts: 3 } as const,
			'connection_failed',
			/Could not reach Clerk: the connection was refused/,
		],
		[{ code: 'rate_limited', waitedMs: 300_400 } as const, 'too_many_requests', /waiting 300 s/],
		[{ code: 'malformed_body', status: 200 } as const, 'malformed_response', /not valid JSON/],
		[
			{
				code: 'error_status',
				status: 302,
				body: '',
				apiUrl: 'https://proxy.example.com/v1',
			} as const,
			'redirect_refused',
			/The API URL https:\/\/proxy\.example\.com\/v1 answered with a redirect/,
		],
		[
			{
				code: 'invalid_api_url',
				problem: { kind: 'query', text: 'https://x.example/v1?a' },
			} as const,
			'invalid_input',
			/API URL in the Clerk API credential, "https:\/\/x\.example\/v1\?a", has a query/,
		],
	])("turns the client's %j into the code %s", (failure, code, message) => {
		const error = nodeError(fakeNode, new ClerkRequestError(failure), { itemIndex: 1 });
		expect(errorCode(error)).toBe(code);
		expect(error.message).toMatch(message);
	});

	it('words a Clerk error body with the messages given for its code, at the item', () => {
		const failure = {
			code: 'error_status',
			status: 404,
			body: clerkBody({ code: 'resource_not_found' }),
			apiUrl: 'https://api.clerk.com/v1',
		} as const;
		const error = nodeError(fakeNode, new ClerkRequestError(failure), {
			itemIndex: 2,
			messages: { resource_not_found: 'No Clerk user with ID user_2abc exists' },
		});
		expect(error.message).toBe('No Clerk user with ID user_2abc exists');
		expect(errorCode(error)).toBe('resource_not_found');
		expect(error).toMatchObject({ httpCode: '404', context: { itemIndex: 2 } });
	});

	it("passes errors that are already the node's through unchanged", () => {
		const own = connectionError(fakeNode, 'x', 1);
		expect(nodeError(fakeNode, own)).toBe(own);
	});
});

describe('errorCode', () => {
	it('reads the Clerk code kept on the error', () => {
		expect(errorCode(clerkApiError(fakeNode, 409, clerkBody({ code: 'conflict' })))).toBe(
			'conflict',
		);
	});

	it.each([
		['a plain Error', new Error('boom')],
		['a string', 'boom'],
		['an object without context', {}],
		['a non-string code', { context: { clerkCode: 42 } }],
		['undefined', undefined],
		['null', null],
	])('gives undefined for %s', (_, error) => {
		expect(errorCode(error)).toBeUndefined();
	});
});
