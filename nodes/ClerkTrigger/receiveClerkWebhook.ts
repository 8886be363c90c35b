import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { clerkEventItem, parseClerkEvent } from './eventPayload';
import { ANY_EVENT } from './eventTypes';
import { deliveryMemory, NODES_REMEMBERED } from './deliveryMemory';
import { nodeStateKey } from './perNodeState';
import { shareableHeaders } from './requestHeaders';
import { parseSigningSecret, WEBHOOK_CREDENTIAL_TYPE } from './signingSecret';
import { signingKeys } from './signingKeys';
import { verifySvixSignature, type SvixHeaders, type SvixVerification } from './svixSignature';
import { sinceLastLine, ThrottledLog } from './throttledLog';

/** A broken credential is logged once a minute per node, however many requests arrive. */
export const credentialProblems = new ThrottledLog(60_000, NODES_REMEMBERED);

/** So are deliveries refused for their signature: anyone can send those. */
export const refusedDeliveries = new ThrottledLog(60_000, NODES_REMEMBERED);

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

/**
 * Answers the request here. With `workflowData` n8n still starts the run, but without waiting to
 * answer until it has stored it: under a burst that wait outlasts Svix's 15 s.
 */
function answer(
	this: IWebhookFunctions,
	status: number,
	body: IDataObject,
	workflowData?: IWebhookResponseData['workflowData'],
): IWebhookResponseData {
	const res = this.getResponseObject();
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
	return { noWebhookResponse: true, workflowData };
}

function logUnverifiable(this: IWebhookFunctions, nodeKey: string, error: unknown): void {
	// A setup problem: the detail (never the secret) goes to the log, once a minute, for the owner;
	// callers are anonymous and learn nothing. Svix retries 5xx, so deliveries resume once fixed.
	const unlogged = credentialProblems.due(nodeKey, Date.now());
	if (unlogged === undefined) return;
	const since = sinceLastLine(unlogged, 'request(s) were refused');
	this.logger.error(
		`Clerk Trigger cannot verify deliveries and answers them 500: ${(error as Error).message}${since}`,
		{ node: this.getNode().name, workflowId: this.getWorkflow().id },
	);
}

/**
 * Verifies the delivery with the node's signing key, read from the credential only when the node
 * holds none yet, or again when the signature does not match (the secret may have been rotated).
 */
async function verifyDelivery(
	this: IWebhookFunctions,
	nodeKey: string,
	req: WebhookRequest,
	body: Buffer,
): Promise<SvixVerification> {
	const credentialId = this.getNode().credentials?.[WEBHOOK_CREDENTIAL_TYPE]?.id ?? '';
	const read = async () => {
		const credentials = await this.getCredentials<{ signingSecret?: string }>(
			WEBHOOK_CREDENTIAL_TYPE,
		);
		return parseSigningSecret(credentials.signingSecret);
	};
	const verify = (key: Buffer) =>
		verifySvixSignature(key, svixHeaders(req.headers), body, Math.floor(Date.now() / 1000));

	const signingKey = signingKeys.get(nodeKey, Date.now());
	const verification = verify(await signingKey.current(credentialId, Date.now(), read));
	if (verification.valid || verification.reason !== 'no-matching-signature') return verification;
	const newer = await signingKey.refreshed(credentialId, Date.now(), read);
	return newer ? verify(newer) : verification;
}

/**
 * Receives one delivery. A verified, new event is answered 200 here and handed to n8n to run; its
 * id is remembered from then on, so a copy or a Svix retry of it starts nothing in this process.
 */
export async function receiveClerkWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const nodeKey = nodeStateKey(this.getWorkflow().id, this.getNode().id, this.getMode());
	const req = this.getRequestObject();
	const body = await rawBodyOf(req);
	let verification: SvixVerification;
	try {
		verification = await verifyDelivery.call(this, nodeKey, req, body);
	} catch (error) {
		logUnverifiable.call(this, nodeKey, error);
		return answer.call(this, 500, { message: 'Internal Server Error' });
	}
	if (!verification.valid) {
		// Warn: when Clerk's own deliveries fail here, the secret or the clock is wrong and nothing
		// runs. The reason names the check, never the secret or the signature.
		const unlogged = refusedDeliveries.due(nodeKey, Date.now());
		if (unlogged !== undefined) {
			const since = sinceLastLine(unlogged, 'were refused');
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
	return answer.call(this, 200, { received: true }, [this.helpers.returnJsonArray(item)]);
}
