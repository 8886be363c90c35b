// One P4 run in a process of its own, so its peak RSS is the run's alone: runs the Clerk node (or
// the helper-only baseline node) over N items against the bench emulator and prints one RESULT
// line with the memory figures. Needs --expose-gc for the live-heap figure.
import { runMain } from './env';

import { readFileSync } from 'node:fs';

import { idItems, userIds } from './emulator';
import { runHelperOnly, runNode } from './engine';

const SAMPLE_MS = 20;
const MB = 2 ** 20;

export type MemoryChildMode = 'clerk' | 'helper-only';

/** Peak resident set size of this process so far, from the kernel. */
function vmHwmBytes(): number {
	const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

function liveHeapBytes(): number {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return Number.NaN;
	gc();
	return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
	const [apiUrl, secretKey, count, mode] = process.argv.slice(2);
	const emulator = { apiUrl, secretKey };
	const items = Number(count);
	const liveBefore = liveHeapBytes();
	const rssBefore = process.memoryUsage().rss;
	let sampledPeak = rssBefore;
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	}, SAMPLE_MS);
	// The output stays referenced until the figures are taken, as n8n keeps it for the next node.
	const run =
		(mode as MemoryChildMode) === 'helper-only'
			? await runHelperOnly(emulator, userIds(items), 20)
			: await runNode(emulator, { items: idItems(items), userBy: 'id' });
	clearInterval(sampler);
	const hwm = vmHwmBytes();
	const liveAfter = liveHeapBytes();
	if (run.output.length !== items)
		throw new Error(`expected ${items} output items, got ${run.output.length}`);
	console.log(
		`RESULT ${JSON.stringify({ failed: run.failed, wallMs: run.wallMs, rssBeforeMb: rssBefore / MB, sampledPeakMb: sampledPeak / MB, vmHwmMb: hwm / MB, liveHeapGrowthMb: (liveAfter - liveBefore) / MB })}`,
	);
}

runMain(main);
