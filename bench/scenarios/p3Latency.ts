import { DEFAULT_CONCURRENCY } from '../../nodes/ClerkSignInToken/actions/runOptions';
import type { BenchEmulator } from '../emulator';
import type { ScenarioResult } from '../result';
import { seconds, times } from '../result';
import { runNode } from '../runNode';
import { idItems } from '../seedItems';

const CREATES = 1000;
const LATENCY_MS = 40;
const GOAL = 8;

export async function p3Latency(emulator: BenchEmulator): Promise<ScenarioResult> {
	await emulator.configure({ rateLimit: null, latencyMs: LATENCY_MS });
	const byDefault = await runNode(emulator, { items: idItems(CREATES), userBy: 'id' });
	await emulator.configure({ rateLimit: null, latencyMs: LATENCY_MS });
	const oneByOne = await runNode(emulator, {
		items: idItems(CREATES),
		userBy: 'id',
		concurrency: 1,
	});
	const speedup = oneByOne.wallMs / byDefault.wallMs;
	const failed = byDefault.failed + oneByOne.failed;
	return {
		id: 'P3',
		title: `Latency: ${CREATES} creates at ${LATENCY_MS} ms server latency, no limit`,
		figures: [
			{
				label: `default settings (concurrency ${DEFAULT_CONCURRENCY})`,
				value: `${seconds(byDefault.wallMs)}, ${byDefault.failed} failed`,
			},
			{ label: 'concurrency 1', value: `${seconds(oneByOne.wallMs)}, ${oneByOne.failed} failed` },
			{ label: 'floor at concurrency 1 (latency alone)', value: seconds(CREATES * LATENCY_MS) },
		],
		ratio: `${times(speedup)} faster by default`,
		goal: `default ≥ ${GOAL}× faster than concurrency 1`,
		met: failed === 0 && speedup >= GOAL,
		notes: [],
	};
}
