import path from 'node:path';

import { runCommand } from '../../n8nLab/processes';

import { setUp, unpaced, type BenchEmulator } from '../emulator';
import type { MemoryChildMode } from '../memoryChild';
import { mb, seconds, type ScenarioResult } from '../report';

const ITEMS = 20_000;
const BASELINE_ITEMS = 100;
const GOAL_MB = 150;

interface MemoryRun {
	failed: number;
	wallMs: number;
	rssBeforeMb: number;
	sampledPeakMb: number;
	vmHwmMb: number;
	liveHeapGrowthMb: number;
}

/** One run in a fresh process (bench/memoryChild.ts), so its peak RSS is the run's alone. */
async function runChild(
	emulator: BenchEmulator,
	items: number,
	mode: MemoryChildMode,
): Promise<MemoryRun> {
	await setUp(emulator, { rateLimit: null, latencyMs: 0 });
	const script = path.join(__dirname, '..', 'memoryChild.ts');
	// 20,000 requests within seconds: more than a production key's documented 1000 per 10 s.
	const { apiUrl, secretKey } = unpaced(emulator);
	const args = [apiUrl, secretKey, String(items), mode];
	const child = await runCommand(
		process.execPath,
		['--expose-gc', '-r', 'ts-node/register/transpile-only', script, ...args],
		{ env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' }, timeoutMs: 30 * 60_000 },
	);
	const result = /^RESULT (.*)$/m.exec(child.stdout);
	if (!result)
		throw new Error(
			`the P4 child (${mode}, ${items} items) exited with ${child.code} and no result: ${child.stderr.slice(-1000)}`,
		);
	return JSON.parse(result[1]) as MemoryRun;
}

const describe = (run: MemoryRun): string =>
	`peak RSS ${mb(run.vmHwmMb)} (VmHWM; sampled every 20 ms: ${mb(run.sampledPeakMb)}), live heap after GC +${mb(run.liveHeapGrowthMb)}, ${seconds(run.wallMs)}, ${run.failed} failed`;

export async function p4Memory(emulator: BenchEmulator): Promise<ScenarioResult> {
	const baseline = await runChild(emulator, BASELINE_ITEMS, 'clerk');
	const full = await runChild(emulator, ITEMS, 'clerk');
	const helperOnly = await runChild(emulator, ITEMS, 'helper-only');
	const growth = full.vmHwmMb - baseline.vmHwmMb;
	const helperGrowth = helperOnly.vmHwmMb - baseline.vmHwmMb;
	return {
		id: 'P4',
		title: `Memory: ${ITEMS} items, default settings, each run in a fresh process`,
		figures: [
			{ label: `Clerk node, ${BASELINE_ITEMS} items (baseline)`, value: describe(baseline) },
			{ label: `Clerk node, ${ITEMS} items`, value: describe(full) },
			{ label: 'Clerk node: peak RSS growth over the baseline', value: mb(growth) },
			{
				label: `n8n helper-only node, ${ITEMS} items (same requests, no pacing or mapping)`,
				value: `${describe(helperOnly)}; growth over the baseline ${mb(helperGrowth)}`,
			},
		],
		ratio: `${mb(growth)} peak RSS growth for ${ITEMS / BASELINE_ITEMS}× the items (n8n helper alone: ${mb(helperGrowth)})`,
		goal: `peak RSS growth ≤ ${GOAL_MB} MB`,
		met: full.failed === 0 && baseline.failed === 0 && growth <= GOAL_MB,
		notes: [
			'Peak RSS counts garbage V8 has not collected yet: it lets the old generation grow to a multiple of the live heap before a full collection. "Live heap after GC" is what the run really keeps (input items, output items, the node\'s per-item state); the helper-only node shows how much of the peak n8n\'s own request path (a new HTTP agent and connection per request) brings for the same 20 000 requests.',
		],
	};
}
