import { Workflow, type IDataObject, type INode } from 'n8n-workflow';

import { TestNodeTypes, TRIGGER_TYPE } from '../../support/engineHarness';

export const TRIGGER_NAME = 'Clerk Trigger';

/** A real n8n Workflow holding one Clerk Trigger, as n8n builds it from a saved workflow. */
export function clerkTriggerWorkflow(
	parameters: IDataObject,
	id = 'wf-clerk-trigger',
	credentialId = 'cred-1',
): Workflow {
	const node: INode = {
		id: 'clerk-trigger-node',
		name: TRIGGER_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { clerkWebhookApi: { id: credentialId, name: 'Clerk webhook secret' } },
		webhookId: 'c1e2b3a4-0000-4000-8000-000000000001',
	};
	return new Workflow({
		id,
		name: 'Clerk trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes(),
	});
}
