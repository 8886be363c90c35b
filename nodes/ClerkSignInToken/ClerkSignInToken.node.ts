import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { route } from './actions/router';
import { properties } from './description';
import { searchUsers } from './methods/listSearch';

export class ClerkSignInToken implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clerk Sign-In Token',
		name: 'clerkSignInToken',
		icon: { light: 'file:clerk.svg', dark: 'file:clerk.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "revoke" ? "Revoke sign-in token" : "Create sign-in token" }}',
		description:
			'Create and revoke Clerk sign-in tokens (one-time magic sign-in links). A created token or link signs the user in without a password: send it only to that user.',
		defaults: { name: 'Clerk Sign-In Token' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// A literal (CREDENTIAL_TYPE elsewhere): n8n's scanner checks the text against the package's
		// credentials; test/credentials/credentialTypes.test.ts keeps the two equal.
		credentials: [{ name: 'clerkApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
