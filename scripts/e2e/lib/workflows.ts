import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { nodeType } from './install-package';
import { repoRoot } from './n8n-lines';

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

/** The credential the examples reference; the suite and `npm start` import it under this id. */
export const exampleCredential = { id: 'ClerkEmulatorKey', name: 'Clerk (emulator)' };

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
	const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
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

export function clerkNodes(workflow: Workflow): WorkflowNode[] {
	return workflow.nodes.filter((n) => n.type === nodeType);
}

/** Sets the value of a field of an Edit Fields (Set) node, e.g. the examples' input step. */
export function setField(workflow: Workflow, nodeName: string, field: string, value: string): void {
	const assignments = (
		node(workflow, nodeName).parameters.assignments as {
			assignments: Array<{ name: string; value: unknown }>;
		}
	).assignments;
	const assignment = assignments.find((a) => a.name === field);
	if (!assignment) throw new Error(`node "${nodeName}" sets no field "${field}"`);
	assignment.value = value;
}

/** Points every Clerk node of the workflow at another credential. */
export function useCredential(workflow: Workflow, credential: { id: string; name: string }): void {
	for (const n of clerkNodes(workflow)) n.credentials = { clerkApi: credential };
}

/** Builds a linear workflow: manual trigger, then the given nodes in order. */
export function linearWorkflow(
	id: string,
	name: string,
	steps: Array<Omit<WorkflowNode, 'id' | 'position'>>,
): Workflow {
	const trigger: WorkflowNode = {
		id: randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: WorkflowNode[] = [
		trigger,
		...steps.map((s, i) => ({
			...s,
			id: randomUUID(),
			position: [220 * (i + 1), 0] as [number, number],
		})),
	];
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
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
