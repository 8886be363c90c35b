import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ClerkClient } from '../api/clerkClient';
import { cancelledError, nodeError } from '../errors';
import { ItemParameters } from './itemParameters';
import { Outcomes } from './outcomes';
import { readRunOptions, type RunOptions } from './runOptions';
import type { Indexed, Operation } from './types';
import { WorkQueue } from './workQueue';

// Reading parameters is CPU work on n8n's one thread (about 1 ms per expression in n8n 2.x).
// Giving the event loop a turn this often lets the requests of items already checked go out
// while later items are read, and keeps other executions of the process responsive.
const READ_SLICE_MS = 15;

// Inputs up to this size are checked completely before the first request: a short run with a bad
// item sends nothing. Reading them costs well under 0.1 s even with expressions.
const CHECKED_BEFORE_SENDING = 64;

/**
 * Runs `operation` for every input item. Items are read and checked in input order and sent as
 * soon as they are ready (after their own check, and their lookup By Email), with at most
 * Concurrency in flight. An invalid item is never sent. Without continue-on-error it stops the
 * run: no item read after it is sent, nor any read in the same slice of reading. The first
 * CHECKED_BEFORE_SENDING items are one slice, so a short input with a bad item sends nothing.
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
	let client: ClerkClient;
	try {
		options = readRunOptions(ctx);
		client = await ClerkClient.connect(ctx, options.client, ctx.getExecutionCancelSignal());
	} catch (error) {
		// A setting that fails every item: an option, or the credential's API URL.
		return outcomes.failAll(nodeError(node, error)).finish(node);
	}
	const halted = () => outcomes.stopped || client.cancelled;

	const queue = new WorkQueue<Indexed<Ready>>();
	const send = async () => {
		for (let job = await queue.next(); job !== undefined; job = await queue.next()) {
			if (outcomes.stopped) continue;
			if (client.cancelled) {
				outcomes.fail(job.itemIndex, cancelledError(node, job.itemIndex));
				continue;
			}
			const { itemIndex, value } = job;
			try {
				outcomes.succeed(itemIndex, await operation.send(client, value));
			} catch (error) {
				const messages = operation.clerkMessages?.(value);
				outcomes.fail(itemIndex, nodeError(node, error, { itemIndex, messages }));
			}
		}
	};
	const senders = Array.from({ length: Math.min(options.concurrency, count) }, send);

	const lookups: Array<Promise<void>> = [];
	const lookUp = async (batch: Array<Indexed<Checked>>): Promise<void> => {
		if (!operation.lookup || halted()) return;
		try {
			for (const [itemIndex, value] of await operation.lookup.resolve(client, node, batch)) {
				if (value instanceof Error) outcomes.fail(itemIndex, value);
				else queue.push({ itemIndex, value });
			}
		} catch (error) {
			for (const { itemIndex } of batch)
				outcomes.fail(itemIndex, nodeError(node, error, { itemIndex }));
		}
	};

	const params = new ItemParameters(ctx, node);
	const batchSize = operation.lookup?.batchSize ?? 1;
	let waiting: Array<Indexed<Checked>> = [];
	let sliceStart = Date.now();
	for (let itemIndex = 0; itemIndex < count && !halted(); itemIndex++) {
		try {
			const checked = operation.read(params, node, itemIndex);
			const value = operation.ready(checked);
			if (value !== undefined) {
				queue.push({ itemIndex, value });
			} else if (waiting.push({ itemIndex, value: checked }) >= batchSize) {
				lookups.push(lookUp(waiting));
				waiting = [];
			}
		} catch (error) {
			outcomes.fail(itemIndex, nodeError(node, error));
		}
		if (itemIndex + 1 >= CHECKED_BEFORE_SENDING && Date.now() - sliceStart >= READ_SLICE_MS) {
			await sleep(0);
			sliceStart = Date.now();
		}
	}
	if (waiting.length > 0) lookups.push(lookUp(waiting));
	await Promise.all(lookups);
	queue.close();
	await Promise.all(senders);
	return outcomes.finish(node);
}
