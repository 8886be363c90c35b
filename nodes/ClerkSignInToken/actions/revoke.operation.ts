import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ClerkClient } from '../transport/request';
import { validateClerkId } from '../validation';
import type { Operation } from './types';

export interface RevokeRequest {
	signInTokenId: string;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Sign-In Token ID',
		name: 'signInTokenId',
		// eslint-disable-next-line n8n-nodes-base/node-param-type-options-password-missing -- an object ID (sit_…), not a secret: masking it would hide which token is revoked
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sit_2abcDEF123',
		description:
			'ID of the sign-in token to revoke, starting with sit_ (the "ID" field of the Create output, not the token itself). Only tokens that have not been used yet can be revoked.',
		displayOptions: { show: { operation: ['revoke'] } },
	},
];

export const revoke: Operation<RevokeRequest> = {
	properties,

	prepare(ctx: IExecuteFunctions, itemIndex: number): RevokeRequest {
		const value = ctx.getNodeParameter('signInTokenId', itemIndex);
		return {
			signInTokenId: validateClerkId(ctx.getNode(), itemIndex, 'Sign-In Token ID', 'sit', value),
		};
	},

	async send(
		client: ClerkClient,
		{ signInTokenId }: RevokeRequest,
		itemIndex: number,
	): Promise<IDataObject> {
		return await client.request<IDataObject>(
			{ method: 'POST', path: `/sign_in_tokens/${signInTokenId}/revoke` },
			{
				itemIndex,
				messages: {
					sign_in_token_cannot_be_revoked_code: `Sign-in token ${signInTokenId} was already used or revoked, so it cannot be revoked again`,
					resource_not_found: `No sign-in token with ID ${signInTokenId} exists in this Clerk instance`,
				},
			},
		);
	},
};
