import { EMAIL_LOOKUP_BATCH } from '../../nodes/ClerkSignInToken/api/users';
import { emailItems, setUp, type BenchEmulator } from '../emulator';
import { runNode } from '../engine';
import { floorMs } from '../floor';
import { seconds, times, type ScenarioResult } from '../report';

const CREATES = 200;
const LIMIT = 100;
const WINDOW_MS = 10_000;
const GOAL = 1.1;

export async function p5ByEmail(emulator: BenchEmulator): Promise<ScenarioResult> {
	await setUp(emulator, { rateLimit: { limit: LIMIT, windowMs: WINDOW_MS }, latencyMs: 0 });
	const result = await runNode(emulator, { items: emailItems(CREATES), userBy: 'email' });
	const counters = await emulator.counters();
	const lookupsNeeded = Math.ceil(CREATES / EMAIL_LOOKUP_BATCH);
	const floor = floorMs(CREATES + lookupsNeeded, LIMIT, WINDOW_MS);
	const perItemFloor = floorMs(2 * CREATES, LIMIT, WINDOW_MS);
	const accepted = counters.total - (counters.byStatus[429] ?? 0);
	const ratio = result.wallMs / floor;
	return {
		id: 'P5',
		title: `By email: ${CREATES} creates by email at ${LIMIT} per 10 s, default settings (${CREATES} distinct addresses)`,
		figures: [
			{ label: 'wall time', value: seconds(result.wallMs) },
			{
				label: 'requests',
				value: `${counters.total} sent, ${accepted} accepted (${CREATES} creates + ${accepted - CREATES} lookups), ${counters.byStatus[429] ?? 0} answered 429`,
			},
			{ label: 'failed items', value: String(result.failed) },
			{
				label: 'floor with one lookup per item instead',
				value: `${seconds(perItemFloor)} (${2 * CREATES} requests)`,
			},
		],
		floor: `${seconds(floor)} = (⌈(${CREATES} + ${lookupsNeeded} lookups)/${LIMIT}⌉ − 1) × 10 s`,
		ratio: times(ratio),
		goal: `0 failed, wall ≤ ${GOAL}× floor`,
		met: result.failed === 0 && ratio <= GOAL,
		notes: [
			`Clerk's GET /users takes up to ${EMAIL_LOOKUP_BATCH} email_address values, so ${CREATES} distinct addresses need ${lookupsNeeded} lookups.`,
		],
	};
}
