import type { IDataObject, INode, INodeParameterResourceLocator } from 'n8n-workflow';

import { createSignInToken, type NewSignInToken } from '../../api/signInTokens';
import { EMAIL_LOOKUP_BATCH, findUserIdsByEmail } from '../../api/users';
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
	return { id: validateClerkId(node, itemIndex, 'User ID', 'user', value) };
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

export const create: Operation<CheckedCreate, ReadyCreate> = {
	properties: createProperties,

	read(params, node, itemIndex) {
		const { organizationId, signInUrl } = readAdditional(params, itemIndex);
		const expires = params.get('expiresInSeconds', itemIndex, DEFAULT_EXPIRES_IN_SECONDS);
		return {
			user: readUser(params, node, itemIndex),
			expiresInSeconds: validateExpiresInSeconds(node, itemIndex, expires),
			organizationId: isSet(organizationId)
				? validateClerkId(node, itemIndex, 'Organization ID', 'org', organizationId)
				: undefined,
			signInUrl: isSet(signInUrl) ? validateSignInUrl(node, itemIndex, signInUrl) : undefined,
		};
	},

	ready(checked) {
		return 'id' in checked.user ? withUser(checked, checked.user.id) : undefined;
	},

	lookup: {
		batchSize: EMAIL_LOOKUP_BATCH,
		async resolve(client, batch) {
			const emails = batch.flatMap(({ itemIndex, value }) =>
				'email' in value.user ? [{ itemIndex, email: value.user.email }] : [],
			);
			const found = await findUserIdsByEmail(client, emails);
			const ready = new Map<number, ReadyCreate | Error>();
			for (const { itemIndex, value } of batch) {
				const userId = found.get(itemIndex);
				if (userId !== undefined) {
					ready.set(itemIndex, typeof userId === 'string' ? withUser(value, userId) : userId);
				}
			}
			return ready;
		},
	},

	async send(client, { token, signInUrl }, itemIndex) {
		const created = await createSignInToken(client, token, itemIndex);
		const output: IDataObject = {
			...created,
			expires_at: created.created_at + token.expiresInSeconds * 1000,
		};
		if (signInUrl !== undefined && created.token)
			output.link = buildSignInLink(signInUrl, created.token);
		return output;
	},
};
