import type { IDataObject } from 'n8n-workflow';

import type { ClerkClient } from './clerkClient';
import type { SignInToken } from './types';

export interface NewSignInToken {
	readonly userId: string;
	readonly expiresInSeconds: number;
	readonly organizationId?: string;
}

/** `POST /sign_in_tokens`: a one-time token that signs `userId` in. */
export async function createSignInToken(
	client: ClerkClient,
	{ userId, expiresInSeconds, organizationId }: NewSignInToken,
	itemIndex?: number,
): Promise<SignInToken> {
	const body: IDataObject = { user_id: userId, expires_in_seconds: expiresInSeconds };
	if (organizationId !== undefined) body.org_id = organizationId;
	return await client.call<SignInToken>(
		{
			method: 'POST',
			path: '/sign_in_tokens',
			body,
			messages: {
				resource_not_found:
					organizationId === undefined
						? `No Clerk user with ID ${userId} exists in this Clerk instance`
						: `Clerk found no user ${userId} or no organization ${organizationId} in this instance`,
			},
		},
		itemIndex,
	);
}

/** `POST /sign_in_tokens/{id}/revoke`: only a pending token can be revoked. */
export async function revokeSignInToken(
	client: ClerkClient,
	signInTokenId: string,
	itemIndex?: number,
): Promise<SignInToken> {
	return await client.call<SignInToken>(
		{
			method: 'POST',
			path: `/sign_in_tokens/${signInTokenId}/revoke`,
			messages: {
				sign_in_token_cannot_be_revoked_code: `Sign-in token ${signInTokenId} was already used or revoked, so it cannot be revoked again`,
				resource_not_found: `No sign-in token with ID ${signInTokenId} exists in this Clerk instance`,
			},
		},
		itemIndex,
	);
}
