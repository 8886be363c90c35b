import type { IDataObject } from 'n8n-workflow';

import type { ClerkClient } from './clerkClient';
import type { SignInToken } from './types';

const SIGN_IN_TOKENS_PATH = '/sign_in_tokens';

export interface NewSignInToken {
	readonly userId: string;
	readonly expiresInSeconds: number;
	readonly organizationId?: string;
}

/** `POST /sign_in_tokens`: a one-time token that signs `userId` in. */
export async function createSignInToken(
	client: ClerkClient,
	{ userId, expiresInSeconds, organizationId }: NewSignInToken,
): Promise<SignInToken> {
	const body: IDataObject = { user_id: userId, expires_in_seconds: expiresInSeconds };
	if (organizationId !== undefined) body.org_id = organizationId;
	return await client.call<SignInToken>({ method: 'POST', path: SIGN_IN_TOKENS_PATH, body });
}

/** `POST /sign_in_tokens/{id}/revoke`: only a pending token can be revoked. */
export async function revokeSignInToken(
	client: ClerkClient,
	signInTokenId: string,
): Promise<SignInToken> {
	return await client.call<SignInToken>({
		method: 'POST',
		path: `${SIGN_IN_TOKENS_PATH}/${signInTokenId}/revoke`,
	});
}
