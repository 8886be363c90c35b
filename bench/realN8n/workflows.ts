import { DEFAULT_CONCURRENCY } from '../../nodes/ClerkSignInToken/actions/runOptions';
import { helperOnlyNodeType } from '../../n8nLab/helperPackage';
import {
	createStep,
	linearWorkflow,
	oneItemEach,
	triggers,
	type CreateSetup,
	type Step,
	type Workflow,
} from '../../n8nLab/workflows';

export const benchCredential = { id: 'BenchClerkKey', name: 'Clerk (bench)' };
/** The same emulator with a development key (sk_test_…), for Clerk's development limit. */
export const benchDevCredential = { id: 'BenchClerkDevKey', name: 'Clerk (bench, development)' };
export const benchWebhookCredential = { id: 'BenchClerkWebhook', name: 'Clerk webhook (bench)' };

/** The node whose time is read from the run; every bench workflow ends with it. */
export const MEASURED_NODE = 'Measured';

/**
 * The measured Clerk node creating tokens, default settings unless told otherwise; failed items
 * go to the output unless `continueOnError` is false (as in a user's triggered workflow).
 */
export function clerkStep(setup: Partial<CreateSetup> = {}): Step {
	return createStep({
		user: '={{ $json.userId }}',
		expiresInSeconds: 3600,
		credential: benchCredential,
		continueOnError: true,
		options: {},
		...setup,
		name: MEASURED_NODE,
	});
}

/**
 * The HTTP Request node set up for Clerk's create by hand: the key as a literal header, the user
 * (an expression without braces, e.g. `$json.userId`) in its JSON body, optionally Batching as
 * n8n's docs suggest for rate limits. Failed items go to the output so they can be counted.
 */
export function httpStep(
	emulator: { apiUrl: string; secretKey: string },
	user: string,
	batching?: { batchSize: number; batchIntervalMs: number },
): Step {
	return {
		name: MEASURED_NODE,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		onError: 'continueRegularOutput',
		parameters: {
			method: 'POST',
			url: `${emulator.apiUrl}/sign_in_tokens`,
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'Authorization', value: `Bearer ${emulator.secretKey}` }],
			},
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ user_id: ${user}, expires_in_seconds: 3600 }) }}`,
			options: batching
				? {
						batching: {
							batch: { batchSize: batching.batchSize, batchInterval: batching.batchIntervalMs },
						},
					}
				: {},
		},
	};
}

/** Manual trigger, one item per user ID (as an import from a spreadsheet would give), then `step`. */
export function itemsInto(id: string, userIds: string[], step: Step): Workflow {
	return linearWorkflow(id, `Bench: ${id}`, triggers.manual(), [
		...oneItemEach(userIds, 'userId'),
		step,
	]);
}

/** A webhook (POST, respond immediately) at `path`, then `steps`. */
export const webhookInto = (id: string, path: string, steps: Step[]): Workflow =>
	linearWorkflow(id, `Bench: ${id}`, triggers.webhook(path), steps);

/**
 * The helper-only node (n8nLab/helperOnlyNode.ts, installed beside the package): reads the same
 * expression and calls n8n's request helper, with the Clerk node's default concurrency: what any
 * node that must use the helper pays. `reuseCredential`: it hands the helper the credential it
 * read once.
 */
export function helperOnlyStep(apiUrl: string, reuseCredential = false): Step {
	return {
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
	};
}
