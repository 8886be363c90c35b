import type { IExecuteFunctions, INode } from 'n8n-workflow';

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(hasExpression);
	return false;
}

/**
 * Reads node parameters for one item. In a real n8n every `getNodeParameter` call costs
 * parameter resolution, so a parameter without an expression anywhere in it (the same for every
 * item) is read once and reused.
 */
export class ItemParameters {
	private readonly constants = new Map<string, unknown>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		/** The node as the run read it once: its raw parameters tell which hold an expression. */
		private readonly node: INode,
	) {}

	get(name: string, itemIndex: number, fallback?: unknown): unknown {
		if (this.constants.has(name)) return this.constants.get(name);
		const value: unknown = this.ctx.getNodeParameter(name, itemIndex, fallback);
		if (!hasExpression(this.node.parameters[name])) this.constants.set(name, value);
		return value;
	}
}
