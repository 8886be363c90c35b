import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import {
	KEPT_HEADER_PREFIXES,
	KEPT_HEADERS,
	SENSITIVE_HEADER_PARTS,
	shareableHeaders,
} from '../../nodes/ClerkTrigger/requestHeaders';

describe('the headers "Include Request Headers" outputs', () => {
	it('leave out every header that can carry a credential, whatever its case', () => {
		const kept = shareableHeaders({
			authorization: 'Bearer x',
			Cookie: 'a=b',
			'proxy-authorization': 'Basic x',
			'set-cookie': ['a=b'],
			'x-api-key': 'k',
			'X-Auth-Token': 't',
			'x-amz-security-token': 't',
			'x-session-id': 's',
			'x-csrf-token': 'c',
			'svix-signature': 'v1,abc',
			'webhook-signature': 'v1,abc',
			'x-client-secret': 's',
			'x-password': 'p',
		});
		expect(kept).toEqual({});
	});

	it('leave out credential headers whose names say nothing of auth or tokens', () => {
		const kept = shareableHeaders({
			'x-functions-key': 'k',
			'ocp-apim-subscription-key': 'k',
			'cf-access-jwt-assertion': 'j',
			'x-goog-iap-jwt-assertion': 'j',
			'x-ms-client-principal': 'p',
			'x-webhook-key': 'k',
			'x-forwarded-access-token': 't',
			'x-forwarded-client-cert': 'c',
			'x-custom-anything': 'v',
		});
		expect(kept).toEqual({ 'x-forwarded-client-cert': 'c' });
	});

	it('keep the rest as received', () => {
		const headers = {
			'content-type': 'application/json',
			'svix-id': 'msg_1',
			'svix-timestamp': '1700000000',
			'user-agent': 'Svix-Webhooks/1.0',
			'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
		};
		expect(shareableHeaders({ ...headers, 'x-missing': undefined })).toEqual(headers);
	});

	it("are described in the option's description", () => {
		const options = new ClerkTrigger().description.properties.find((p) => p.name === 'options');
		const option = options?.options?.find((o) => o.name === 'includeHeaders');
		const description = option && 'description' in option ? String(option.description) : '';
		for (const part of SENSITIVE_HEADER_PARTS) expect(description).toContain(part);
		for (const name of [...KEPT_HEADERS, ...KEPT_HEADER_PREFIXES]) {
			expect(description).toContain(name);
		}
	});
});
