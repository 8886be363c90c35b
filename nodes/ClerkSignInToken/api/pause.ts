import { sleep } from 'n8n-workflow';

// n8n-workflow 2.x's sleep takes an AbortSignal, 1.x's does not; waiting in short steps stops
// promptly on both lines when the execution is cancelled. Node code may not use timers directly.
const STEP_MS = 100;

/** Waits `ms`, or less when `signal` aborts first. Never throws. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = performance.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = until - performance.now()) {
		await sleep(Math.min(left, STEP_MS));
	}
}
