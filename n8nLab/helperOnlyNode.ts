import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const HELPER_ONLY_NODE_TYPE = 'bench.helperOnly';

/**
 * The least a node can do for the same requests: read the user ID expression per item and call
 * n8n's `httpRequestWithAuthentication`, with no validation, pacing, retries or error mapping.
 * Its time is n8n's share of the Clerk node's; what the Clerk node takes beyond it is ours.
 */
export class HelperOnlyNode implements INodeType {
	description = {
		displayName: 'Helper Only',
		name: HELPER_ONLY_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Bench baseline',
		defaults: { name: 'Helper Only' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'clerkApi', required: true }],
		properties: [
			{ displayName: 'User ID', name: 'userId', type: 'string', default: '' },
			{ displayName: 'API URL', name: 'apiUrl', type: 'string', default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 1 },
			{
				displayName: 'Reuse Credential',
				name: 'reuseCredential',
				type: 'boolean',
				default: false,
			},
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const apiUrl = this.getNodeParameter('apiUrl', 0) as string;
		const userIds = items.map((_, i) => this.getNodeParameter('userId', i) as string);
		// n8n's helper reads and decrypts the credential for every request unless it is handed one:
		// this measures what fetching it once per run saves.
		const credentialOptions = (this.getNodeParameter('reuseCredential', 0, false) as boolean)
			? {
					credentialsDecrypted: {
						id: '',
						name: '',
						type: 'clerkApi',
						data: await this.getCredentials('clerkApi'),
					},
				}
			: undefined;
		const results: IDataObject[] = new Array<IDataObject>(items.length);
		let next = 0;
		const worker = async (): Promise<void> => {
			while (next < items.length) {
				const i = next++;
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'clerkApi',
					{
						method: 'POST',
						url: `${apiUrl}/sign_in_tokens`,
						body: { user_id: userIds[i], expires_in_seconds: 3600 },
						json: true,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
					},
					credentialOptions,
				)) as { statusCode: number; body: IDataObject };
				results[i] = response.statusCode === 200 ? response.body : { error: response.statusCode };
			}
		};
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [results.map((json, item) => ({ json, pairedItem: { item } }))];
	}
}
