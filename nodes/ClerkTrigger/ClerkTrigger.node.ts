import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { properties } from './description';
import { receiveClerkWebhook } from './receiveClerkWebhook';
import { parseSigningSecret, WEBHOOK_CREDENTIAL_TYPE } from './signingSecret';

export class ClerkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clerk Trigger',
		name: 'clerkTrigger',
		// One Clerk logo for the package, kept beside the other node.
		icon: {
			light: 'file:../ClerkSignInToken/clerk.svg',
			dark: 'file:../ClerkSignInToken/clerk.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Clerk sends a signed webhook event (verified with Svix)',
		defaults: {
			name: 'Clerk Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// A literal (WEBHOOK_CREDENTIAL_TYPE elsewhere): n8n's scanner pairs the credential with its
				// testedBy by this text; test/credentials/credentialTypes.test.ts keeps the two equal.
				name: 'clerkWebhookApi',
				required: true,
				// A signing secret cannot be tried against Clerk; the node checks its shape instead.
				testedBy: 'clerkWebhookSigningSecret',
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers each delivery itself (see receiveClerkWebhook); n8n only starts the run.
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties,
	};

	methods = {
		credentialTest: {
			async clerkWebhookSigningSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				try {
					parseSigningSecret(credential.data?.signingSecret);
				} catch (error) {
					return { status: 'Error', message: (error as Error).message };
				}
				return {
					status: 'OK',
					message:
						'The signing secret is well formed. Clerk confirms it with its first signed delivery.',
				};
			},
		},
	};

	// Clerk has no API to subscribe an endpoint: the user adds n8n's URL in Clerk's dashboard. These
	// methods only make sure the secret can verify deliveries before the node starts listening.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials<{ signingSecret?: string }>(
					WEBHOOK_CREDENTIAL_TYPE,
				);
				try {
					parseSigningSecret(credentials.signingSecret);
				} catch (error) {
					throw new NodeOperationError(this.getNode(), (error as Error).message, {
						description:
							"Open the Clerk Webhook API credential and paste the endpoint's secret from Clerk Dashboard → Webhooks.",
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveClerkWebhook.call(this);
	}
}
