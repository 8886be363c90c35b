import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import path from 'node:path';

import { format, resolveConfig } from 'prettier';

import type { ScenarioResult } from './report';

interface MachineInfo {
	cores: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
	date: string;
}

export function machineInfo(): MachineInfo {
	return {
		cores: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		date: new Date().toISOString(),
	};
}

/** 1-minute load average and free memory: other work on the machine skews every figure. */
export function loadNow(): string {
	return `load ${loadavg()[0].toFixed(2)}, free ${(freemem() / 2 ** 30).toFixed(1)} GiB`;
}

/** One scenario's last measurement, kept so that a run of some scenarios updates only theirs. */
export interface StoredResult {
	result: ScenarioResult;
	/** Load and free memory at its start. */
	load: string;
	machine: MachineInfo;
	/** How long the scenario took, in seconds. */
	durationS: number;
	/** BENCH_NOTE of the run that measured it, e.g. "baseline before the redesign". */
	note?: string;
}

const RESULTS_FILE = path.join(__dirname, 'results.json');

/** Writes a generated file the way `npm run lint` (prettier --check .) expects it. */
export async function writeFormatted(file: string, text: string): Promise<void> {
	const options = (await resolveConfig(file)) ?? {};
	writeFileSync(file, await format(text, { ...options, filepath: file }));
}

function readResults(): Record<string, StoredResult> {
	if (!existsSync(RESULTS_FILE)) return {};
	return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, StoredResult>;
}

/** Writes the stored results, with `changed` put in, as prettier wants them; returns them all. */
export async function storeResults(
	changed: Record<string, StoredResult> = {},
): Promise<Record<string, StoredResult>> {
	const all = { ...readResults(), ...changed };
	await writeFormatted(RESULTS_FILE, JSON.stringify(all));
	return all;
}
