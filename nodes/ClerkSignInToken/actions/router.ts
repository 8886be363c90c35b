import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorCode } from '../transport/errors';
import { Pacer } from '../transport/pacer';
import { ClerkClient } from '../transport/request';
import { create } from './create.operation';
import { revoke } from './revoke.operation';
import type { Operation } from './types';

// Each operation's request type is private to it; the router only passes requests through.
const operations: Record<string, Operation<unknown>> = { create, revoke } as Record<
	string,
	Operation<unknown>
>;

// Enough requests in flight to reach Clerk's production limit (100 per second) at ~200 ms latency;
// the pacer keeps them under whatever limit applies.
export const DEFAULT_CONCURRENCY = 20;

interface RunOptions {
	concurrency?: number;
	maxRequestsPerSecond?: number;
	timeout?: number;
}

/**
 * Runs the selected operation for every input item. Every item comes out exactly once, at its
 * own position and paired with its input: as a result, or (with "continue on error") as an error
 * item. Without "continue on error" the first failing item, in input order, stops the node.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported`,
		);
	}
	const options = this.getNodeParameter('options', 0, {}) as RunOptions;
	const continueOnFail = this.continueOnFail();
	const failures = new Map<number, Error>();
	const results = new Map<number, IDataObject>();

	// Every item is checked before the first request, so bad input never half-runs a batch.
	const requests = new Map<number, unknown>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			requests.set(itemIndex, operation.prepare(this, itemIndex));
		} catch (error) {
			failures.set(itemIndex, error as Error);
		}
	}
	if (!continueOnFail && failures.size > 0) throw firstFailure(failures);

	if (requests.size > 0) {
		const client = await ClerkClient.create(this, {
			pacer: new Pacer({ maxRequestsPerSecond: options.maxRequestsPerSecond }),
			policy: options.timeout ? { timeoutMs: options.timeout * 1000 } : {},
			signal: this.getExecutionCancelSignal(),
		});
		if (operation.resolve) {
			for (const [itemIndex, error] of await operation.resolve(client, requests)) {
				failures.set(itemIndex, error);
				requests.delete(itemIndex);
			}
			if (!continueOnFail && failures.size > 0) throw firstFailure(failures);
		}
		await runPool(
			[...requests.keys()],
			Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
			async (itemIndex) => {
				// A failure without continue-on-error, or a cancelled execution, stops sending new requests.
				if ((!continueOnFail && failures.size > 0) || client.cancelled) return;
				try {
					results.set(itemIndex, await operation.send(client, requests.get(itemIndex), itemIndex));
				} catch (error) {
					failures.set(itemIndex, error as Error);
				}
			},
		);
		if (!continueOnFail && failures.size > 0) throw firstFailure(failures);
	}

	return [
		items.map((_, itemIndex) => ({
			json: results.get(itemIndex) ?? errorItem(failures.get(itemIndex)),
			pairedItem: { item: itemIndex },
		})),
	];
}

/** The failure of the earliest item: what a one-at-a-time run would have stopped at. */
function firstFailure(failures: Map<number, Error>): Error {
	return failures.get(Math.min(...failures.keys())) as Error;
}

function errorItem(error: Error | undefined): IDataObject {
	const httpCode = (error as { httpCode?: string | null } | undefined)?.httpCode;
	return {
		error: error?.message ?? 'The item was not processed',
		code: errorCode(error) ?? null,
		httpCode: httpCode ?? null,
	};
}

/** Runs `task` for each key with at most `limit` running at once, in key order. */
async function runPool(
	keys: number[],
	limit: number,
	task: (key: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < keys.length) await task(keys[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, keys.length) }, worker));
}
