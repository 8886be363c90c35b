import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { cancelledError, errorCode } from '../errors';

/**
 * What became of each input item: a result or an error. Every item comes out exactly once, at
 * its own position and paired with its input. Without continue-on-error the first failure stops
 * the run, and the failure of the earliest item in input order is what the node throws.
 */
export class Outcomes {
	private readonly results = new Map<number, IDataObject>();

	private readonly failures = new Map<number, Error>();

	constructor(
		private readonly count: number,
		private readonly continueOnFail: boolean,
	) {}

	/** No further item should be sent. */
	get stopped(): boolean {
		return !this.continueOnFail && this.failures.size > 0;
	}

	succeed(itemIndex: number, json: IDataObject): void {
		this.results.set(itemIndex, json);
	}

	fail(itemIndex: number, error: Error): void {
		this.failures.set(itemIndex, error);
	}

	/** A setting that fails every item still without an outcome (an option, the credential). */
	failAll(error: Error): this {
		for (let itemIndex = 0; itemIndex < this.count; itemIndex++) {
			if (!this.results.has(itemIndex) && !this.failures.has(itemIndex))
				this.fail(itemIndex, error);
		}
		return this;
	}

	/**
	 * The output items, or the error the node stops with. Only a cancelled execution leaves items
	 * without an outcome (n8n discards its output): they say so.
	 */
	finish(node: INode): INodeExecutionData[] {
		const earliest = this.continueOnFail ? undefined : this.earliestFailure();
		if (earliest) throw earliest;
		return Array.from({ length: this.count }, (_, itemIndex) => ({
			json:
				this.results.get(itemIndex) ??
				errorItem(this.failures.get(itemIndex) ?? cancelledError(node, itemIndex)),
			pairedItem: { item: itemIndex },
		}));
	}

	private earliestFailure(): Error | undefined {
		let earliest: number | undefined;
		for (const itemIndex of this.failures.keys()) {
			if (earliest === undefined || itemIndex < earliest) earliest = itemIndex;
		}
		return earliest === undefined ? undefined : this.failures.get(earliest);
	}
}

function errorItem(error: Error): IDataObject {
	return {
		error: error.message,
		code: errorCode(error) ?? null,
		httpCode: error instanceof NodeApiError ? (error.httpCode ?? null) : null,
	};
}
