// One P4 run in a process of its own, so its peak RSS is the node's alone: runs the Clerk node over
// N items against the bench emulator and prints one RESULT line with the memory figures.
import './env';

import { readFileSync } from 'node:fs';

import { runClerkNode } from '../test/engine/harness';
import { createParameters } from './run-node';
import { idItems } from './seed-items';

const SAMPLE_MS = 20;
const MB = 2 ** 20;

/** Peak resident set size of this process so far, from the kernel. */
function vmHwmBytes(): number {
	const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

async function main(): Promise<void> {
	const [apiUrl, secretKey, count] = process.argv.slice(2);
	const items = idItems(Number(count));
	const rssBefore = process.memoryUsage().rss;
	let sampledPeak = rssBefore;
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
	}, SAMPLE_MS);
	const started = performance.now();
	const run = await runClerkNode({
		credentials: { secretKey, baseUrl: apiUrl },
		parameters: createParameters({ userBy: 'id' }),
		items,
		continueOnFail: true,
	});
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	const hwm = vmHwmBytes();
	const failed = run.items.filter((item) => item.json.error !== undefined).length;
	const outputMb = JSON.stringify(run.items.map((item) => item.json)).length / MB;
	console.log(
		`RESULT ${JSON.stringify({ items: run.items.length, failed, wallMs, rssBeforeMb: rssBefore / MB, sampledPeakMb: sampledPeak / MB, vmHwmMb: hwm / MB, outputJsonMb: outputMb })}`,
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
