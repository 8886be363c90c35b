import { RateLimitModel } from '../../../nodes/ClerkSignInToken/api/rateLimitModel';

const WINDOW_MS = 10_000;
// Fast recovery doubles the limit this often while requests wait for it.
const STEP_MS = WINDOW_MS / 10;

/** A model that learned `limit` from a 429 at time 0 with `limit` of ours in the window. */
function learned(limit: number): RateLimitModel {
	const model = new RateLimitModel(WINDOW_MS);
	model.refused(0, limit, 0);
	expect(model.limit).toBe(limit);
	return model;
}

/** A request waits for a full window at `now`: the demand that lets the limit climb. */
function holdBack(model: RateLimitModel, now: number): void {
	expect(model.slotFor(model.limit ?? 0, now)).toBe('full');
}

/**
 * The limit at each of `times` while demand keeps the window full: a request asks for a slot
 * (which may raise the limit), and finds the window full again at the limit it then has.
 */
function limitsWhileHeldBack(model: RateLimitModel, times: number[]): number[] {
	return times.map((now) => {
		model.slotFor(model.limit ?? 0, now);
		model.slotFor(model.limit ?? 0, now);
		return model.limit ?? 0;
	});
}

describe('RateLimitModel', () => {
	test('knows no limit before the first 429, and every slot is free', () => {
		const model = new RateLimitModel(WINDOW_MS);

		expect(model.limit).toBeUndefined();
		expect(model.slotFor(5000, 0)).toBe('free');
	});

	test('learns the count of ours Clerk accepted in the window before refusing', () => {
		const model = new RateLimitModel(WINDOW_MS);
		model.refused(0, 37, 100);

		expect(model.limit).toBe(37);
		expect(model.slotFor(36, 100)).toBe('free');
		expect(model.slotFor(37, 100)).toBe('full');
	});

	test('a 429 with nothing of ours in the window learns nothing', () => {
		const model = new RateLimitModel(WINDOW_MS);
		model.refused(0, 0, 100);
		expect(model.limit).toBeUndefined();

		const known = learned(20);
		known.refused(5000, 0, 5000);
		expect(known.limit).toBe(20);
	});

	test('a later 429 lowers the limit to what was accepted, by at least one', () => {
		const model = learned(50);
		model.refused(1000, 30, 1000);
		expect(model.limit).toBe(30);

		// Clerk accepted as many as the limit and still refused: one fewer.
		model.refused(2000, 30, 2000);
		expect(model.limit).toBe(29);
	});

	test('never lowers below one', () => {
		const model = learned(1);
		model.refused(1000, 1, 1000);

		expect(model.limit).toBe(1);
	});

	test('429s for requests sent before the limit was lowered do not lower it again', () => {
		const model = learned(50);
		model.refused(500, 20, 1000);
		expect(model.limit).toBe(20);

		model.refused(900, 10, 1050);
		model.refused(1000, 5, 1100);
		expect(model.limit).toBe(20);

		model.refused(1001, 5, 1200);
		expect(model.limit).toBe(5);
	});

	test('answers accepted after a 429 raise the limit to what Clerk really let through', () => {
		const model = learned(4);
		model.accepted(3);
		expect(model.limit).toBe(4);

		model.accepted(6);
		expect(model.limit).toBe(6);
	});

	test('accepted answers before any 429 learn nothing', () => {
		const model = new RateLimitModel(WINDOW_MS);
		model.accepted(500);

		expect(model.limit).toBeUndefined();
	});

	test('an untrusted limit (fewer than 10 of ours in the window) doubles every tenth of a window while held back', () => {
		const model = learned(3);
		holdBack(model, 0);

		expect(limitsWhileHeldBack(model, [STEP_MS - 1, STEP_MS, 2 * STEP_MS, 3 * STEP_MS])).toEqual([
			3, 6, 12, 24,
		]);
	});

	test('a trusted limit (10 or more of ours in the window) climbs only once per window', () => {
		const model = learned(10);
		holdBack(model, 0);

		expect(limitsWhileHeldBack(model, [STEP_MS, 5 * STEP_MS, WINDOW_MS - 1])).toEqual([10, 10, 10]);
		expect(limitsWhileHeldBack(model, [WINDOW_MS, WINDOW_MS + STEP_MS])).toEqual([20, 20]);
		expect(limitsWhileHeldBack(model, [2 * WINDOW_MS])).toEqual([40]);
	});

	test('after an untrusted 429, recovers fast toward the last trusted limit, then probes slowly above it', () => {
		const model = learned(40);
		// Another system used most of the window: a 429 with 4 of ours in it.
		model.refused(1000, 4, 1000);
		expect(model.limit).toBe(4);
		holdBack(model, 1000);

		const steps = [2, 3, 4, 5, 10, 11].map((n) => 1000 + n * STEP_MS);
		expect(limitsWhileHeldBack(model, steps)).toEqual([8, 16, 32, 40, 40, 40]);
		// Above the trusted level: once per window after reaching it.
		expect(limitsWhileHeldBack(model, [1000 + 5 * STEP_MS + WINDOW_MS])).toEqual([80]);
	});

	test('an untrusted 429 does not replace the last trusted limit', () => {
		const model = learned(40);
		model.refused(1000, 8, 1000);
		model.refused(2000, 5, 2000);
		expect(model.limit).toBe(5);
		holdBack(model, 2000);

		const steps = [1, 2, 3, 4].map((n) => 2000 + n * STEP_MS);
		expect(limitsWhileHeldBack(model, steps)).toEqual([10, 20, 40, 40]);
	});

	test('does not climb without demand: a limit no request waited for stays put', () => {
		const model = learned(3);
		for (const now of [STEP_MS, WINDOW_MS, 10 * WINDOW_MS]) {
			expect(model.slotFor(2, now)).toBe('free');
		}
		expect(model.limit).toBe(3);

		const trusted = learned(20);
		for (const now of [WINDOW_MS, 5 * WINDOW_MS]) trusted.slotFor(19, now);
		expect(trusted.limit).toBe(20);
	});

	test('a request held back before a 429 does not count as demand for the lowered limit', () => {
		const model = learned(8);
		holdBack(model, 0);
		model.refused(500, 4, 500);

		expect(model.slotFor(3, 500 + 5 * STEP_MS)).toBe('free');
		expect(model.limit).toBe(4);
	});

	test('slots above the level before a climb are probes, spaced a window divided by the new limit', () => {
		const model = learned(10);
		holdBack(model, 0);
		model.slotFor(0, WINDOW_MS);
		expect(model.limit).toBe(20);

		expect(model.slotFor(9, WINDOW_MS)).toBe('free');
		expect(model.slotFor(10, WINDOW_MS)).toBe('probe');
		expect(model.slotFor(19, WINDOW_MS)).toBe('probe');
		expect(model.slotFor(20, WINDOW_MS)).toBe('full');
		expect(model.probeSpacingMs()).toBe(WINDOW_MS / 20);
	});

	test('a 429 ends probing: every slot below the lowered limit is free again', () => {
		const model = learned(10);
		holdBack(model, 0);
		model.slotFor(0, WINDOW_MS);
		model.refused(WINDOW_MS + 100, 12, WINDOW_MS + 200);

		expect(model.limit).toBe(12);
		expect(model.slotFor(11, WINDOW_MS + 300)).toBe('free');
	});
});
