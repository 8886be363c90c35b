import { randomUUID } from 'node:crypto';

import { nodeType } from '../lib/install-package';
import {
	exampleCredential,
	linearWorkflow,
	type Workflow,
	type WorkflowNode,
} from '../lib/workflows';

/** Ids of the workflows the queue-mode line imports (n8n ids: 16 alphanumerics). */
export const queueWorkflowIds = {
	createThenRevoke: 'QueueCreateRevok',
	storm: 'QueueStormCreate',
} as const;

const clerkNode = { type: nodeType, typeVersion: 1, credentials: { clerkApi: exampleCredential } };

/** Create, for the user id the webhook request's body names. */
const createForPostedUser = {
	...clerkNode,
	name: 'Create',
	parameters: {
		operation: 'create',
		user: { __rl: true, mode: 'id', value: '={{ $json.body.userId }}' },
		expiresInSeconds: 600,
		additionalFields: {},
	},
};

export interface WebhookWorkflow {
	workflow: Workflow;
	/** Path of its production URL: POST <n8n>/webhook/<path>. */
	path: string;
}

/**
 * A linear workflow started by a Webhook node (POST, answers as soon as the request is received),
 * the trigger of most real uses: one request, one execution, which queue mode hands to a worker.
 */
function webhookWorkflow(
	id: string,
	name: string,
	steps: Array<Omit<WorkflowNode, 'id' | 'position'>>,
): WebhookWorkflow {
	const workflow = linearWorkflow(id, name, steps);
	const path = `e2e-${id.toLowerCase()}`;
	const trigger = workflow.nodes[0];
	const first = trigger.name;
	Object.assign(trigger, {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
	workflow.connections.Webhook = workflow.connections[first];
	delete workflow.connections[first];
	return { workflow, path };
}

/** POST {"userId": ...}: creates a sign-in token for that user, then revokes it. */
export function createThenRevokeWorkflow(): WebhookWorkflow {
	return webhookWorkflow(queueWorkflowIds.createThenRevoke, 'Queue: create then revoke', [
		createForPostedUser,
		{
			...clerkNode,
			name: 'Revoke',
			parameters: { operation: 'revoke', signInLinkId: '={{ $json.id }}' },
		},
	]);
}

/** POST {"userId": ...}: one sign-in token for that user, as a sign-up or form hook would. */
export function stormWorkflow(): WebhookWorkflow {
	return webhookWorkflow(queueWorkflowIds.storm, 'Queue: webhook storm, one token each', [
		createForPostedUser,
	]);
}
