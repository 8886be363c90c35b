// `npm run bench`: runs the benchmarks and rewrites BENCHMARKS.md. Selection and repeats:
//   BENCH_ONLY=r-p3,r-p2,r-mem,storm,shared,fair,n-pacers,p1,…  (or `npm run bench -- R-P3 STORM`) — default all
//   BENCH_RUNS=3      runs per figure (the storms and the memory runs default to 2)
//   BENCH_LINES=2,1   which real n8n lines (n8nLab/n8nVersions.sh: 2.x on Node 24, 1.x on Node 20)
//   BENCH_NOTE=…      a note stored with these results and shown in BENCHMARKS.md
// `npm run bench -- report` only rewrites BENCHMARKS.md from bench/results.json.
// Results are kept per scenario in bench/results.json, so a partial run updates only its own.
import { runMain } from './env';

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { startBenchEmulator, type BenchEmulator } from './emulator';
import { rMemory } from './realN8n/scenarios/rMemory';
import { rP2AtLimit } from './realN8n/scenarios/rP2Limit';
import { rP3Latency } from './realN8n/scenarios/rP3Latency';
import { fairShareScenario, sharedKeyScenario } from './realN8n/scenarios/sharedKey';
import { stormScenario, triggerStormScenario } from './realN8n/scenarios/storms';
import { benchmarksMarkdown, printScenario, unmeasured, type ScenarioResult } from './report';
import {
	loadNow,
	machineInfo,
	storeResults,
	writeFormatted,
	type StoredResult,
} from './resultsFile';
import { nPacers } from './scenarios/nPacers';
import { p1Overhead } from './scenarios/p1Overhead';
import { p2AtLimit } from './scenarios/p2Limit';
import { p3Latency } from './scenarios/p3Latency';
import { p4Memory } from './scenarios/p4Memory';
import { p5ByEmail } from './scenarios/p5Email';

// P5 looks users up by 200 distinct addresses, the storms deliver for up to 1,000 distinct users and
// the shared-key run's other client uses one more: the emulator adds that many users.
const EXTRA_USERS = 1100;

type Scenario = (emulator: BenchEmulator) => Promise<ScenarioResult>;

const realN8nScenarios: Record<string, Scenario> = {
	'R-P3': rP3Latency,
	'R-P2': rP2AtLimit,
	'R-MEM': rMemory,
	STORM: stormScenario,
	TRIGGER: triggerStormScenario,
	SHARED: sharedKeyScenario,
	FAIR: fairShareScenario,
};

const engineScenarios: Record<string, Scenario> = {
	P1: p1Overhead,
	P2: p2AtLimit,
	P3: p3Latency,
	P4: p4Memory,
	P5: p5ByEmail,
	'N-PACERS': nPacers,
};

const scenarios: Record<string, Scenario> = { ...realN8nScenarios, ...engineScenarios };

// Written by `bench/realN8n/profile.ts` (see docs/profile-real-n8n.md), shown beside the figures.
const PROFILE_TABLES = path.join(__dirname, 'realN8n', 'profileTables.md');

/** A scenario that throws is reported as not measured, so the others still count. */
async function runScenario(id: string, emulator: BenchEmulator): Promise<ScenarioResult> {
	try {
		return await scenarios[id](emulator);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		console.error(error);
		const notes = [`Not measured: ${reason.split('\n')[0]}`];
		return unmeasured({ id, title: 'failed to run', goal: '-', notes });
	}
}

function selection(): string[] {
	const fromEnv = (process.env.BENCH_ONLY ?? '').split(',');
	const wanted = [...fromEnv, ...process.argv.slice(2)]
		.map((id) => id.trim().toUpperCase())
		.filter((id) => id !== '');
	const unknown = wanted.filter((id) => !(id in scenarios));
	if (unknown.length > 0)
		throw new Error(
			`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`,
		);
	return wanted.length > 0 ? wanted : Object.keys(scenarios);
}

async function writeBenchmarks(all: Record<string, StoredResult>): Promise<void> {
	const pick = (ids: string[]) =>
		ids.map((id) => all[id]).filter((r): r is StoredResult => r !== undefined);
	const profile = existsSync(PROFILE_TABLES)
		? [
				'### Where the time goes: CPU profile of a 1,000-item run',
				'',
				'From `npx ts-node --transpile-only --prefer-ts-exts bench/realN8n/profile.ts` (`n8n execute` under `node --cpu-prof`); what it means for the node: docs/profile-real-n8n.md.',
				'',
				...readFileSync(PROFILE_TABLES, 'utf8').split('\n'),
				'',
			]
		: [];
	const file = path.join(__dirname, '..', 'BENCHMARKS.md');
	await writeFormatted(
		file,
		benchmarksMarkdown(
			pick(Object.keys(realN8nScenarios)),
			pick(Object.keys(engineScenarios)),
			profile,
		),
	);
	console.log(`wrote ${file}`);
}

async function main(): Promise<void> {
	if (process.argv.slice(2).join(' ').toLowerCase() === 'report') {
		await writeBenchmarks(await storeResults());
		return;
	}
	const selected = selection();
	const machine = machineInfo();
	console.log(
		`Clerk node benchmarks — ${machine.date}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}: ${selected.join(', ')}`,
	);
	const started = performance.now();
	const emulator = await startBenchEmulator(EXTRA_USERS);
	try {
		for (const id of selected) {
			const load = loadNow();
			const scenarioStarted = performance.now();
			const result = await runScenario(id, emulator);
			printScenario(result, load);
			const durationS = (performance.now() - scenarioStarted) / 1000;
			const note = process.env.BENCH_NOTE;
			const stored = { result, load, machine: machineInfo(), durationS, note };
			await writeBenchmarks(await storeResults({ [id]: stored }));
		}
	} finally {
		await emulator.stop();
	}
	console.log(`\nwhole run ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

runMain(main);
