import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { ClerkTrigger } from '../../../nodes/ClerkTrigger/ClerkTrigger.node';

export const TRIGGER_TYPE = 'n8n-nodes-clerk-sign-in-token.clerkTrigger';
export const TRIGGER_NAME = 'Clerk Trigger';

class OnlyClerkTrigger implements INodeTypes {
	private readonly trigger = new ClerkTrigger();

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		if (nodeType !== TRIGGER_TYPE) throw new Error(`Unknown node type ${nodeType}`);
		return this.trigger;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

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
		nodeTypes: new OnlyClerkTrigger(),
	});
}
