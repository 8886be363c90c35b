import type { N8nLine } from '../../n8nLab/lines';
import { waitForWebhooks, type N8nInstance, type RunningServer } from '../../n8nLab/n8nInstance';
import { notInstalled } from '../../n8nLab/lines';
import { ProcessGroup } from '../../n8nLab/processes';
import type { Workflow } from '../../n8nLab/workflows';
import type { BenchEmulator } from '../emulator';
import type { ScenarioResult } from '../result';
import { sharedInstance } from './instance';

/** A running `n8n start` with the bench's webhook workflows active. */
export interface BenchServer extends RunningServer {
	stop: () => Promise<void>;
}

/**
 * Imports and activates the workflows, starts `n8n start` and waits until every webhook answers
 * (the probes reach no Clerk API; the caller resets the emulator after).
 */
export async function startBenchServer(
	instance: N8nInstance,
	workflows: Workflow[],
): Promise<BenchServer> {
	await instance.importActive(workflows);
	const group = new ProcessGroup();
	// Ctrl-C or a kill of the bench must not leave an n8n server behind.
	group.stopOnSignals();
	try {
		const server = await instance.startServer(group);
		await waitForWebhooks(server, workflows);
		return { ...server, stop: async () => await group.stopAll() };
	} catch (error) {
		await group.stopAll();
		throw error;
	}
}

/**
 * A server scenario's start: the line's shared instance serving these webhook workflows, or
 * undefined (with the result marked not measured) when that n8n is not installed.
 */
export async function serverForScenario(
	result: ScenarioResult,
	emulator: BenchEmulator,
	line: N8nLine,
	workflows: Workflow[],
): Promise<BenchServer | undefined> {
	const missing = notInstalled(line);
	if (missing) {
		result.ratio = 'not measured';
		result.notes.push(`Not run: ${missing}.`);
		return undefined;
	}
	return await startBenchServer(await sharedInstance(emulator, line), workflows);
}
