import { stripVTControlCharacters } from 'node:util';

import type { CliOptions, N8nInstance } from '../../n8nLab/n8nInstance';
import type { BenchEmulator, EmulatorSettings } from '../emulator';
import { seconds } from '../result';
import { MEASURED_NODE } from './workflows';

export interface Measured {
	/** The measured node's own executionTime, as n8n recorded it (n8n's start-up left out). */
	ms: number;
	failed: number;
	requests: number;
	refused: number;
}

/** How to start the n8n process beyond the instance's own settings. */
export type Launch = Pick<CliOptions, 'nodeArgs' | 'env'>;

/** The measured node's own execution time, as n8n recorded it in the run (n8n's start-up excluded). */
function executionTime(stdout: string): number {
	const match = new RegExp(`"${MEASURED_NODE}": \\[\\s*\\{[\\s\\S]*?"executionTime": (\\d+)`).exec(
		stripVTControlCharacters(stdout),
	);
	if (!match) throw new Error(`n8n execute printed no run with the node "${MEASURED_NODE}"`);
	return Number(match[1]);
}

/**
 * Runs one bench workflow with `n8n execute` against the emulator set up as given. Items are
 * counted at the emulator, not in the printed run: every create that succeeds is one 200 there,
 * and n8n may exit before a large run is printed in full (the node's timing comes first).
 */
export async function executeMeasured(
	instance: N8nInstance,
	emulator: BenchEmulator,
	workflowId: string,
	settings: EmulatorSettings,
	creates: number,
	launch: Launch = {},
): Promise<Measured> {
	await emulator.configure(settings);
	const result = await instance.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
		nodeArgs: launch.nodeArgs,
		env: { N8N_LOG_OUTPUT: 'console', ...launch.env },
		timeoutMs: 600_000,
		log: false,
	});
	if (result.code !== 0) {
		const said =
			`${stripVTControlCharacters(result.stdout).slice(-300)} ${stripVTControlCharacters(result.stderr).slice(-300)}`.replace(
				/\s+/g,
				' ',
			);
		throw new Error(`n8n execute --id=${workflowId} failed (exit ${result.code}): ${said}`);
	}
	const counters = await emulator.counters();
	return {
		ms: executionTime(result.stdout),
		failed: creates - (counters.byStatus[200] ?? 0),
		requests: counters.total,
		refused: counters.byStatus[429] ?? 0,
	};
}

export const describeMeasured = (m: Measured): string =>
	`${seconds(m.ms)}, ${m.failed} failed items, ${m.requests} requests, ${m.refused} answered 429`;
