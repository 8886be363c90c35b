import { stripVTControlCharacters } from 'node:util';

import type { N8nLine } from '../../n8nLab/lines';
import type { CliOptions, N8nInstance } from '../../n8nLab/n8nInstance';
import type { Workflow } from '../../n8nLab/workflows';
import { setUp, type BenchEmulator, type EmulatorSettings } from '../emulator';
import { seconds } from '../report';
import { alternate } from '../runs';
import { benchInstance } from './instance';
import { MEASURED_NODE } from './workflows';

export interface Measured {
	/** The measured node's own executionTime, as n8n recorded it (n8n's start-up left out). */
	ms: number;
	failed: number;
	requests: number;
	refused: number;
}

/** How to start the n8n process beyond the instance's own settings. */
type Launch = Pick<CliOptions, 'nodeArgs' | 'env'>;

/**
 * Runs one bench workflow with `n8n execute` against the emulator set up as given. Items are
 * counted at the emulator, not in the printed run: every create that succeeds is one 200 there,
 * and n8n may exit before a large run is printed in full (the node's timing comes first, so it is
 * read from the output as it stands).
 */
export async function executeMeasured(
	instance: N8nInstance,
	emulator: BenchEmulator,
	workflowId: string,
	settings: EmulatorSettings,
	creates: number,
	launch: Launch = {},
): Promise<Measured> {
	await setUp(emulator, settings);
	const result = await instance.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
		nodeArgs: launch.nodeArgs,
		env: { N8N_LOG_OUTPUT: 'console', ...launch.env },
		timeoutMs: 600_000,
		log: false,
	});
	const stdout = stripVTControlCharacters(result.stdout);
	if (result.code !== 0) {
		const said = `${stdout.slice(-300)} ${stripVTControlCharacters(result.stderr).slice(-300)}`;
		throw new Error(
			`n8n execute --id=${workflowId} failed (exit ${result.code}): ${said.replace(/\s+/g, ' ')}`,
		);
	}
	const time = new RegExp(`"${MEASURED_NODE}": \\[\\s*\\{[\\s\\S]*?"executionTime": (\\d+)`).exec(
		stdout,
	);
	if (!time) throw new Error(`n8n execute printed no run with the node "${MEASURED_NODE}"`);
	const counters = await emulator.counters();
	return {
		ms: Number(time[1]),
		failed: creates - (counters.byStatus[200] ?? 0),
		requests: counters.total,
		refused: counters.byStatus[429] ?? 0,
	};
}

export const describeMeasured = (m: Measured): string =>
	`${seconds(m.ms)}, ${m.failed} failed items, ${m.requests} requests, ${m.refused} answered 429`;

/** One workflow measured in a side-by-side comparison. */
interface Contestant {
	key: string;
	label: string;
	workflow: Workflow;
	/** Runs of this one; fewer than the others for the slow sequential baselines. */
	runs?: number;
	/** A fresh launch setting per run (e.g. where a probe writes its figures). */
	launch?: (run: number) => Launch;
}

/** Imports the contestants into the line's instance and runs them with `n8n execute`, alternating. */
export async function sideBySide(
	emulator: BenchEmulator,
	line: N8nLine,
	settings: EmulatorSettings,
	creates: number,
	contestants: Contestant[],
	rounds: number,
): Promise<Map<string, Measured[]>> {
	const instance = await benchInstance(emulator, line);
	await instance.importWorkflows(contestants.map((c) => c.workflow));
	return await alternate(contestants, rounds, async (c, round) => {
		const m = await executeMeasured(
			instance,
			emulator,
			c.workflow.id,
			settings,
			creates,
			c.launch?.(round),
		);
		console.log(`  [${line.label}] ${c.label}, run ${round + 1}: ${seconds(m.ms)}`);
		return m;
	});
}
