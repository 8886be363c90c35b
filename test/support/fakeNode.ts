import type { INode } from 'n8n-workflow';

/** The INode the node's helpers attach to their errors; only its identity matters to these tests. */
export const fakeNode: INode = {
	id: 'clerk-node',
	name: 'Clerk Sign-In Token',
	type: 'n8n-nodes-clerk-sign-in-token.clerkSignInToken',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
