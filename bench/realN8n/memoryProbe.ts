// Preloaded into the n8n process of a memory run (`node --expose-gc -r <this, transpiled>`): wraps
// n8n-core's WorkflowExecute.runNode so that, around the one node named BENCH_MEMORY_PROBE_NODE,
// it samples RSS and takes the live heap after a full GC, then writes the figures as JSON to
// BENCH_MEMORY_PROBE_OUT. n8n offers no hook for this; `Module._load` is Node's loader, reached
// through Reflect because it is not part of Node's typed API.
import * as Module from 'node:module';
import { writeFileSync } from 'node:fs';

const OUT = process.env.BENCH_MEMORY_PROBE_OUT ?? '';
const NODE_NAME = process.env.BENCH_MEMORY_PROBE_NODE ?? 'Measured';
const SAMPLE_MS = 20;
const MB = 2 ** 20;

/** A property of something n8n hands over, if it is an object or a class. */
const field = (value: unknown, key: string): unknown =>
	(typeof value === 'object' && value !== null) || typeof value === 'function'
		? Reflect.get(value, key)
		: undefined;

function collect(): number {
	const gc: unknown = Reflect.get(globalThis, 'gc');
	if (typeof gc === 'function') Reflect.apply(gc, undefined, []);
	return process.memoryUsage().heapUsed;
}

type RunNode = (thisArg: unknown, args: unknown[]) => unknown;

/** runNode(workflow, executionData, …) measured when executionData.node is the measured node. */
function wrap(runNode: RunNode) {
	return async function (this: unknown, ...args: unknown[]): Promise<unknown> {
		if (field(field(args[1], 'node'), 'name') !== NODE_NAME) return await runNode(this, args);
		const heapBefore = collect();
		const rssStart = process.memoryUsage().rss;
		let rssPeak = rssStart;
		const sampler = setInterval(() => {
			rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
		}, SAMPLE_MS);
		const result: unknown = await runNode(this, args);
		clearInterval(sampler);
		rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
		const heapAfter = collect();
		// The output's own size in the heap: a copy of it, measured the same way.
		const data = field(result, 'data');
		const json = JSON.stringify(data) ?? '';
		let copy: unknown = structuredClone(data);
		const heapWithCopy = collect();
		const copyItems = Array.isArray(copy) && Array.isArray(copy[0]) ? copy[0].length : 0;
		copy = undefined;
		writeFileSync(
			OUT,
			JSON.stringify({
				items: copyItems,
				rssStartMb: rssStart / MB,
				rssPeakMb: rssPeak / MB,
				liveHeapGrowthMb: (heapAfter - heapBefore) / MB,
				outputHeapMb: (heapWithCopy - heapAfter) / MB,
				outputJsonMb: Buffer.byteLength(json) / MB,
			}),
		);
		return result;
	};
}

let patched = false;
const load: unknown = Reflect.get(Module, '_load');
if (typeof load === 'function') {
	Reflect.set(Module, '_load', function (this: unknown, ...args: unknown[]): unknown {
		const exported: unknown = Reflect.apply(load, this, args);
		// Looking before reading: Node warns about reads of missing exports of a module still loading.
		if (patched || typeof exported !== 'object' || exported === null) return exported;
		if (!Object.hasOwn(exported, 'WorkflowExecute')) return exported;
		const prototype = field(field(exported, 'WorkflowExecute'), 'prototype');
		const runNode = field(prototype, 'runNode');
		if (typeof runNode === 'function' && typeof prototype === 'object' && prototype !== null) {
			Reflect.set(
				prototype,
				'runNode',
				wrap((thisArg, a) => Reflect.apply(runNode, thisArg, a)),
			);
			patched = true;
		}
		return exported;
	});
}
