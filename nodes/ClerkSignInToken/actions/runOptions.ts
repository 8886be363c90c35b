import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ClientSettings } from '../api/clientSettings';
import { validateOption } from '../validation';

/** The node's Options, as the run uses them. */
export interface RunOptions {
	/** Items of this execution in flight at once. */
	readonly concurrency: number;
	readonly client: Partial<ClientSettings>;
}

// n8n spends 1-2 ms of CPU per request, and under that load a request at 40 ms of latency takes
// about 100 ms to come back: 100 in flight keep n8n busy (50 left a 1,000-item run at the HTTP
// Request node's time, which sends all items at once), and reach Clerk's production limit
// (100 per second) at up to 1 s of latency. The shared pacer keeps them under Clerk's limit.
export const DEFAULT_CONCURRENCY = 100;

/** A number option whose default and bounds readRunOptions checks against. */
type NumberField<Name extends string> = INodeProperties & {
	name: Name;
	type: 'number';
	default: number;
	typeOptions: { minValue: number; maxValue: number; numberPrecision?: number };
};

/** The compiler checks that each field is filed under its own name, so every lookup finds one. */
function byName<T extends { [Name in keyof T & string]: NumberField<Name> }>(
	fields: T,
): { [Name in keyof T & string]: NumberField<Name> } {
	return fields;
}

/** The Options fields, in the order the panel lists them. */
const fields = byName({
	concurrency: {
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		default: DEFAULT_CONCURRENCY,
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		description:
			'How many items of this execution are sent to Clerk at the same time. 1 sends them strictly one after another. Output order always matches input order.',
	},
	maxRequestsPerSecond: {
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 1000 },
		description:
			"Caps this execution's request rate, for example to leave more room for other systems that use the same secret key. 0 means no cap: every execution using the key in this n8n process shares one pacer that starts from Clerk's documented limit and yields to the key's other clients.",
	},
	reservedShare: {
		displayName: 'Reserved Share of Rate Limit (%)',
		name: 'reservedShare',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: 100 },
		description:
			"The secret key's rate limit is shared with every other system using the key, such as your app's backend. By default (0) this node yields: it takes only the room the others leave, and all of it when it is alone. A share here is used even when that makes Clerk refuse the others' requests; 100 takes the whole limit.",
	},
	rateLimitWait: {
		displayName: 'Rate Limit Wait (Seconds)',
		name: 'rateLimitWait',
		type: 'number',
		default: 300,
		typeOptions: { minValue: 0, maxValue: 3600 },
		description:
			"How long an item keeps retrying while Clerk answers 429 Too Many Requests before it fails. Waiting for the shared pacer's turn does not count.",
	},
	timeout: {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 1, maxValue: 600 },
		description:
			'How long one request to Clerk may take in all, from connecting to the last byte of the answer, before it is retried',
	},
});

export const runOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: Object.values(fields),
};

/** Reads and checks the node's Options once per execution; an invalid one fails the run before any request. */
export function readRunOptions(ctx: IExecuteFunctions): RunOptions {
	const node = ctx.getNode();
	const raw = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const read = (name: keyof typeof fields): number => {
		const field = fields[name];
		return validateOption(node, {
			label: field.displayName,
			value: raw[name] ?? field.default,
			min: field.typeOptions.minValue,
			max: field.typeOptions.maxValue,
			integer: field.typeOptions.numberPrecision === 0,
		});
	};
	return {
		concurrency: read('concurrency'),
		client: {
			maxRequestsPerSecond: read('maxRequestsPerSecond'),
			reservedShare: read('reservedShare') / 100,
			timeoutMs: read('timeout') * 1000,
			rateLimitBudgetMs: read('rateLimitWait') * 1000,
		},
	};
}
