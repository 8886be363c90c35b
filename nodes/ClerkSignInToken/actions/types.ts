import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import type { ClerkClient } from '../api/clerkClient';
import type { ClerkMessages } from '../errors';
import type { ItemParameters } from './itemParameters';

export interface Indexed<T> {
	readonly itemIndex: number;
	readonly value: T;
}

/**
 * One operation of the node. Data flows one way: `read` checks an item's parameters, `ready`
 * (or, for items that need Clerk to look something up first, `lookup`) makes the values one
 * Clerk call needs, and `send` makes the call and shapes the output item. Nothing is mutated.
 * What fails at Clerk is worded by errors.ts, with `clerkMessages` naming the object.
 */
export interface Operation<Checked, Ready> {
	readonly properties: INodeProperties[];
	/** Reads and checks one item's parameters; throws an error that names the field and the fix. */
	read(params: ItemParameters, node: INode, itemIndex: number): Checked;
	/** What `send` needs, or undefined when the item needs `lookup` first. */
	ready(checked: Checked): Ready | undefined;
	readonly lookup?: {
		/** Items one lookup can serve. */
		readonly batchSize: number;
		/** Each item's value for `send`, or the error that stops it. */
		resolve(
			client: ClerkClient,
			node: INode,
			batch: ReadonlyArray<Indexed<Checked>>,
		): Promise<Map<number, Ready | Error>>;
	};
	send(client: ClerkClient, ready: Ready): Promise<IDataObject>;
	/** Messages that replace Clerk's for some of its error codes when `send` fails. */
	clerkMessages?(ready: Ready): ClerkMessages;
}
