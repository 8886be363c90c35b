import type { N8nLine } from '../../n8nLab/lines';
import type { Workflow } from '../../n8nLab/workflows';
import type { BenchEmulator, EmulatorSettings } from '../emulator';
import { executeMeasured, type Launch, type Measured } from './execute';
import { sharedInstance } from './instance';

/** One workflow measured in a side-by-side comparison. */
export interface Contestant {
	key: string;
	label: string;
	workflow: Workflow;
	/** Runs of this one; fewer than the others for the slow sequential baselines. */
	runs?: number;
	/** A fresh launch setting per run (e.g. where a probe writes its figures). */
	launch?: (run: number) => Launch;
}

/**
 * Imports the contestants into the line's instance and runs them in rounds, alternating, so that
 * a change in the machine's load hits all of them alike. Returns each one's runs.
 */
export async function sideBySide(
	emulator: BenchEmulator,
	line: N8nLine,
	settings: EmulatorSettings,
	creates: number,
	contestants: Contestant[],
	rounds: number,
	log: (text: string) => void = console.log,
): Promise<Map<string, Measured[]>> {
	const instance = await sharedInstance(emulator, line);
	await instance.importWorkflows(contestants.map((c) => c.workflow));
	const measured = new Map<string, Measured[]>(contestants.map((c) => [c.key, []]));
	for (let round = 0; round < rounds; round++) {
		for (const c of contestants) {
			if (round >= (c.runs ?? rounds)) continue;
			const m = await executeMeasured(
				instance,
				emulator,
				c.workflow.id,
				settings,
				creates,
				c.launch?.(round),
			);
			log(`  [${line.label}] ${c.label}, run ${round + 1}: ${(m.ms / 1000).toFixed(2)} s`);
			measured.get(c.key)?.push(m);
		}
	}
	return measured;
}
