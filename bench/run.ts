// `npm run bench [-- P1 P3 ...]`: runs the scenarios of issue 4 and prints their figures; a run of
// all of them also writes BENCHMARKS.md.
import './env';

import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { BenchEmulator } from './emulator';
import { loadNow, machineInfo } from './machine';
import { benchmarksMarkdown, printScenario } from './report';
import type { ScenarioResult } from './result';
import { p1Overhead } from './scenarios/p1-overhead';
import { p2AtLimit } from './scenarios/p2-limit';
import { p3Latency } from './scenarios/p3-latency';
import { p4Memory } from './scenarios/p4-memory';
import { p5ByEmail } from './scenarios/p5-email';
import { realN8nComparison } from './real-n8n/compare';

// P5 looks users up by 200 distinct addresses; the emulator adds that many users for it.
const EXTRA_USERS = 200;

const scenarios: Record<string, (emulator: BenchEmulator) => Promise<ScenarioResult>> = {
	P1: p1Overhead,
	P2: p2AtLimit,
	P3: p3Latency,
	P4: p4Memory,
	P5: p5ByEmail,
	HTTP: realN8nComparison,
};

/** A scenario that throws is reported as not measured, so the others still count. */
async function runScenario(id: string, emulator: BenchEmulator): Promise<ScenarioResult> {
	try {
		return await scenarios[id](emulator);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return {
			id,
			title: 'failed to run',
			figures: [],
			ratio: 'not measured',
			goal: '-',
			met: undefined,
			notes: [`Not measured: ${reason.split('\n')[0]}`],
		};
	}
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2).map((id) => id.toUpperCase());
	const unknown = wanted.filter((id) => !(id in scenarios));
	if (unknown.length > 0)
		throw new Error(
			`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`,
		);
	const selected = wanted.length > 0 ? wanted : Object.keys(scenarios);
	const machine = machineInfo();
	console.log(
		`Clerk node benchmarks — ${machine.date}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
	);
	const started = performance.now();
	const emulator = await BenchEmulator.start(EXTRA_USERS);
	const results: Array<{ result: ScenarioResult; load: string }> = [];
	try {
		for (const id of selected) {
			const load = loadNow();
			const result = await runScenario(id, emulator);
			printScenario(result, load);
			results.push({ result, load });
		}
	} finally {
		await emulator.stop();
	}
	const totalMs = performance.now() - started;
	console.log(`\nwhole run ${(totalMs / 1000).toFixed(0)} s`);
	if (selected.length === Object.keys(scenarios).length) {
		const file = path.join(__dirname, '..', 'BENCHMARKS.md');
		writeFileSync(file, benchmarksMarkdown(machine, results, totalMs));
		console.log(`wrote ${file}`);
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
