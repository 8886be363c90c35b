import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { settingError } from '../errors';
import { create } from './create/create.operation';
import { revoke } from './revoke.operation';
import { runItems } from './runItems';

/** Runs the selected operation over the input items; each operation keeps its own types. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0);
	switch (operation) {
		case 'create':
			return [await runItems(this, create)];
		case 'revoke':
			return [await runItems(this, revoke)];
		default:
			throw settingError(this.getNode(), {
				message: `The operation "${String(operation)}" is not supported`,
				fix: "Choose Create or Revoke in the node's Operation field.",
			});
	}
}
