import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ClerkClient } from '../api/clerkClient';
import { ItemParameters } from './itemParameters';
import { Outcomes } from './outcomes';
import { readRunOptions, type RunOptions } from './runOptions';
import type { Indexed, Operation } from './types';
import { WorkQueue } from './workQueue';

// Reading parameters is CPU work on n8n's one thread; giving the event loop a turn this often
// keeps a long read from stalling other executions and webhooks of the same n8n process.
const READ_SLICE_MS = 15;

/**
 * Runs `operation` for every input item. Every item is read and checked before the first
 * request, so bad input never half-runs a batch: without continue-on-error an invalid item stops
 * the run before anything is sent. Then items go to Clerk with at most Concurrency in flight;
 * items that need a lookup (By Email) are looked up in batches while the others are sent.
 */
export async function runItems<Checked, Ready>(
	ctx: IExecuteFunctions,
	operation: Operation<Checked, Ready>,
): Promise<INodeExecutionData[]> {
	const count = ctx.getInputData().length;
	const node = ctx.getNode();
	const outcomes = new Outcomes(count, ctx.continueOnFail());
	if (count === 0) return [];
	let options: RunOptions;
	try {
		options = readRunOptions(ctx);
	} catch (error) {
		return outcomes.failAll(asError(error)).finish(node);
	}
	const checked = await readAll(ctx, operation, outcomes, count);
	if (outcomes.stopped || checked.length === 0) return outcomes.finish(node);
	let client: ClerkClient;
	try {
		client = await ClerkClient.connect(ctx, options.client, ctx.getExecutionCancelSignal());
	} catch (error) {
		return outcomes.failAll(asError(error)).finish(node);
	}
	const halted = () => outcomes.stopped || client.cancelled;
	const queue = new WorkQueue<Indexed<Ready>>();
	const send = async () => {
		for (let job = await queue.next(); job !== undefined; job = await queue.next()) {
			if (outcomes.stopped) continue;
			if (client.cancelled) {
				outcomes.fail(job.itemIndex, client.cancelledError(job.itemIndex));
				continue;
			}
			try {
				outcomes.succeed(job.itemIndex, await operation.send(client, job.value, job.itemIndex));
			} catch (error) {
				outcomes.fail(job.itemIndex, asError(error));
			}
		}
	};
	const senders = Array.from({ length: Math.min(options.concurrency, checked.length) }, send);

	const waiting: Array<Indexed<Checked>> = [];
	for (const item of checked) {
		const value = operation.ready(item.value);
		if (value === undefined) waiting.push(item);
		else queue.push({ itemIndex: item.itemIndex, value });
	}
	const batchSize = operation.lookup?.batchSize ?? 1;
	const lookups: Array<Promise<void>> = [];
	for (let start = 0; start < waiting.length; start += batchSize) {
		lookups.push(lookUp(waiting.slice(start, start + batchSize)));
	}
	async function lookUp(batch: Array<Indexed<Checked>>): Promise<void> {
		if (!operation.lookup || halted()) return;
		try {
			for (const [itemIndex, value] of await operation.lookup.resolve(client, batch)) {
				if (value instanceof Error) outcomes.fail(itemIndex, value);
				else queue.push({ itemIndex, value });
			}
		} catch (error) {
			for (const { itemIndex } of batch) outcomes.fail(itemIndex, asError(error));
		}
	}
	await Promise.all(lookups);
	queue.close();
	await Promise.all(senders);
	return outcomes.finish(node);
}

/** Reads and checks every item in input order; stops at the first failure without continue-on-error. */
async function readAll<Checked, Ready>(
	ctx: IExecuteFunctions,
	operation: Operation<Checked, Ready>,
	outcomes: Outcomes,
	count: number,
): Promise<Array<Indexed<Checked>>> {
	const node = ctx.getNode();
	const params = new ItemParameters(ctx);
	const checked: Array<Indexed<Checked>> = [];
	let sliceStart = Date.now();
	for (let itemIndex = 0; itemIndex < count && !outcomes.stopped; itemIndex++) {
		try {
			checked.push({ itemIndex, value: operation.read(params, node, itemIndex) });
		} catch (error) {
			outcomes.fail(itemIndex, asError(error));
		}
		if (Date.now() - sliceStart >= READ_SLICE_MS) {
			await sleep(0);
			sliceStart = Date.now();
		}
	}
	return checked;
}

function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
