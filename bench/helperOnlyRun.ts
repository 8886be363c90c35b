import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
} from 'n8n-workflow';

import { additionalDataFor } from '../test/support/engineHarness';
import type { BenchEmulator } from './emulator';
import { HELPER_ONLY_NODE_TYPE, HelperOnlyNode } from '../n8nLab/helperOnlyNode';

class HelperOnlyTypes implements INodeTypes {
	private readonly node = new HelperOnlyNode();

	getByName(): INodeType {
		return this.node;
	}

	getByNameAndVersion(): INodeType {
		return this.node;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/** Runs the helper-only node over `userIds` in n8n's engine, the way the harness runs the Clerk node. */
export async function runHelperOnly(
	emulator: Pick<BenchEmulator, 'apiUrl' | 'secretKey'>,
	userIds: string[],
	concurrency: number,
): Promise<{ wallMs: number; failed: number; output: INodeExecutionData[] }> {
	const node: INode = {
		id: 'helper-only',
		name: 'Helper Only',
		type: HELPER_ONLY_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { userId: '={{ $json.userId }}', apiUrl: emulator.apiUrl, concurrency },
		credentials: { clerkApi: { id: '1', name: 'Clerk API' } },
	};
	const workflow = new Workflow({
		id: 'bench',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HelperOnlyTypes(),
	});
	const workflowData = {
		id: 'bench',
		name: 'bench',
		nodes: [node],
		connections: {},
		active: false,
		settings: {},
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('manual', 'bench-execution', workflowData);
	const items = userIds.map((userId) => ({ json: { userId } }));
	const runData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	const credentials = { secretKey: emulator.secretKey, baseUrl: emulator.apiUrl };
	const started = performance.now();
	const run: IRun = await new WorkflowExecute(
		additionalDataFor(credentials, hooks),
		'manual',
		runData,
	).processRunExecutionData(workflow);
	const wallMs = performance.now() - started;
	const output = run.data.resultData.runData['Helper Only']?.[0]?.data?.main?.[0] ?? [];
	const failed = userIds.length - output.filter((item) => item.json.error === undefined).length;
	return { wallMs, failed, output };
}
