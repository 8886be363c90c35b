import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { buildSignInLink } from '../link';
import type { ClerkClient } from '../transport/request';
import { findUsersByEmail } from '../users';
import {
	DEFAULT_EXPIRES_IN_SECONDS,
	validateClerkId,
	validateEmail,
	validateExpiresInSeconds,
	validateSignInUrl,
} from '../validation';
import type { Operation } from './types';

export interface CreateRequest {
	/** Known after prepare for "By ID" and "From list", after resolve for "By Email". */
	userId?: string;
	email?: string;
	expiresInSeconds: number;
	organizationId?: string;
	signInUrl?: string;
}

/** Clerk's SignInToken as returned by create; `token` and `url` are present only here. */
interface SignInToken extends IDataObject {
	id: string;
	token: string;
	created_at: number;
}

const showForCreate = { show: { operation: ['create'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'user',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The Clerk user who will be signed in by the token',
		displayOptions: showForCreate,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'user_2abcDEF123',
				hint: 'The Clerk user ID, starting with user_',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*user_[A-Za-z0-9]+\\s*$',
							errorMessage: 'A Clerk user ID starts with user_ followed by letters and digits',
						},
					},
				],
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'ada@example.com',
				hint: 'The email address of an existing Clerk user (exact match)',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@.]+\\s*$',
							errorMessage: 'Enter one email address, such as ada@example.com',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Expires In (Seconds)',
		name: 'expiresInSeconds',
		type: 'number',
		default: DEFAULT_EXPIRES_IN_SECONDS,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description:
			'How long the sign-in link stays valid, in seconds. Default 2592000 (30 days); use 3600 for one hour or 900 for 15 minutes.',
		displayOptions: showForCreate,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showForCreate,
		options: [
			{
				displayName: 'Organization ID',
				name: 'organizationId',
				type: 'string',
				default: '',
				placeholder: 'org_2abcDEF123',
				description:
					'Organization to make active when the user signs in, starting with org_. The user must be a member and organizations must be enabled.',
			},
			{
				displayName: 'Sign-In URL',
				name: 'signInUrl',
				type: 'string',
				default: '',
				placeholder: 'https://app.example.com/sign-in',
				description:
					'Your app\'s sign-in page. When set, the output has a "link" field: this URL with the token added as __clerk_ticket, ready to email.',
			},
		],
	},
];

function readUser(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Pick<CreateRequest, 'userId' | 'email'> {
	const node = ctx.getNode();
	const locator = ctx.getNodeParameter('user', itemIndex) as INodeParameterResourceLocator | string;
	// A workflow built by hand or by an agent may give a plain string; treat it like "By ID".
	const { mode, value } =
		typeof locator === 'object' && locator !== null ? locator : { mode: 'id', value: locator };
	if (mode === 'email') return { email: validateEmail(node, itemIndex, value) };
	return { userId: validateClerkId(node, itemIndex, 'User ID', 'user', value) };
}

export const create: Operation<CreateRequest> = {
	properties,

	prepare(ctx: IExecuteFunctions, itemIndex: number): CreateRequest {
		const node = ctx.getNode();
		const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const request: CreateRequest = {
			...readUser(ctx, itemIndex),
			expiresInSeconds: validateExpiresInSeconds(
				node,
				itemIndex,
				ctx.getNodeParameter('expiresInSeconds', itemIndex, DEFAULT_EXPIRES_IN_SECONDS),
			),
		};
		if (
			additional.organizationId !== undefined &&
			String(additional.organizationId).trim() !== ''
		) {
			request.organizationId = validateClerkId(
				node,
				itemIndex,
				'Organization ID',
				'org',
				additional.organizationId,
			);
		}
		if (additional.signInUrl !== undefined && String(additional.signInUrl).trim() !== '') {
			request.signInUrl = validateSignInUrl(node, itemIndex, additional.signInUrl);
		}
		return request;
	},

	async resolve(
		client: ClerkClient,
		requests: Map<number, CreateRequest>,
	): Promise<Map<number, Error>> {
		const byEmail = [...requests].filter(([, request]) => request.email !== undefined);
		const errors = new Map<number, Error>();
		if (byEmail.length === 0) return errors;
		const found = await findUsersByEmail(
			client,
			byEmail.map(([, request]) => request.email as string),
		);
		for (const [itemIndex, request] of byEmail) {
			const email = request.email as string;
			const ids = found.get(email.toLowerCase()) ?? [];
			if (ids.length === 1) {
				request.userId = ids[0];
			} else if (ids.length === 0) {
				errors.set(
					itemIndex,
					lookupError(
						client,
						itemIndex,
						'user_not_found',
						`No Clerk user has the email address ${email}`,
						'Check the address for typos, and that the user exists in the Clerk instance this credential belongs to (development and production instances have separate users).',
					),
				);
			} else {
				errors.set(
					itemIndex,
					lookupError(
						client,
						itemIndex,
						'user_ambiguous',
						`${ids.length} Clerk users have the email address ${email} (${ids.join(', ')})`,
						'Select the user By ID instead, so the sign-in token goes to the right person.',
					),
				);
			}
		}
		return errors;
	},

	async send(client: ClerkClient, request: CreateRequest, itemIndex: number): Promise<IDataObject> {
		const userId = request.userId as string;
		const body: IDataObject = { user_id: userId, expires_in_seconds: request.expiresInSeconds };
		if (request.organizationId) body.org_id = request.organizationId;
		const token = await client.request<SignInToken>(
			{ method: 'POST', path: '/sign_in_tokens', body },
			{
				itemIndex,
				messages: {
					resource_not_found: request.organizationId
						? `Clerk found no user ${userId} or no organization ${request.organizationId} in this instance`
						: `No Clerk user with ID ${userId} exists in this Clerk instance`,
				},
			},
		);
		const output: IDataObject = {
			...token,
			expires_at: token.created_at + request.expiresInSeconds * 1000,
		};
		if (request.signInUrl) output.link = buildSignInLink(request.signInUrl, token.token);
		return output;
	},
};

function lookupError(
	client: ClerkClient,
	itemIndex: number,
	code: string,
	message: string,
	description: string,
): NodeOperationError {
	const error = new NodeOperationError(client.node, `${message} (item ${itemIndex})`, {
		itemIndex,
		description,
	});
	error.context.clerkCode = code;
	return error;
}
