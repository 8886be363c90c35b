import type { IDataObject, INode, INodeParameterResourceLocator } from 'n8n-workflow';

import { CLERK_ID_PREFIX } from '../../api/constants';
import { createSignInToken, type NewSignInToken } from '../../api/signInTokens';
import { EMAIL_LOOKUP_BATCH, findEmailOwners, type EmailOwners } from '../../api/users';
import { itemError } from '../../errors';
import { buildSignInLink } from '../../link';
import {
	DEFAULT_EXPIRES_IN_SECONDS,
	validateClerkId,
	validateEmail,
	validateExpiresInSeconds,
	validateSignInUrl,
} from '../../validation';
import type { ItemParameters } from '../itemParameters';
import type { Operation } from '../types';
import { createProperties } from './create.description';

type UserRef = { readonly id: string } | { readonly email: string };

export interface CheckedCreate {
	readonly user: UserRef;
	readonly expiresInSeconds: number;
	readonly organizationId?: string;
	readonly signInUrl?: string;
}

export interface ReadyCreate {
	readonly token: NewSignInToken;
	readonly signInUrl?: string;
}

function isLocator(value: unknown): value is INodeParameterResourceLocator {
	return typeof value === 'object' && value !== null && 'mode' in value;
}

function readUser(params: ItemParameters, node: INode, itemIndex: number): UserRef {
	const locator = params.get('user', itemIndex);
	// A workflow built by hand or by an agent may give a plain string; it is read like "By ID".
	const { mode, value } = isLocator(locator) ? locator : { mode: 'id', value: locator };
	if (mode === 'email') return { email: validateEmail(node, itemIndex, value) };
	return { id: validateClerkId(node, itemIndex, 'User ID', CLERK_ID_PREFIX.user, value) };
}

function readAdditional(params: ItemParameters, itemIndex: number): IDataObject {
	const value = params.get('additionalFields', itemIndex, {});
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

function isSet(value: unknown): boolean {
	return value !== undefined && value !== null && String(value).trim() !== '';
}

function withUser(checked: CheckedCreate, userId: string): ReadyCreate {
	const { expiresInSeconds, organizationId, signInUrl } = checked;
	return { token: { userId, expiresInSeconds, organizationId }, signInUrl };
}

/** The one user who has `email`, or the item's error: no user has it, several do, or it was refused. */
function onlyOwner(
	node: INode,
	itemIndex: number,
	email: string,
	owners: EmailOwners,
): string | Error {
	if ('tooLargeStatus' in owners) {
		const status = owners.tooLargeStatus;
		return itemError(node, itemIndex, `http_${status}`, {
			message: `The lookup of the email address ${email} was refused as too large (HTTP ${status})`,
			fix: 'Check the address: it is sent in the URL, and the API URL (or a proxy in front of it) refused even this one address on its own. Other items were looked up.',
		});
	}
	const ids = owners.userIds;
	if (ids.length === 1) return ids[0];
	if (ids.length === 0) {
		return itemError(node, itemIndex, 'user_not_found', {
			message: `No Clerk user has the email address ${email}`,
			fix: 'Check the address for typos, and that the user exists in the Clerk instance this credential belongs to (development and production instances have separate users).',
		});
	}
	return itemError(node, itemIndex, 'user_ambiguous', {
		message: `${ids.length} Clerk users have the email address ${email} (${ids.join(', ')})`,
		fix: 'Select the user By ID instead, so the sign-in token goes to the right person.',
	});
}

export const create: Operation<CheckedCreate, ReadyCreate> = {
	properties: createProperties,

	read(params, node, itemIndex) {
		const { organizationId, signInUrl } = readAdditional(params, itemIndex);
		const expires = params.get('expiresInSeconds', itemIndex, DEFAULT_EXPIRES_IN_SECONDS);
		return {
			user: readUser(params, node, itemIndex),
			expiresInSeconds: validateExpiresInSeconds(node, itemIndex, expires),
			organizationId: isSet(organizationId)
				? validateClerkId(
						node,
						itemIndex,
						'Organization ID',
						CLERK_ID_PREFIX.organization,
						organizationId,
					)
				: undefined,
			signInUrl: isSet(signInUrl) ? validateSignInUrl(node, itemIndex, signInUrl) : undefined,
		};
	},

	ready(checked) {
		return 'id' in checked.user ? withUser(checked, checked.user.id) : undefined;
	},

	lookup: {
		batchSize: EMAIL_LOOKUP_BATCH,
		async resolve(client, node, batch) {
			const lookups = batch.flatMap(({ itemIndex, value }) =>
				'email' in value.user ? [{ itemIndex, email: value.user.email }] : [],
			);
			const found = await findEmailOwners(client, lookups);
			const ready = new Map<number, ReadyCreate | Error>();
			for (const { itemIndex, value } of batch) {
				const owners = found.get(itemIndex);
				if (owners === undefined || !('email' in value.user)) continue;
				const userId = onlyOwner(node, itemIndex, value.user.email, owners);
				ready.set(itemIndex, typeof userId === 'string' ? withUser(value, userId) : userId);
			}
			return ready;
		},
	},

	async send(client, { token, signInUrl }) {
		const created = await createSignInToken(client, token);
		const output: IDataObject = {
			...created,
			expires_at: created.created_at + token.expiresInSeconds * 1000,
		};
		if (signInUrl !== undefined && created.token)
			output.link = buildSignInLink(signInUrl, created.token);
		return output;
	},

	clerkMessages: ({ token: { userId, organizationId } }) => ({
		resource_not_found:
			organizationId === undefined
				? `No Clerk user with ID ${userId} exists in this Clerk instance`
				: `Clerk found no user ${userId} or no organization ${organizationId} in this instance`,
	}),
};
