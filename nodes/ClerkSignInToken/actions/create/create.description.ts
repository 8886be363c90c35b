import type { INodeProperties } from 'n8n-workflow';

import { CLERK_ID_PREFIX } from '../../api/constants';
import { clerkIdPattern, DEFAULT_EXPIRES_IN_SECONDS, EMAIL_PATTERN } from '../../validation';

const showForCreate = { show: { operation: ['create'] } };

export const createProperties: INodeProperties[] = [
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
				placeholder: 'e.g. user_2abcDEF123',
				hint: 'The Clerk user ID, starting with user_',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: clerkIdPattern(CLERK_ID_PREFIX.user),
							errorMessage: 'A Clerk user ID starts with user_ followed by letters and digits',
						},
					},
				],
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. ada@example.com',
				hint: 'The email address of an existing Clerk user (exact match)',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: EMAIL_PATTERN,
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
			'How long the sign-in link stays valid, in seconds. Default 2592000 (30 days); use 3600 for one hour or 900 for 15 minutes. Keep emailed links short-lived.',
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
				placeholder: 'e.g. org_2abcDEF123',
				description:
					'Organization to make active when the user signs in, starting with org_. The user must be a member and organizations must be enabled.',
			},
			{
				displayName: 'Sign-In URL',
				name: 'signInUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://app.example.com/sign-in',
				description:
					'Your app\'s sign-in page. When set, the output has a "link" field: this URL with the token added as __clerk_ticket, ready to email.',
			},
		],
	},
];
