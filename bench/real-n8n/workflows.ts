import { nodeType } from '../../scripts/e2e/lib/install-package';
import { linearWorkflow, type Workflow, type WorkflowNode } from '../../scripts/e2e/lib/workflows';

import { helperOnlyNodeType } from './helper-package';

export const benchCredential = { id: 'BenchClerkKey', name: 'Clerk (bench)' };

/** The node whose time is read from the run; every bench workflow ends with it. */
export const MEASURED_NODE = 'Measured';

// The Clerk node's default concurrency; not imported, as the node's run loop is being reworked.
const CLERK_DEFAULT_CONCURRENCY = 20;

type Step = Omit<WorkflowNode, 'id' | 'position'>;

/** Set + Split Out: one item per user ID, as an import from a spreadsheet would give. */
function itemSteps(userIds: string[]): Step[] {
	return [
		{
			name: 'User IDs',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{ id: 'bench-ids', name: 'ids', value: JSON.stringify(userIds), type: 'array' },
					],
				},
				options: {},
			},
		},
		{
			name: 'One item per user',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'ids', options: { destinationFieldName: 'userId' } },
		},
	];
}

export interface HttpBatching {
	batchSize: number;
	batchIntervalMs: number;
}

/**
 * The HTTP Request node set up for Clerk as n8n's docs suggest for rate limits: Batching with
 * the limit's size and window as interval. Failed items go to the output so they can be counted.
 */
export function httpRequestWorkflow(
	id: string,
	apiUrl: string,
	secretKey: string,
	userIds: string[],
	batching?: HttpBatching,
): Workflow {
	const options: Record<string, unknown> = {};
	if (batching)
		options.batching = {
			batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs },
		};
	return linearWorkflow(id, `Bench: HTTP Request ${id}`, [
		...itemSteps(userIds),
		{
			name: MEASURED_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${apiUrl}/sign_in_tokens`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${secretKey}` }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ user_id: $json.userId, expires_in_seconds: 3600 }) }}',
				options,
			},
		},
	]);
}

export interface ClerkNodeSetup {
	/** "expression": {{ $json.userId }} per item (the default); "fixed": one literal ID for all. */
	user?: 'expression' | 'fixed';
	/** Node options (concurrency, maxRequestsPerSecond); empty means default settings. */
	options?: Record<string, number>;
}

/** The same run with the Clerk Sign-In Token node, at its default settings unless told otherwise. */
export function clerkNodeWorkflow(
	id: string,
	userIds: string[],
	setup: ClerkNodeSetup = {},
): Workflow {
	const value = setup.user === 'fixed' ? userIds[0] : '={{ $json.userId }}';
	return linearWorkflow(id, `Bench: Clerk node ${id}`, [
		...itemSteps(userIds),
		{
			name: MEASURED_NODE,
			type: nodeType,
			typeVersion: 1,
			credentials: { clerkApi: benchCredential },
			onError: 'continueRegularOutput',
			parameters: {
				operation: 'create',
				user: { __rl: true, mode: 'id', value },
				expiresInSeconds: 3600,
				additionalFields: {},
				options: setup.options ?? {},
			},
		},
	]);
}

/**
 * The bench node that only reads the same expression and calls n8n's request helper, with the
 * Clerk node's default concurrency: what any node that must use the helper pays.
 */
export function helperOnlyWorkflow(
	id: string,
	apiUrl: string,
	userIds: string[],
	reuseCredential = false,
): Workflow {
	return linearWorkflow(id, `Bench: helper only ${id}`, [
		...itemSteps(userIds),
		{
			name: MEASURED_NODE,
			type: helperOnlyNodeType,
			typeVersion: 1,
			credentials: { clerkApi: benchCredential },
			parameters: {
				userId: '={{ $json.userId }}',
				apiUrl,
				concurrency: CLERK_DEFAULT_CONCURRENCY,
				reuseCredential,
			},
		},
	]);
}
