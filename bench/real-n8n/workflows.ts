import { randomUUID } from 'node:crypto';

import { DEFAULT_CONCURRENCY } from '../../nodes/ClerkSignInToken/actions/runOptions';
import { nodeType, packageName } from '../../scripts/e2e/lib/install-package';
import { linearWorkflow, type Workflow, type WorkflowNode } from '../../scripts/e2e/lib/workflows';

import { helperOnlyNodeType } from './helper-package';

export const benchCredential = { id: 'BenchClerkKey', name: 'Clerk (bench)' };
/** The same emulator with a development key (sk_test_…), for Clerk's development limit. */
export const benchDevCredential = { id: 'BenchClerkDevKey', name: 'Clerk (bench, development)' };

/** The node whose time is read from the run; every bench workflow ends with it. */
export const MEASURED_NODE = 'Measured';

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
 * Where each item's user ID is: `$json.userId` after Split Out, `$json.body.userId` after a
 * Webhook, `$json.data.id` after the Clerk Trigger (a user.created event), `$json.body.data.id`
 * after a Webhook receiving that event.
 */
export type UserField =
	| '$json.userId'
	| '$json.body.userId'
	| '$json.data.id'
	| '$json.body.data.id';

/**
 * The HTTP Request node set up for Clerk by hand: the key as a literal header, the same
 * expression in its JSON body, optionally Batching as n8n's docs suggest for rate limits.
 * Failed items go to the output so they can be counted.
 */
export function httpRequestStep(
	apiUrl: string,
	secretKey: string,
	user: UserField = '$json.userId',
	batching?: HttpBatching,
): Step {
	const options: Record<string, unknown> = {};
	if (batching)
		options.batching = {
			batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs },
		};
	return {
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
			jsonBody: `={{ JSON.stringify({ user_id: ${user}, expires_in_seconds: 3600 }) }}`,
			options,
		},
	};
}

export function httpRequestWorkflow(
	id: string,
	apiUrl: string,
	secretKey: string,
	userIds: string[],
	batching?: HttpBatching,
): Workflow {
	return linearWorkflow(id, `Bench: HTTP Request ${id}`, [
		...itemSteps(userIds),
		httpRequestStep(apiUrl, secretKey, '$json.userId', batching),
	]);
}

export interface ClerkNodeSetup {
	/** An expression reading this field per item (the default: $json.userId), or one fixed ID for all. */
	user?: UserField | { fixed: string };
	/** Node options (concurrency, maxRequestsPerSecond); empty means default settings. */
	options?: Record<string, number>;
	/** False: a failing item fails the execution, as in a user's triggered workflow. */
	continueOnError?: boolean;
	/** Which of the bench's credentials: the production key unless told otherwise. */
	credential?: typeof benchCredential;
}

/** The Clerk Sign-In Token node creating a token, at its default settings unless told otherwise. */
export function clerkStep(setup: ClerkNodeSetup = {}): Step {
	const user = setup.user ?? '$json.userId';
	const value = typeof user === 'object' ? user.fixed : `={{ ${user} }}`;
	return {
		name: MEASURED_NODE,
		type: nodeType,
		typeVersion: 1,
		credentials: { clerkApi: setup.credential ?? benchCredential },
		...(setup.continueOnError === false ? {} : { onError: 'continueRegularOutput' as const }),
		parameters: {
			operation: 'create',
			user: { __rl: true, mode: 'id', value },
			expiresInSeconds: 3600,
			additionalFields: {},
			options: setup.options ?? {},
		},
	};
}

export function clerkNodeWorkflow(
	id: string,
	userIds: string[],
	setup: ClerkNodeSetup = {},
): Workflow {
	return linearWorkflow(id, `Bench: Clerk node ${id}`, [...itemSteps(userIds), clerkStep(setup)]);
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
				concurrency: DEFAULT_CONCURRENCY,
				reuseCredential,
			},
		},
	]);
}

/**
 * A triggered workflow: Webhook (POST /webhook/<path>, answering as soon as it has the body, so
 * each delivery is one execution), then the given steps.
 */
export function webhookWorkflow(id: string, webhookPath: string, steps: Step[]): Workflow {
	const workflow = linearWorkflow(id, `Bench: webhook ${id}`, steps);
	const [trigger] = workflow.nodes;
	workflow.nodes[0] = {
		...trigger,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	return workflow;
}

export const benchWebhookCredential = { id: 'BenchClerkWebhook', name: 'Clerk webhook (bench)' };

/**
 * The named use: Clerk Trigger (user.created, signed with the bench's webhook credential), then
 * the given steps. Its production URL is /webhook/<returned path>.
 */
export function clerkTriggerWorkflow(
	id: string,
	steps: Step[],
): { workflow: Workflow; path: string } {
	const workflow = linearWorkflow(id, `Bench: Clerk Trigger ${id}`, steps);
	const webhookId = randomUUID();
	workflow.nodes[0] = {
		...workflow.nodes[0],
		type: `${packageName}.clerkTrigger`,
		typeVersion: 1,
		webhookId,
		credentials: { clerkWebhookApi: benchWebhookCredential },
		parameters: { events: ['user.created'], options: {} },
	};
	return { workflow, path: `${webhookId}/webhook` };
}

/** Split Out of a delivered list of IDs (`{"ids": [...]}`), one item per user, as after a Webhook. */
export const splitDeliveredIds: Step = {
	name: 'One item per user',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: 'body.ids', options: { destinationFieldName: 'userId' } },
};
