import { DEFAULT_CONCURRENCY } from '../../nodes/ClerkSignInToken/actions/runOptions';
import {
	createStep,
	helperOnlyStep,
	httpRequestCreateStep,
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

/** The HTTP Request node set up for Clerk by hand (the user ID from `user`, an expression). */
export function httpStep(
	emulator: { apiUrl: string; secretKey: string },
	user: string,
	batching?: { batchSize: number; batchIntervalMs: number },
): Step {
	// Named, not spread: the bench emulator's URL and key are getters.
	const { apiUrl, secretKey } = emulator;
	return httpRequestCreateStep({ name: MEASURED_NODE, apiUrl, secretKey, user, batching });
}

/** Manual trigger, one item per user ID (as an import from a spreadsheet would give), then `step`. */
function itemsInto(id: string, userIds: string[], step: Step): Workflow {
	return linearWorkflow(id, `Bench: ${id}`, triggers.manual(), [
		...oneItemEach(userIds, 'userId'),
		step,
	]);
}

export function httpRequestWorkflow(
	id: string,
	emulator: { apiUrl: string; secretKey: string },
	userIds: string[],
	batching?: { batchSize: number; batchIntervalMs: number },
): Workflow {
	return itemsInto(id, userIds, httpStep(emulator, '$json.userId', batching));
}

export function clerkNodeWorkflow(
	id: string,
	userIds: string[],
	setup: Partial<CreateSetup> = {},
): Workflow {
	return itemsInto(id, userIds, clerkStep(setup));
}

/**
 * The helper-only node: reads the same expression and calls n8n's request helper, with the Clerk
 * node's default concurrency: what any node that must use the helper pays.
 */
export function helperOnlyWorkflow(
	id: string,
	apiUrl: string,
	userIds: string[],
	reuseCredential = false,
): Workflow {
	return itemsInto(
		id,
		userIds,
		helperOnlyStep({
			name: MEASURED_NODE,
			apiUrl,
			concurrency: DEFAULT_CONCURRENCY,
			credential: benchCredential,
			reuseCredential,
		}),
	);
}
