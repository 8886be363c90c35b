import { GiveUp, waitFor } from '../lib/free-port';
import type { StartedProcess } from '../lib/processes';

/** Waits until a service prints the line that says it is ready; fails at once if it exits. */
export async function waitForOutput(
	started: StartedProcess,
	readyText: string,
	timeoutMs: number,
): Promise<void> {
	await waitFor(
		`${started.name} to print "${readyText}"`,
		async () => {
			if (started.child.exitCode !== null) throw new GiveUp(`${started.name} exited`);
			return started.output().includes(readyText);
		},
		timeoutMs,
	).catch((error: Error) => {
		throw new Error(`${error.message}\n${started.output().slice(-3000)}`);
	});
}
