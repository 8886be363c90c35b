import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { BenchEmulator } from '../emulator';
import type { ScenarioResult } from '../result';
import { seconds } from '../result';

const ITEMS = 20_000;
const BASELINE_ITEMS = 100;
const GOAL_MB = 150;

interface MemoryRun {
	items: number;
	failed: number;
	wallMs: number;
	rssBeforeMb: number;
	sampledPeakMb: number;
	vmHwmMb: number;
	outputJsonMb: number;
}

async function runChild(emulator: BenchEmulator, items: number): Promise<MemoryRun> {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- a benchmark, not shipped: it runs one P4 measurement.
	const child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'memory-child.ts'), emulator.apiUrl, emulator.secretKey, String(items)],
		{ stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' } },
	);
	let result: MemoryRun | undefined;
	createInterface({ input: child.stdout }).on('line', (line) => {
		if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as MemoryRun;
	});
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (!result) throw new Error(`the P4 child for ${items} items exited with ${code} and no result`);
	return result;
}

const mb = (value: number): string => `${value.toFixed(1)} MB`;

export async function p4Memory(emulator: BenchEmulator): Promise<ScenarioResult> {
	await emulator.configure({ rateLimit: null, latencyMs: 0 });
	const baseline = await runChild(emulator, BASELINE_ITEMS);
	await emulator.configure({ rateLimit: null, latencyMs: 0 });
	const full = await runChild(emulator, ITEMS);
	const growth = full.vmHwmMb - baseline.vmHwmMb;
	const describe = (run: MemoryRun) =>
		`peak RSS ${mb(run.vmHwmMb)} (VmHWM; sampled ${mb(run.sampledPeakMb)}), RSS at start ${mb(run.rssBeforeMb)}, ${seconds(run.wallMs)}, ${run.failed} failed, output ${mb(run.outputJsonMb)} as JSON`;
	return {
		id: 'P4',
		title: `Memory: ${ITEMS} items, default settings, each run in a fresh process`,
		figures: [
			{ label: `${BASELINE_ITEMS} items (baseline)`, value: describe(baseline) },
			{ label: `${ITEMS} items`, value: describe(full) },
			{ label: 'peak RSS growth', value: mb(growth) },
		],
		ratio: `${mb(growth)} growth for ${ITEMS / BASELINE_ITEMS}× the items`,
		goal: `peak RSS growth ≤ ${GOAL_MB} MB`,
		met: full.failed === 0 && baseline.failed === 0 && growth <= GOAL_MB,
		notes: ['The growth includes the input items (the Input node parses them from one JSON parameter) and the output items themselves, which n8n keeps for the next node.'],
	};
}
