// The three ways the engine-harness scenarios send the same creates: the Clerk node and the
// helper-only node inside n8n-core's WorkflowExecute, and a plain axios loop.
import axios from 'axios';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowBase,
} from 'n8n-workflow';

import { pacers } from '../nodes/ClerkSignInToken/api/pacers';
import { additionalDataFor, runClerkNode } from '../test/support/engineHarness';
import { HELPER_ONLY_NODE_TYPE, HelperOnlyNode } from '../n8nLab/helperOnlyNode';

type Target = { apiUrl: string; secretKey: string };

interface EngineRun {
	wallMs: number;
	failed: number;
	/** Kept so that a memory run holds it until its figures are taken, as n8n keeps it for the next node. */
	output: INodeExecutionData[];
}

/** Runs the Clerk node in n8n's engine over `items`, with continue-on-error so every failure is counted. */
export async function runNode(
	emulator: Target,
	options: { items: IDataObject[]; userBy: 'id' | 'email'; concurrency?: number },
): Promise<EngineRun> {
	// Every run starts against an emulator set up anew (its limit may differ from the last run's),
	// which a real Clerk key's limit never does: what this process's shared pacer learned from the
	// run before would only hold this one back.
	pacers.clear();
	const started = performance.now();
	const { items } = await runClerkNode({
		credentials: { secretKey: emulator.secretKey, baseUrl: emulator.apiUrl },
		parameters: {
			operation: 'create',
			// An expression per item, as in a real import from a spreadsheet.
			user:
				options.userBy === 'id'
					? { __rl: true, mode: 'id', value: '={{ $json.userId }}' }
					: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
			expiresInSeconds: 3600,
			options: options.concurrency === undefined ? {} : { concurrency: options.concurrency },
		},
		items: options.items,
		continueOnFail: true,
	});
	const wallMs = performance.now() - started;
	return { wallMs, failed: items.filter((i) => i.json.error !== undefined).length, output: items };
}

class HelperOnlyTypes implements INodeTypes {
	private readonly node = new HelperOnlyNode();
	getByName = (): INodeType => this.node;
	getByNameAndVersion = (): INodeType => this.node;
	getKnownTypes = (): IDataObject => ({});
}

/** Runs the helper-only node over `userIds` in n8n's engine, the way the harness runs the Clerk node. */
export async function runHelperOnly(
	emulator: Target,
	userIds: string[],
	concurrency: number,
): Promise<EngineRun> {
	const node: INode = {
		id: 'helper-only',
		name: 'Helper Only',
		type: HELPER_ONLY_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { userId: '={{ $json.userId }}', apiUrl: emulator.apiUrl, concurrency },
		credentials: { clerkApi: { id: '1', name: 'Clerk API' } },
	};
	const base = { id: 'bench', nodes: [node], connections: {}, active: false };
	const workflow = new Workflow({ ...base, nodeTypes: new HelperOnlyTypes() });
	const workflowData = { ...base, name: 'bench', settings: {} } as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('manual', 'bench-execution', workflowData);
	const items = userIds.map((userId) => ({ json: { userId } }));
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	const credentials = { secretKey: emulator.secretKey, baseUrl: emulator.apiUrl };
	const started = performance.now();
	const run = await new WorkflowExecute(
		additionalDataFor(credentials, hooks),
		'manual',
		runData,
	).processRunExecutionData(workflow);
	const wallMs = performance.now() - started;
	const output = run.data.resultData.runData['Helper Only']?.[0]?.data?.main?.[0] ?? [];
	const failed = userIds.length - output.filter((item) => item.json.error === undefined).length;
	return { wallMs, failed, output };
}

/** P1's baseline: the same creates sent one after another with plain axios, nothing else. */
export async function rawAxiosLoop(
	emulator: Target,
	userIds: string[],
): Promise<{ wallMs: number; failed: number }> {
	const client = axios.create({
		baseURL: emulator.apiUrl,
		headers: { Authorization: `Bearer ${emulator.secretKey}`, Accept: 'application/json' },
		validateStatus: () => true,
	});
	let failed = 0;
	const started = performance.now();
	for (const userId of userIds) {
		const response = await client.post('/sign_in_tokens', {
			user_id: userId,
			expires_in_seconds: 3600,
		});
		if (response.status !== 200) failed++;
	}
	return { wallMs: performance.now() - started, failed };
}
