import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { pacers } from '../nodes/ClerkSignInToken/api/pacers';
import { runClerkNode } from '../test/support/engineHarness';
import type { BenchEmulator } from './emulator';

export interface NodeRunOptions {
	items: IDataObject[];
	/** How the item names its user: a user ID column or an email column. */
	userBy: 'id' | 'email';
	concurrency?: number;
	maxRequestsPerSecond?: number;
}

export interface NodeRunResult {
	wallMs: number;
	items: number;
	failed: number;
	/** Set when the node stopped as a whole (no continue-on-error). */
	error?: string;
	output: INodeExecutionData[];
}

export function createParameters(
	options: Pick<NodeRunOptions, 'userBy' | 'concurrency' | 'maxRequestsPerSecond'>,
): INodeParameters {
	const nodeOptions: INodeParameters = {};
	if (options.concurrency !== undefined) nodeOptions.concurrency = options.concurrency;
	if (options.maxRequestsPerSecond !== undefined)
		nodeOptions.maxRequestsPerSecond = options.maxRequestsPerSecond;
	return {
		operation: 'create',
		// An expression per item, as in a real import from a spreadsheet.
		user:
			options.userBy === 'id'
				? { __rl: true, mode: 'id', value: '={{ $json.userId }}' }
				: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
		expiresInSeconds: 3600,
		options: nodeOptions,
	};
}

/** Runs the Clerk node in n8n's engine over `items`, with continue-on-error so every failure is counted. */
export async function runNode(
	emulator: Pick<BenchEmulator, 'apiUrl' | 'secretKey'>,
	options: NodeRunOptions,
): Promise<NodeRunResult> {
	// Every run starts against an emulator set up anew (its limit may differ from the last run's),
	// which a real Clerk key's limit never does: what this process's shared pacer learned from the
	// run before would only hold this one back.
	pacers.clear();
	const started = performance.now();
	const { items, error } = await runClerkNode({
		credentials: { secretKey: emulator.secretKey, baseUrl: emulator.apiUrl },
		parameters: createParameters(options),
		items: options.items,
		continueOnFail: true,
	});
	const wallMs = performance.now() - started;
	const failed = items.filter((item) => item.json.error !== undefined).length;
	return { wallMs, items: items.length, failed, error: error?.message, output: items };
}
