import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEFAULT_CONCURRENCY } from '../../../nodes/ClerkSignInToken/actions/runOptions';
import { transpileToFile } from '../../../n8nLab/helperPackage';
import { userIds, type BenchEmulator, type EmulatorSettings } from '../../emulator';
import { mb, times, unmeasured, type ScenarioResult } from '../../report';
import { benchRuns, median, spread, spreadOf, sumOf } from '../../runs';
import { sideBySide } from '../execute';
import { onEveryLine } from '../instance';
import { clerkStep, helperOnlyStep, itemsInto } from '../workflows';

const ITEMS = 20_000;
const SETTINGS: EmulatorSettings = { rateLimit: null, latencyMs: 0 };
const GOAL_RSS = 1.1;
const GOAL_HEAP = 1.5;

/** What bench/realN8n/memoryProbe.ts writes for the measured node. */
interface Probe {
	items: number;
	rssStartMb: number;
	rssPeakMb: number;
	liveHeapGrowthMb: number;
	outputHeapMb: number;
	outputJsonMb: number;
}

/** R-MEM: 20,000 items in real n8n, the Clerk node beside a node that only calls n8n's request helper. */
export async function rMemory(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result = unmeasured({
		id: 'R-MEM',
		title: `Real n8n, memory: ${ITEMS} creates, default settings, no limit, no latency`,
		goal: `Clerk node's peak RSS growth ≤ ${GOAL_RSS}× the helper-only node's; its live heap after GC ≤ ${GOAL_HEAP}× its output's size, on every line`,
		notes: [
			"A probe preloaded into the n8n process (`node --expose-gc -r memory-probe.js n8n execute`) wraps n8n-core's `WorkflowExecute.runNode` for the measured node only: RSS sampled every 20 ms while it runs (peak growth = peak − RSS at its start), and the live heap after a full GC before and after it (growth = what the node leaves: its output and anything it keeps). The output's size is a structured clone of that output measured the same way (heap after GC with the clone minus without). The helper-only node reads the same expression and calls `httpRequestWithAuthentication` with the same concurrency (" +
				String(DEFAULT_CONCURRENCY) +
				'), nothing else: what any node that must use the helper pays (n8n builds an HTTP agent and reads the credential per request).',
		],
	});
	const probeScript = path.join(mkdtempSync(path.join(tmpdir(), 'clerk-bench-probe-')), 'probe.js');
	transpileToFile(path.join(__dirname, '..', 'memoryProbe.ts'), probeScript);
	const probeDir = path.dirname(probeScript);
	const launch = (key: string) => (run: number) => ({
		nodeArgs: ['--expose-gc', '-r', probeScript],
		env: { BENCH_MEMORY_PROBE_OUT: path.join(probeDir, `${key}-${run}.json`) },
	});
	const read = (key: string, run: number): Probe =>
		JSON.parse(readFileSync(path.join(probeDir, `${key}-${run}.json`), 'utf8')) as Probe;
	return await onEveryLine(result, async (line) => {
		const ids = userIds(ITEMS);
		const key = (name: string) => `${name}-${line.installArg}`;
		const measured = await sideBySide(
			emulator,
			line,
			SETTINGS,
			ITEMS,
			[
				{
					key: 'helper',
					label: 'helper-only node',
					workflow: itemsInto('memHelper', ids, helperOnlyStep(emulator.apiUrl)),
					launch: launch(key('helper')),
				},
				{
					key: 'clerk',
					label: 'Clerk node',
					workflow: itemsInto('memClerk', ids, clerkStep()),
					launch: launch(key('clerk')),
				},
			],
			benchRuns(2),
		);
		const probes = (name: string) =>
			(measured.get(name) ?? []).map((_, run) => read(key(name), run));
		const helper = probes('helper');
		const clerk = probes('clerk');
		const growth = (p: Probe) => p.rssPeakMb - p.rssStartMb;
		const rssRatios = clerk.map((c, i) => growth(c) / growth(helper[i]));
		const heapRatios = clerk.map((c) => c.liveHeapGrowthMb / c.outputHeapMb);
		const failed = sumOf([...measured.values()].flat(), (m) => m.failed);
		const describe = (list: Probe[]) =>
			`peak RSS growth ${spreadOf(list, growth, mb)}; live heap growth after GC ${spreadOf(list, (p) => p.liveHeapGrowthMb, mb)}; output ${spreadOf(list, (p) => p.outputHeapMb, mb)} in the heap (${mb(list[0].outputJsonMb)} as JSON, ${list[0].items} items)`;
		result.figures.push(
			{ label: `${line.label}: helper-only node`, value: describe(helper) },
			{ label: `${line.label}: Clerk node`, value: describe(clerk) },
			{
				label: `${line.label}: Clerk / helper-only peak RSS growth, per round`,
				value: spread(rssRatios, times),
			},
			{
				label: `${line.label}: Clerk node's live heap growth / its output's size`,
				value: spread(heapRatios, times),
			},
			{ label: `${line.label}: failed items, all runs`, value: String(failed) },
		);
		return {
			ratio: `${line.label}: RSS growth ${times(median(rssRatios))} the helper-only node's, live heap ${times(median(heapRatios))} the output`,
			met: failed === 0 && median(rssRatios) <= GOAL_RSS && median(heapRatios) <= GOAL_HEAP,
		};
	});
}
