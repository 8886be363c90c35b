import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { MachineInfo } from './machine';
import { writeFormatted } from './prettierWrite';
import type { ScenarioResult } from './result';

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

export const RESULTS_FILE = path.join(__dirname, 'results.json');

export function readResults(): Record<string, StoredResult> {
	if (!existsSync(RESULTS_FILE)) return {};
	return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, StoredResult>;
}

export async function storeResult(
	id: string,
	stored: StoredResult,
): Promise<Record<string, StoredResult>> {
	const all = readResults();
	all[id] = stored;
	await writeFormatted(RESULTS_FILE, JSON.stringify(all));
	return all;
}

/** Rewrites the stored results as prettier wants them (a run writes them as it goes). */
export async function rewriteResults(): Promise<Record<string, StoredResult>> {
	const all = readResults();
	await writeFormatted(RESULTS_FILE, JSON.stringify(all));
	return all;
}
