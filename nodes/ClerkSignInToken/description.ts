import type { INodeProperties } from 'n8n-workflow';

import { create } from './actions/create.operation';
import { revoke } from './actions/revoke.operation';
import { DEFAULT_CONCURRENCY } from './actions/router';

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'create',
	options: [
		{
			name: 'Create',
			value: 'create',
			// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased -- "sign-in" is hyphenated in English and in Clerk's docs; the rule's sentence-case would drop the hyphen
			action: 'Create sign-in token',
			description: 'Create a one-time sign-in token (magic link) for a user',
		},
		{
			name: 'Revoke',
			value: 'revoke',
			// eslint-disable-next-line n8n-nodes-base/node-param-operation-option-action-miscased -- as above
			action: 'Revoke sign-in token',
			description: 'Revoke a sign-in token that has not been used yet',
		},
	],
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: DEFAULT_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			description:
				'How many items are sent to Clerk at the same time. 1 sends them strictly one after another. Output order always matches input order.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				"Caps the request rate, for example to leave room for other systems that use the same secret key. 0 means no cap: the node learns Clerk's rate limit and stays just under it.",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1 },
			description: 'How long to wait for Clerk to answer one request before retrying it',
		},
	],
};

/** The node's parameters, in the order the panel shows them. */
export const properties: INodeProperties[] = [
	operation,
	...create.properties,
	...revoke.properties,
	options,
];
