import type { INodeProperties } from 'n8n-workflow';

import { createProperties } from './actions/create/create.description';
import { revoke } from './actions/revoke.operation';
import { runOptionsProperty } from './actions/runOptions';

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
			action: 'Create a sign in token',
			description: 'Create a one-time sign-in token (magic link) for a user',
		},
		{
			name: 'Revoke',
			value: 'revoke',
			action: 'Revoke a sign in token',
			description: 'Revoke a sign-in token that has not been used yet',
		},
	],
};

/** The node's parameters, in the order the panel shows them. */
export const properties: INodeProperties[] = [
	operation,
	...createProperties,
	...revoke.properties,
	runOptionsProperty,
];
