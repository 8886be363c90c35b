import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

// No `test` request: a signing secret opens nothing at Clerk. The Clerk Trigger node tests it
// (`testedBy` in its credentials list) by checking its shape.
export class ClerkWebhookApi implements ICredentialType {
	// A literal (WEBHOOK_CREDENTIAL_TYPE in the node's code): n8n's scanner reads the name from
	// this text.
	name = 'clerkWebhookApi';

	displayName = 'Clerk Webhook API';

	icon: Icon = {
		light: 'file:../nodes/ClerkSignInToken/clerk.svg',
		dark: 'file:../nodes/ClerkSignInToken/clerk.dark.svg',
	};

	documentationUrl = 'https://clerk.com/docs/webhooks/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'e.g. whsec_…',
			description:
				'The Signing Secret of your endpoint in Clerk Dashboard → Webhooks (starts with whsec_)',
		},
	];
}
