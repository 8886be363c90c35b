import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { clerkEventItem, parseClerkEvent } from './clerkEvent';
import { ANY_EVENT } from './clerkEvents';
import { deliveryMemory, NODES_REMEMBERED } from './deliveryMemory';
import { nodeStateKey } from './perNodeState';
import type { ReplayCache } from './replayCache';
import { shareableHeaders } from './requestHeaders';
import { parseSigningSecret } from './signingSecret';
import { verifySvixSignature, type SvixHeaders } from './svixSignature';
import { ThrottledLog } from './throttledLog';

/** A broken credential is logged once a minute per node, however many requests arrive. */
export const credentialProblems = new ThrottledLog(60_000, NODES_REMEMBERED);

/** So are deliveries refused for their signature: anyone can send those. */
export const refusedDeliveries = new ThrottledLog(60_000, NODES_REMEMBERED);

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']>;
type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;
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

/**
 * n8n answers after the node returns: n8n 2.x once the run is started or queued (500 when that
 * fails), n8n 1.x before starting it. Anything but a completed 2xx means Svix retries, so the id is
 * forgotten and the retry runs.
 */
function forgetUnlessAnswered2xx(res: WebhookResponse, accepted: ReplayCache, id: string): void {
	res.once('close', () => {
		if (!res.writableFinished || res.statusCode < 200 || res.statusCode >= 300) accepted.forget(id);
	});
}

export async function receiveClerkWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const nodeKey = nodeStateKey(this.getWorkflow().id, this.getNode().id, this.getMode());
	let key: Buffer;
	try {
		const credentials = await this.getCredentials<{ signingSecret?: string }>('clerkWebhookApi');
		key = parseSigningSecret(credentials.signingSecret);
	} catch (error) {
		// A setup problem: the detail (never the secret) goes to the log, once a minute, for the owner;
		// callers are anonymous and learn nothing. Svix retries 5xx, so deliveries resume once fixed.
		const unlogged = credentialProblems.due(nodeKey, Date.now());
		if (unlogged !== undefined) {
			const since =
				unlogged > 0 ? ` ${unlogged} more request(s) were refused since the last line.` : '';
			this.logger.error(
				`Clerk Trigger cannot verify deliveries and answers them 500: ${(error as Error).message}${since}`,
				{ node: this.getNode().name, workflowId: this.getWorkflow().id },
			);
		}
		return answer.call(this, 500, { message: 'Internal Server Error' });
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
		// Warn: when Clerk's own deliveries fail here, the secret or the clock is wrong and nothing
		// runs. The reason names the check, never the secret or the signature.
		const unlogged = refusedDeliveries.due(nodeKey, Date.now());
		if (unlogged !== undefined) {
			const since = unlogged > 0 ? ` ${unlogged} more were refused since the last line.` : '';
			this.logger.warn(
				`Clerk Trigger refused a delivery with 401: ${verification.reason}. If Clerk's deliveries fail this way, paste this endpoint's signing secret into the Clerk Webhook API credential and check n8n's clock.${since}`,
				{ node: this.getNode().name, workflowId: this.getWorkflow().id },
			);
		}
		return answer.call(this, 401, { message: 'Unauthorized' });
	}

	// From here to the return nothing is awaited, so two copies of one delivery cannot both pass.
	const now = Date.now();
	const accepted = deliveryMemory.get(nodeKey, now);
	if (accepted.has(verification.id, now)) return answer.call(this, 200, { received: true });

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
		options.includeHeaders ? shareableHeaders(req.headers) : undefined,
	);
	accepted.remember(verification.id, now);
	forgetUnlessAnswered2xx(this.getResponseObject(), accepted, verification.id);
	return { workflowData: [this.helpers.returnJsonArray(item)] };
}
