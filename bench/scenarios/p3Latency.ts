import { DEFAULT_CONCURRENCY } from '../../nodes/ClerkSignInToken/actions/runOptions';
import { idItems, setUp, type BenchEmulator } from '../emulator';
import { runNode } from '../engine';
import { seconds, times, type ScenarioResult } from '../report';

const CREATES = 1000;
const LATENCY_MS = 40;
const GOAL = 8;

export async function p3Latency(emulator: BenchEmulator): Promise<ScenarioResult> {
	const run = async (concurrency?: number) => {
		await setUp(emulator, { rateLimit: null, latencyMs: LATENCY_MS });
		return await runNode(emulator, { items: idItems(CREATES), userBy: 'id', concurrency });
	};
	const byDefault = await run();
	const oneByOne = await run(1);
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
