import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { nodeType, packageName } from './communityPackage';
import { repoRoot } from './lines';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Webhook nodes: the production URL is /webhook/<webhookId>/<the node's webhook path>. */
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	active: boolean;
	settings: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	tags?: unknown[];
}

/** A node of a linear workflow before it is placed (id and position come from linearWorkflow). */
export type Step = Omit<WorkflowNode, 'id' | 'position'>;

export interface Credential {
	id: string;
	name: string;
}

/** The credential the examples reference; the suite and `npm start` import it under this id. */
export const exampleCredential: Credential = { id: 'ClerkEmulatorKey', name: 'Clerk (emulator)' };
/** The signing-secret credential the Clerk Trigger example references. */
export const webhookSecretCredential: Credential = {
	id: 'ClerkWebhookSecret',
	name: 'Clerk webhook signing secret',
};

export const examples = {
	emailLink: 'email-magic-sign-in-link.json',
	revokeLink: 'revoke-sign-in-link.json',
	newUserLink: 'new-clerk-user-sign-in-link.json',
} as const;

export function loadExample(file: string): Workflow {
	return JSON.parse(readFileSync(path.join(repoRoot, 'examples', file), 'utf8')) as Workflow;
}

/** A copy of `workflow` under a new id and name (n8n import keeps explicit ids). */
export function derive(
	workflow: Workflow,
	id: string,
	name: string,
	change: (w: Workflow) => void,
): Workflow {
	const copy = structuredClone(workflow);
	copy.id = id;
	copy.name = name;
	change(copy);
	return copy;
}

export function node(workflow: Workflow, name: string): WorkflowNode {
	const found = workflow.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`workflow ${workflow.name} has no node "${name}"`);
	return found;
}

/** Sets the value of a field of an Edit Fields (Set) node, e.g. the examples' input step. */
export function setField(workflow: Workflow, nodeName: string, field: string, value: string): void {
	const { assignments } = node(workflow, nodeName).parameters.assignments as {
		assignments: Array<{ name: string; value: unknown }>;
	};
	const assignment = assignments.find((a) => a.name === field);
	if (!assignment) throw new Error(`node "${nodeName}" sets no field "${field}"`);
	assignment.value = value;
}

/** Points every Clerk node of the workflow at another credential. */
export function useCredential(workflow: Workflow, credential: Credential): void {
	for (const n of workflow.nodes) if (n.type === nodeType) n.credentials = { clerkApi: credential };
}

/** Where a workflow's trigger listens: POST <n8n>/webhook/<this>. */
export function webhookPath(workflow: Workflow): string {
	const [trigger] = workflow.nodes;
	if (trigger.type === 'n8n-nodes-base.webhook') return String(trigger.parameters.path);
	if (trigger.type === clerkTriggerType && trigger.webhookId) return `${trigger.webhookId}/webhook`;
	throw new Error(`workflow ${workflow.id} does not start with a webhook trigger`);
}

const clerkTriggerType = `${packageName}.clerkTrigger`;

/** The triggers a linear workflow starts with. */
export const triggers = {
	manual: (): Step => ({
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		parameters: {},
	}),
	/** n8n's Webhook node: POST, answering as soon as it has the body (one delivery, one execution). */
	webhook: (webhookPath: string): Step => ({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	}),
	/** The Clerk Trigger on user.created, verifying with the given signing-secret credential. */
	clerk: (credential: Credential = webhookSecretCredential): Step => ({
		name: 'Clerk Trigger',
		type: clerkTriggerType,
		typeVersion: 1,
		webhookId: randomUUID(),
		credentials: { clerkWebhookApi: credential },
		parameters: { events: ['user.created'], options: {} },
	}),
};

/** A workflow of a trigger and the given nodes, each feeding the next. */
export function linearWorkflow(id: string, name: string, trigger: Step, steps: Step[]): Workflow {
	const nodes: WorkflowNode[] = [trigger, ...steps].map((s, i) => ({
		...s,
		id: randomUUID(),
		position: [220 * i, 0],
	}));
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id,
		name,
		nodes,
		connections,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** Edit Fields (Set) with a list, then Split Out: one item per value, in the field `into`. */
export function oneItemEach(values: string[], into: string): Step[] {
	return [
		{
			name: 'List',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{ id: 'lab-list', name: 'list', value: JSON.stringify(values), type: 'array' },
					],
				},
				options: {},
			},
		},
		splitOut('list', into),
	];
}

/** Split Out of a list field of the incoming item (e.g. `body.ids` of a webhook delivery). */
export function splitOut(field: string, into: string): Step {
	return {
		name: 'One item each',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: field, options: { destinationFieldName: into } },
	};
}

export interface CreateSetup {
	name?: string;
	/** An n8n expression for the user (e.g. `{{ $json.userId }}`), or a fixed value. */
	user: string;
	/** How the user is given: by ID (the default) or by email address. */
	mode?: 'id' | 'email';
	expiresInSeconds?: number;
	/** Node options (concurrency, maxRequestsPerSecond); empty means default settings. */
	options?: Record<string, number>;
	/** Failed items go to the output instead of failing the execution. */
	continueOnError?: boolean;
	credential?: Credential;
}

/** The Clerk Sign-In Token node creating a token, at its default settings unless told otherwise. */
export function createStep(setup: CreateSetup): Step {
	return {
		name: setup.name ?? 'Create',
		type: nodeType,
		typeVersion: 1,
		credentials: { clerkApi: setup.credential ?? exampleCredential },
		...(setup.continueOnError ? { onError: 'continueRegularOutput' as const } : {}),
		parameters: {
			operation: 'create',
			user: { __rl: true, mode: setup.mode ?? 'id', value: setup.user },
			expiresInSeconds: setup.expiresInSeconds ?? 600,
			additionalFields: {},
			...(setup.options ? { options: setup.options } : {}),
		},
	};
}

/** The Clerk Sign-In Token node revoking the token the previous node made. */
export function revokeStep(credential: Credential = exampleCredential): Step {
	return {
		name: 'Revoke',
		type: nodeType,
		typeVersion: 1,
		credentials: { clerkApi: credential },
		parameters: { operation: 'revoke', signInLinkId: '={{ $json.id }}' },
	};
}

/** Webhook → Create for the user the POSTed body names (`{"userId": …}`), then Revoke if asked. */
export function webhookCreateWorkflow(id: string, name: string, then?: 'revoke'): Workflow {
	const steps = [createStep({ user: '={{ $json.body.userId }}' })];
	if (then === 'revoke') steps.push(revokeStep());
	return linearWorkflow(id, name, triggers.webhook(`lab-${id.toLowerCase()}`), steps);
}

/** The queue storm's workflow: one sign-in token per delivery, as a sign-up or form hook would. */
export const queueStormWorkflow = (): Workflow =>
	webhookCreateWorkflow('QueueStormCreate', 'Queue: webhook storm, one token each');
