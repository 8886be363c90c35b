import type { IDataObject } from 'n8n-workflow';

/** The envelope Clerk wraps every webhook event in (WebhookEventPayload in Clerk's webhooks spec). */
export interface ClerkEvent extends IDataObject {
	type: string;
	object?: string;
	data?: IDataObject;
	instance_id?: string;
	timestamp?: number;
	event_attributes?: IDataObject;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the verified body; returns undefined when it is not a Clerk event envelope. */
export function parseClerkEvent(body: Buffer): ClerkEvent | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
	if (!isObject(parsed) || typeof parsed.type !== 'string' || parsed.type === '') return undefined;
	return parsed as ClerkEvent;
}

/** The item the trigger emits: Clerk's fields as sent, plus the Svix delivery id. */
export function clerkEventItem(
	event: ClerkEvent,
	svixId: string,
	headers?: IDataObject,
): IDataObject {
	const item: IDataObject = {
		type: event.type,
		data: event.data,
		object: event.object,
		instance_id: event.instance_id,
		timestamp: event.timestamp,
		event_attributes: event.event_attributes,
		svix_id: svixId,
	};
	if (headers) item.headers = headers;
	return item;
}
