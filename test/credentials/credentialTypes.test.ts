import { ClerkApi } from '../../credentials/ClerkApi.credentials';
import { ClerkWebhookApi } from '../../credentials/ClerkWebhookApi.credentials';
import { CREDENTIAL_TYPE } from '../../nodes/ClerkSignInToken/api/constants';
import { ClerkSignInToken } from '../../nodes/ClerkSignInToken/ClerkSignInToken.node';
import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import { WEBHOOK_CREDENTIAL_TYPE } from '../../nodes/ClerkTrigger/signingSecret';

// n8n's scanner reads the credentials' names and the nodes' references to them as literals, so
// they are written out there; the code uses the constants. They must stay the same text.
describe('credential type names', () => {
	test('each credential is named by the constant the code uses for it', () => {
		expect(new ClerkApi().name).toBe(CREDENTIAL_TYPE);
		expect(new ClerkWebhookApi().name).toBe(WEBHOOK_CREDENTIAL_TYPE);
	});

	test('each node refers to its credential by that name', () => {
		const names = (node: ClerkSignInToken | ClerkTrigger) =>
			(node.description.credentials ?? []).map(({ name }) => name);
		expect(names(new ClerkSignInToken())).toEqual([CREDENTIAL_TYPE]);
		expect(names(new ClerkTrigger())).toEqual([WEBHOOK_CREDENTIAL_TYPE]);
	});
});
