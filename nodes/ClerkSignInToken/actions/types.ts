import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ClerkClient } from '../transport/request';

/**
 * One operation of the node, in the order data flows through it: parameters are read and checked
 * for every item before anything is sent, lookups shared by many items run once, then each item's
 * request goes to Clerk.
 */
export interface Operation<Request> {
	properties: INodeProperties[];
	/** Reads and validates the item's parameters; throws a NodeOperationError naming the field. */
	prepare(ctx: IExecuteFunctions, itemIndex: number): Request;
	/** Optional lookups for all items at once; returns an error per item that cannot go on. */
	resolve?(client: ClerkClient, requests: Map<number, Request>): Promise<Map<number, Error>>;
	send(client: ClerkClient, request: Request, itemIndex: number): Promise<IDataObject>;
}
