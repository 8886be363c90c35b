import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { clerkEventItem, parseClerkEvent } from './clerkEvent';
import { ANY_EVENT } from './clerkEvents';
import { ReplayCache } from './replayCache';
import { parseSigningSecret } from './signingSecret';
import {
	TIMESTAMP_TOLERANCE_SECONDS,
	verifySvixSignature,
	type SvixHeaders,
} from './svixSignature';

/**
 * Ids are kept for twice the tolerance: a delivery stamped up to 5 minutes ahead of our clock stays
 * acceptable for 10 minutes, and a replay must be caught for all of that time.
 */
export const deliveriesSeen = new ReplayCache(10_000, 2 * TIMESTAMP_TOLERANCE_SECONDS * 1000);

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;
type RequestHeaders = WebhookRequest['headers'];

function header(headers: RequestHeaders, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = headers[name];
		if (typeof value === 'string') return value;
	}
	return undefined;
}

function svixHeaders(headers: RequestHeaders): SvixHeaders {
	// Svix's unbranded `webhook-*` names carry the same values, as its own library accepts.
	return {
		id: header(headers, 'svix-id', 'webhook-id'),
		timestamp: header(headers, 'svix-timestamp', 'webhook-timestamp'),
		signature: header(headers, 'svix-signature', 'webhook-signature'),
	};
}

/** The body exactly as it arrived: n8n reads it into `rawBody` before the node runs. */
async function rawBodyOf(req: WebhookRequest): Promise<Buffer> {
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') {
		await req.readRawBody();
	}
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
}

/** Answers the request here and starts nothing. */
function answer(this: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const res = this.getResponseObject();
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
	return { noWebhookResponse: true };
}

export async function receiveClerkWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	let key: Buffer;
	try {
		const credentials = await this.getCredentials<{ signingSecret?: string }>('clerkWebhookApi');
		key = parseSigningSecret(credentials.signingSecret);
	} catch (error) {
		// A setup problem, not an attack: the message names the fix and never the secret. Clerk shows
		// it under the endpoint's message attempts and retries, so deliveries resume once it is fixed.
		const message = `Clerk Trigger cannot verify deliveries: ${(error as Error).message}`;
		this.logger.error(message, { node: this.getNode().name });
		return answer.call(this, 500, { message });
	}

	const req = this.getRequestObject();
	const body = await rawBodyOf(req);
	const verification = verifySvixSignature(
		key,
		svixHeaders(req.headers),
		body,
		Math.floor(Date.now() / 1000),
	);
	if (!verification.valid) {
		this.logger.debug(`Clerk Trigger refused a delivery: ${verification.reason}`, {
			node: this.getNode().name,
		});
		return answer.call(this, 401, { message: 'Unauthorized' });
	}

	const deliveryKey = [
		this.getWorkflow().id,
		this.getNode().id,
		this.getMode(),
		verification.id,
	].join('/');
	if (!deliveriesSeen.firstSighting(deliveryKey, Date.now())) {
		return answer.call(this, 200, { received: true });
	}

	const event = parseClerkEvent(body);
	if (!event) return answer.call(this, 400, { message: 'Bad Request' });

	const events = this.getNodeParameter('events', []) as string[];
	if (!events.includes(ANY_EVENT) && !events.includes(event.type)) {
		return answer.call(this, 200, { received: true });
	}

	const options = this.getNodeParameter('options', {}) as { includeHeaders?: boolean };
	const item = clerkEventItem(
		event,
		verification.id,
		options.includeHeaders ? (req.headers as IDataObject) : undefined,
	);
	return { workflowData: [this.helpers.returnJsonArray(item)] };
}
