import {
	request,
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	Logger,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { ClerkWebhookApi } from '../../../credentials/ClerkWebhookApi.credentials';
import { TestCredentialsHelper } from '../../support/credentials-helper';
import { TRIGGER_NAME } from './clerkTriggerWorkflow';

export interface Delivery {
	status: number;
	body: string;
	/** What the trigger handed n8n to start the workflow with; undefined when nothing started. */
	started?: INodeExecutionData[][];
	/** An error the node's webhook() threw, which n8n would log and answer 500 for. */
	error?: Error;
}

export interface WebhookServerOptions {
	workflow: Workflow;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	/** Receives what the node logs instead of n8n's logger (silent under jest). */
	logger?: Logger;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * Loopback HTTP server that does what n8n's webhook path does for a version-1 trigger: reads the
 * body into `req.rawBody` and parses JSON into `req.body` (n8n's rawBodyReader and parseBody), builds
 * n8n-core's real WebhookContext for the node, runs its webhook(), then answers as n8n's
 * handleImmediateWebhookResponse does when the node did not answer itself.
 */
export class WebhookServer {
	private readonly server: Server;
	private lastDelivery: Omit<Delivery, 'status' | 'body'> = {};
	/**
	 * While true, a run the node hands over fails to start, and the answer is n8n 2.x's for that
	 * case: 500 after the node returned (e.g. the database or, in queue mode, Redis is down).
	 */
	runsFailToStart = false;

	constructor(private readonly options: WebhookServerOptions) {
		this.server = createServer((req, res) => {
			void this.handle(req, res);
		});
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve, reject) =>
			this.server.close((error) => (error ? reject(error) : resolve())),
		);
	}

	/** POSTs `body` byte for byte with `headers` and reports the answer and what started. */
	async post(headers: Record<string, string>, body: string | Buffer): Promise<Delivery> {
		const { port } = this.server.address() as AddressInfo;
		const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
		this.lastDelivery = {};
		const { status, text } = await new Promise<{ status: number; text: string }>(
			(resolve, reject) => {
				const req = request(
					{
						host: '127.0.0.1',
						port,
						method: 'POST',
						path: '/webhook/c1e2b3a4-0000-4000-8000-000000000001/webhook',
						headers: {
							'content-type': 'application/json',
							...headers,
							'content-length': payload.length,
						},
						timeout: 5_000,
					},
					(res) => {
						void readBody(res).then(
							(answer) => resolve({ status: res.statusCode ?? 0, text: answer.toString() }),
							reject,
						);
					},
				);
				req.on('timeout', () => req.destroy(new Error('request timed out')));
				req.on('error', reject);
				req.end(payload);
			},
		);
		return { status, body: text, ...this.lastDelivery };
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		req.rawBody = await readBody(req);
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
		const expressRequest = req as IncomingMessage & { body?: unknown };
		if (contentType === 'application/json') {
			try {
				expressRequest.body = JSON.parse(req.rawBody.toString('utf8'));
			} catch {
				// n8n answers 422 here itself; the node never sees such a request.
				res.writeHead(422).end();
				return;
			}
		} else {
			expressRequest.body = req.rawBody.toString('utf8');
		}

		const { workflow, credentials } = this.options;
		const mode = this.options.mode ?? 'webhook';
		const node = workflow.getNode(TRIGGER_NAME)!;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const additionalData = {
			credentialsHelper: new TestCredentialsHelper(
				{ clerkWebhookApi: new ClerkWebhookApi() },
				credentials,
			),
			httpRequest: req,
			httpResponse: res,
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1/',
			webhookBaseUrl: 'http://127.0.0.1/webhook',
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: 'webhook',
			webhookDescription: nodeType.description.webhooks![0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: mode === 'manual',
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		if (this.options.logger) {
			Object.defineProperty(context, 'logger', { value: this.options.logger });
		}

		try {
			const result = await nodeType.webhook!.call(context);
			if (result.noWebhookResponse) {
				this.lastDelivery = {};
				return;
			}
			if (this.runsFailToStart && result.workflowData) {
				res
					.writeHead(500)
					.end(JSON.stringify({ message: 'There was a problem executing the workflow' }));
				return;
			}
			this.lastDelivery = { started: result.workflowData };
			const answer = result.workflowData
				? { message: 'Workflow was started' }
				: (result.webhookResponse ?? { message: 'Webhook call received' });
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
		} catch (error) {
			this.lastDelivery = { error: error as Error };
			res.writeHead(500).end(JSON.stringify({ message: 'Workflow could not be started!' }));
		}
	}
}
