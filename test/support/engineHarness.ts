import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { ClerkApi } from '../../credentials/ClerkApi.credentials';
import { ClerkSignInToken } from '../../nodes/ClerkSignInToken/ClerkSignInToken.node';
import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import { TestCredentialsHelper } from './credentialsHelper';

export const CLERK_NODE_TYPE = 'n8n-nodes-clerk-sign-in-token.clerkSignInToken';
export const TRIGGER_TYPE = 'n8n-nodes-clerk-sign-in-token.clerkTrigger';
const INPUT_NODE_TYPE = 'test.input';
export const CLERK_NODE_NAME = 'Clerk Sign-In Token';

/** Emits the items given in its `items` parameter: the workflow's data source in these tests. */
class InputNode implements INodeType {
	description = {
		displayName: 'Input',
		name: INPUT_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** The package's nodes and the test input node, as n8n's node type registry hands them out. */
export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType> = {
		[CLERK_NODE_TYPE]: new ClerkSignInToken(),
		[INPUT_NODE_TYPE]: new InputNode(),
		[TRIGGER_TYPE]: new ClerkTrigger(),
	};

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		const nodeType = this.types[type];
		if (!nodeType) throw new Error(`unknown node type ${type}`);
		return nodeType;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export type ClerkCredentialData = ICredentialDataDecryptedObject & {
	secretKey: string;
	baseUrl: string;
	apiVersion?: string;
};

export interface RunOptions {
	credentials: ClerkCredentialData;
	parameters: INodeParameters;
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Called just before each request to Clerk leaves n8n. */
	onRequest?: () => void;
	/** Called once the run has started, with a function that cancels it (as the Stop button does). */
	onStarted?: (cancel: () => void) => void;
}

export interface RunResult {
	/** The Clerk node's output items (empty when it failed). */
	items: INodeExecutionData[];
	/** The Clerk node's error, when it failed. */
	error?: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

const credentialTypes = { clerkApi: new ClerkApi() };

export function clerkNode(parameters: INodeParameters, continueOnFail = false): INode {
	return {
		id: 'clerk-node',
		name: CLERK_NODE_NAME,
		type: CLERK_NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { clerkApi: { id: '1', name: 'Clerk API' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export function additionalDataFor(
	credentials: ClerkCredentialData,
	hooks?: ExecutionLifecycleHooks,
	onRequest?: () => void,
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new TestCredentialsHelper(
			credentialTypes,
			{ clerkApi: credentials },
			onRequest,
		),
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used here');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used here');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs Input → Clerk Sign-In Token in n8n's real engine and returns the Clerk node's outcome. */
export async function runClerkNode(options: RunOptions): Promise<RunResult> {
	const nodes: INode[] = [
		{
			id: 'input-node',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		clerkNode(options.parameters, options.continueOnFail),
	];
	const connections = {
		Input: { main: [[{ node: CLERK_NODE_NAME, type: 'main' as const, index: 0 }]] },
	};
	const workflow = new Workflow({
		id: 'engine-test',
		nodes,
		connections,
		active: false,
		nodeTypes: new TestNodeTypes(),
	});
	const workflowData = {
		id: 'engine-test',
		name: 'engine test',
		nodes,
		connections,
		active: false,
		settings: {},
	} as unknown as IWorkflowBase;

	const hooks = new ExecutionLifecycleHooks('manual', 'engine-test-execution', workflowData);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(
		additionalDataFor(options.credentials, hooks, options.onRequest),
		'manual',
		runExecutionData,
	);
	const running = execution.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	const run = await running.catch(async () => await finished);

	const taskData = run.data.resultData.runData[CLERK_NODE_NAME]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: (taskData?.error ?? undefined) as RunResult['error'],
		run,
	};
}

/** Calls the node's "From list" search the way the editor does. */
export async function searchUsers(
	credentials: ClerkCredentialData,
	filter?: string,
	paginationToken?: string,
) {
	const node = clerkNode({ operation: 'create' });
	const workflow = new Workflow({
		id: 'engine-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes(),
	});
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(credentials),
		'parameters.user',
	);
	const nodeType = new ClerkSignInToken();
	return await nodeType.methods.listSearch.searchUsers.call(context, filter, paginationToken);
}
