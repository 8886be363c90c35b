import { sleep } from 'n8n-workflow';

// Waits in short steps so a cancelled execution stops waiting promptly; n8n-workflow's sleep
// cannot be interrupted and node code may not use timers directly.
const STEP_MS = 100;

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) {
		await sleep(Math.min(left, STEP_MS));
	}
}
