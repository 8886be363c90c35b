import type { ICredentialDataDecryptedObject, IDataObject, Logger } from 'n8n-workflow';

import { clerkTriggerWorkflow } from './clerkTriggerWorkflow';
import { WebhookServer } from './webhookServer';

export interface ServerOptions {
	/** The credential's data; its object stays the store's, so a test can change it mid-way. */
	credential: ICredentialDataDecryptedObject;
	mode?: 'webhook' | 'manual';
	/** Each workflow id is its own trigger node, with its own signing key and id memory. */
	workflowId?: string;
	/** The id of the credential the node uses. */
	credentialId?: string;
	logger?: Logger;
}

/** Runs `run` against a loopback webhook server holding one Clerk Trigger with `parameters`. */
export async function withServer<T>(
	parameters: IDataObject,
	run: (server: WebhookServer) => Promise<T>,
	options: ServerOptions,
): Promise<T> {
	const server = new WebhookServer({
		workflow: clerkTriggerWorkflow(parameters, options.workflowId, options.credentialId),
		credentials: { clerkWebhookApi: options.credential },
		mode: options.mode,
		logger: options.logger,
	});
	await server.start();
	try {
		return await run(server);
	} finally {
		await server.stop();
	}
}
