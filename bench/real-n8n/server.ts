import { freePort, GiveUp, waitFor } from '../../scripts/e2e/lib/free-port';
import type { N8nInstance } from '../../scripts/e2e/lib/n8n-instance';
import type { N8nLine } from '../../scripts/e2e/lib/n8n-lines';
import { ProcessGroup } from '../../scripts/e2e/lib/processes';
import type { Workflow } from '../../scripts/e2e/lib/workflows';
import type { BenchEmulator } from '../emulator';
import type { ScenarioResult } from '../result';
import { realN8nMissing, sharedInstance } from './instance';

/** A running `n8n start` with the bench's webhook workflows active. */
export interface BenchServer {
	url: string;
	webhookUrl: (webhookPath: string) => string;
	stop: () => Promise<void>;
}

/**
 * Imports and activates the workflows, starts `n8n start` on a free port and waits until every
 * webhook answers. The probe delivery is `{}`: no user ID, so a Clerk node refuses it before any
 * request and a HTTP Request node's request is answered 4xx; the caller resets the emulator after.
 */
export async function startBenchServer(
	instance: N8nInstance,
	workflows: Workflow[],
	webhookPaths: string[],
): Promise<BenchServer> {
	await instance.importWorkflows(workflows);
	for (const workflow of workflows) await instance.activateWorkflow(workflow.id);
	const group = new ProcessGroup();
	// Ctrl-C or a kill of the bench must not leave an n8n server behind.
	group.stopOnSignals();
	const port = await freePort();
	const server = await instance.startServer(group, port);
	const url = `http://127.0.0.1:${port}`;
	const webhookUrl = (webhookPath: string) => `${url}/webhook/${webhookPath}`;
	try {
		for (const webhookPath of webhookPaths) {
			await waitFor(
				`n8n to serve the webhook ${webhookPath}`,
				async () => {
					if (server.child.exitCode !== null) throw new GiveUp('n8n exited');
					const res = await fetch(webhookUrl(webhookPath), {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: '{}',
					});
					// The Clerk Trigger refuses the unsigned probe with 401: it is listening.
					return res.ok || res.status === 401;
				},
				240_000,
				1000,
			);
		}
	} catch (error) {
		await group.stopAll();
		throw new Error(`${(error as Error).message}\n${server.output().slice(-3000)}`);
	}
	return { url, webhookUrl, stop: async () => await group.stopAll() };
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
	webhookPaths: string[],
): Promise<BenchServer | undefined> {
	const missing = realN8nMissing(line);
	if (missing) {
		result.ratio = 'not measured';
		result.notes.push(`Not run: ${missing}.`);
		return undefined;
	}
	return await startBenchServer(await sharedInstance(emulator, line), workflows, webhookPaths);
}
