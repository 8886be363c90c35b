import { ClerkHttpError, notFound, paramInvalid, paramMissing } from './clerkErrors';
import { isRecord } from './httpIo';
import { toWire, type TokenStore } from './tokenStore';
import type { EmulatorOrganization, EmulatorUser, SignInToken } from './types';

export interface SignInTokenDeps {
	store: TokenStore;
	findUser(id: string): EmulatorUser | undefined;
	organizations: readonly EmulatorOrganization[];
	now(): number;
}

/** Form-encoded bodies carry numbers as strings; JSON ones must already be integers. */
function readExpiresIn(raw: unknown, formEncoded: boolean): number | undefined {
	if (raw === undefined || raw === null) return undefined;
	const value = formEncoded && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw paramInvalid('expires_in_seconds', 'must be an integer greater than or equal to 1.');
	}
	return value;
}

/** POST /v1/sign_in_tokens */
export function createSignInToken(
	deps: SignInTokenDeps,
	body: unknown,
	formEncoded: boolean,
): SignInToken {
	const params = isRecord(body) ? body : {};
	const userId = params.user_id;
	if (userId === undefined || userId === null || userId === '') throw paramMissing('user_id');
	if (typeof userId !== 'string') throw paramInvalid('user_id', 'must be a string.');
	const expiresIn = readExpiresIn(params.expires_in_seconds, formEncoded);
	const orgIdRaw = params.org_id;
	if (orgIdRaw !== undefined && orgIdRaw !== null && typeof orgIdRaw !== 'string') {
		throw paramInvalid('org_id', 'must be a string.');
	}
	const orgId = orgIdRaw ? orgIdRaw : null;

	if (!deps.findUser(userId)) throw notFound('user');
	if (orgId !== null) {
		const org = deps.organizations.find((o) => o.id === orgId);
		if (!org) throw notFound('organization');
		// The spec lists 403 AuthorizationInvalid for this operation and says the user "must be a
		// member of the organization": a non-member is refused with that 403.
		if (!org.memberUserIds.includes(userId)) {
			throw new ClerkHttpError(403, {
				message: 'Unauthorized request',
				long_message: `User ${userId} is not a member of organization ${orgId}`,
				code: 'authorization_invalid',
				meta: { param_name: 'org_id' },
			});
		}
	}
	return toWire(deps.store.create(userId, orgId, expiresIn, deps.now()), true);
}

/** POST /v1/sign_in_tokens/{id}/revoke */
export function revokeSignInToken(deps: SignInTokenDeps, id: string): SignInToken {
	const record = deps.store.tokens.get(id);
	if (!record) throw notFound('sign in token');
	if (record.status !== 'pending') {
		throw new ClerkHttpError(400, {
			message: 'cannot be revoked',
			long_message: `Sign in token cannot be revoked because its status is ${record.status}; only pending tokens can be revoked.`,
			code: 'sign_in_token_cannot_be_revoked_code',
		});
	}
	record.status = 'revoked';
	record.updatedAt = deps.now();
	return toWire(record, false);
}
