import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import { SENSITIVE_HEADER_PARTS, shareableHeaders } from '../../nodes/ClerkTrigger/requestHeaders';

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
	});
});
