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
import { TestCredentialsHelper } from '../../support/credentialsHelper';
import { TRIGGER_NAME } from './clerkTriggerWorkflow';

export interface Delivery {
	/** The HTTP status the sender got; 0 when it closed the connection before an answer came. */
	status: number;
	body: string;
	/** What the trigger handed n8n to start the workflow with; undefined when nothing started. */
	started?: INodeExecutionData[][];
	/** An error the node's webhook() threw, which n8n would log and answer 500 for. */
	error?: Error;
}

export interface PostOptions {
	/**
	 * The sender gives up before the node runs, as Svix does after 15 s while n8n is busy: the
	 * connection is closed once the body is sent, and only then does the node see the request.
	 */
	closeBeforeAnswer?: boolean;
}

export interface WebhookServerOptions {
	workflow: Workflow;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	mode?: WorkflowExecuteMode;
	/** Receives what the node logs instead of n8n's logger (silent under jest). */
	logger?: Logger;
}

type Handled = Omit<Delivery, 'status' | 'body'>;

const DELIVERY_HEADER = 'x-harness-delivery';
const CLOSE_FIRST_HEADER = 'x-harness-close-first';

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

/**
 * Loopback HTTP server that does what n8n's webhook path does for a version-1 trigger: reads the
 * body into `req.rawBody` and parses JSON into `req.body` (n8n's rawBodyReader and parseBody), builds
 * n8n-core's real WebhookContext for the node, runs its webhook(), then, as n8n's executeWebhook
 * does, answers when the node did not answer itself and starts the run when it handed one over.
 */
export class WebhookServer {
	private readonly server: Server;
	/** What the server did with each delivery, by the harness's own delivery number. */
	private readonly handled = new Map<string, ReturnType<typeof deferred<Handled>>>();
	private readonly bodiesRead = new Map<string, ReturnType<typeof deferred<void>>>();
	private sequence = 0;
	readonly credentialsHelper: TestCredentialsHelper;

	constructor(private readonly options: WebhookServerOptions) {
		this.credentialsHelper = new TestCredentialsHelper(
			{ clerkWebhookApi: new ClerkWebhookApi() },
			options.credentials,
		);
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
	async post(
		headers: Record<string, string>,
		body: string | Buffer,
		options: PostOptions = {},
	): Promise<Delivery> {
		const { port } = this.server.address() as AddressInfo;
		const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
		const delivery = String(++this.sequence);
		const handled = deferred<Handled>();
		const bodyRead = deferred<void>();
		this.handled.set(delivery, handled);
		this.bodiesRead.set(delivery, bodyRead);
		const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
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
						[DELIVERY_HEADER]: delivery,
						...(options.closeBeforeAnswer ? { [CLOSE_FIRST_HEADER]: '1' } : {}),
					},
					timeout: 5_000,
				},
				(res) => {
					void readBody(res).then(
						(text) => resolve({ status: res.statusCode ?? 0, text: text.toString() }),
						reject,
					);
				},
			);
			req.on('timeout', () => req.destroy(new Error('request timed out')));
			req.on('error', (error) =>
				options.closeBeforeAnswer ? resolve({ status: 0, text: '' }) : reject(error),
			);
			req.end(payload);
			if (options.closeBeforeAnswer) void bodyRead.promise.then(() => req.destroy());
		});
		const outcome = await handled.promise;
		this.handled.delete(delivery);
		this.bodiesRead.delete(delivery);
		return { status: answer.status, body: answer.text, ...outcome };
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const delivery = String(req.headers[DELIVERY_HEADER]);
		const outcome = await this.run(req, res);
		this.handled.get(delivery)?.resolve(outcome);
	}

	private async run(req: IncomingMessage, res: ServerResponse): Promise<Handled> {
		req.rawBody = await readBody(req);
		if (req.headers[CLOSE_FIRST_HEADER]) {
			const closed = new Promise((resolve) => res.once('close', resolve));
			this.bodiesRead.get(String(req.headers[DELIVERY_HEADER]))?.resolve();
			await closed;
		}
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
		const expressRequest = req as IncomingMessage & { body?: unknown };
		if (contentType === 'application/json') {
			try {
				expressRequest.body = JSON.parse(req.rawBody.toString('utf8'));
			} catch {
				// n8n answers 422 here itself; the node never sees such a request.
				res.writeHead(422).end();
				return {};
			}
		} else {
			expressRequest.body = req.rawBody.toString('utf8');
		}

		const { workflow } = this.options;
		const mode = this.options.mode ?? 'webhook';
		const node = workflow.getNode(TRIGGER_NAME)!;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const additionalData = {
			credentialsHelper: this.credentialsHelper,
			httpRequest: req,
			httpResponse: res,
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
			if (!result.noWebhookResponse) {
				const answer = result.workflowData
					? { message: 'Workflow was started' }
					: (result.webhookResponse ?? { message: 'Webhook call received' });
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
			}
			return { started: result.workflowData };
		} catch (error) {
			res.writeHead(500).end(JSON.stringify({ message: 'Workflow could not be started!' }));
			return { error: error as Error };
		}
	}
}
