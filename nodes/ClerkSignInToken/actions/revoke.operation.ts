import type { INodeProperties } from 'n8n-workflow';

import { CLERK_ID_PREFIX } from '../api/constants';
import { revokeSignInToken } from '../api/signInTokens';
import { validateClerkId } from '../validation';
import type { Operation } from './types';

const properties: INodeProperties[] = [
	{
		displayName: 'Sign-In Token ID',
		name: 'signInLinkId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. sit_2abcDEF123',
		description:
			'ID of the sign-in token to revoke, starting with sit_ (the "ID" field of the Create output, not the token itself). Only tokens that have not been used yet can be revoked.',
		displayOptions: { show: { operation: ['revoke'] } },
	},
];

/** The checked ID of the token to revoke. */
export const revoke: Operation<string, string> = {
	properties,

	read(params, node, itemIndex) {
		const value = params.get('signInLinkId', itemIndex);
		return validateClerkId(node, itemIndex, 'Sign-In Token ID', CLERK_ID_PREFIX.signInToken, value);
	},

	ready: (signInTokenId) => signInTokenId,

	async send(client, signInTokenId) {
		return await revokeSignInToken(client, signInTokenId);
	},

	clerkMessages: (signInTokenId) => ({
		sign_in_token_cannot_be_revoked_code: `Sign-in token ${signInTokenId} was already used or revoked, so it cannot be revoked again`,
		resource_not_found: `No sign-in token with ID ${signInTokenId} exists in this Clerk instance`,
	}),
};
