import {
	documentedLimit,
	RateLimitModel,
} from '../../../nodes/ClerkSignInToken/api/rateLimitModel';

// rateLimitModel.ts: back within this long after a decrease, then a hold before probing, the
// same after every 429 below the key's own limit.
const RECOVER_MS = 2000;
const HOLD_MS = 3000;
// At the key's own limit: the hold before the first 429, doubled by each one.
const OWN_HOLD_MS = 10_000;
// The hold after a round that found more than its curve's first step (2 on a key of 100).
const FOUND_HOLD_MS = 1000;

describe('documentedLimit', () => {
	test.each([
		['sk_live_abc', 1000],
		['sk_test_abc', 100],
		['abc', undefined],
		['SK_LIVE_abc', undefined],
	])('%s: %s per 10 s', (key, limit) => {
		expect(documentedLimit(key)).toBe(limit);
	});
});

/**
 * Documented at 100, refused at 1 s with 50 of ours in the window: down to 40, back to 47 by 3 s.
 * Its window is 1 s, so the wait after a 429 (300 of the key's slot intervals: 3 s) is shorter
 * than the holds the tests that use it are about; `developmentKey` has Clerk's 10 s.
 */
function yieldedTo47(windowMs = 1000): RateLimitModel {
	const model = new RateLimitModel(100, 0, windowMs);
	model.refused(0, 50, 0, 1000);
	return model;
}
// Its wait after a 429: 300 slot intervals of 1 s / 100.
const YIELDED_SPACING_MS = 3000;
const developmentKey = () => yieldedTo47(10_000);
// The wait after a 429 on a development key: 300 slot intervals of 10 s / 100.
const DEVELOPMENT_SPACING_MS = 30_000;
// When the yielded model first probes above its level.
const HOLD_ENDS = 1000 + HOLD_MS;

describe('RateLimitModel', () => {
	test('starts from the documented limit; with none, every slot is free', () => {
		expect(new RateLimitModel(100, 0).allowance(0)).toBe(100);
		expect(new RateLimitModel(1000, 0).limit).toBe(1000);
		expect(new RateLimitModel(undefined, 0).allowance(0)).toBe(Number.POSITIVE_INFINITY);
		expect(new RateLimitModel(undefined, 0).limit).toBeUndefined();
	});

	test('a 429 with half the documented limit ours yields: down to 80 % of it, back to 95 % within 2 s', () => {
		const model = yieldedTo47();

		expect(model.allowance(1000)).toBe(40);
		expect(model.allowance(1000 + RECOVER_MS / 2)).toBe(43);
		expect(model.allowance(1000 + RECOVER_MS)).toBe(47);
		expect(model.limit).toBe(47);
		// The recovery opens each slot at its time on the line.
		expect(model.roomAt(44, 1000)).toBe(1000 + (RECOVER_MS * (45 - 40)) / (47 - 40));
	});

	test('a 429 with (nearly) the documented limit ours is the key alone at its limit: no yielding', () => {
		const model = new RateLimitModel(100, 0);
		model.refused(0, 98, 0, 1000);

		expect(model.allowance(1000)).toBe(98);
		expect(model.limit).toBe(98);
	});

	test('at the key’s own limit, probing above it waits 20 s, then twice as long after each refusal', () => {
		const model = new RateLimitModel(100, 0, 1000);
		model.refused(0, 98, 0, 1000);
		let now = 1000;
		const due: number[] = [];
		for (let i = 0; i < 3; i++) {
			now = model.roomAt(98, now);
			due.push(now);
			model.probed(now);
			now += 40;
			model.refused(now - 40, 98, 0, now, true);
		}

		expect(due[0]).toBe(1000 + RECOVER_MS + 2 * OWN_HOLD_MS);
		const gaps = due.slice(1).map((t, i) => t - due[i]);
		expect(gaps).toEqual([40 + 4 * OWN_HOLD_MS, 40 + 8 * OWN_HOLD_MS]);
	});

	test('without a documented limit, the first 429 shows the limit and later ones yield', () => {
		const model = new RateLimitModel(undefined, 0);
		model.refused(0, 0, 0, 10);
		expect(model.limit).toBeUndefined();

		model.refused(20, 40, 0, 30);
		expect(model.limit).toBe(40);
		model.refused(100, 20, 0, 200);
		expect(model.limit).toBe(19);
	});

	test('429s for requests sent before the last decrease are the same overflow', () => {
		const model = yieldedTo47();
		model.refused(999, 30, 0, 1010);

		expect(model.limit).toBe(47);
	});

	test('requests in flight at a 429 count as maybe accepted; each refused later takes one back', () => {
		const model = new RateLimitModel(100, 0);
		model.refused(0, 90, 8, 1000);
		expect(model.limit).toBe(98);

		model.refused(500, 0, 0, 1001);
		model.refused(500, 0, 0, 1002);
		expect(model.limit).toBe(96);
	});

	test('with nothing of ours in the window and the limit known, the allowance starts from one', () => {
		const model = new RateLimitModel(100, 0);
		model.refused(0, 0, 0, 1000);

		expect(model.allowance(1000 + RECOVER_MS)).toBe(1);
	});

	test('above the level, probes are due after the hold, one at a time, at shrinking gaps', () => {
		const model = yieldedTo47();

		expect(model.roomAt(47, HOLD_ENDS - 1000)).toBe(HOLD_ENDS);
		const due: number[] = [];
		let now = HOLD_ENDS;
		for (let i = 0; i < 6; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			model.probeAccepted(now);
			due.push(now);
		}
		expect(due[0]).toBe(HOLD_ENDS);
		const gaps = due.slice(1).map((t, i) => t - due[i]);
		for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1]);
		// Each probe raised the allowance by one.
		expect(model.allowance(now)).toBe(47 + 6);
	});

	test('a refused probe keeps the level and the pace below it; only the next probe waits', () => {
		const model = yieldedTo47();
		model.probed(HOLD_ENDS);
		model.refused(HOLD_ENDS, 48, 0, HOLD_ENDS + 40, true);

		expect(model.limit).toBe(47);
		expect(model.allowance(HOLD_ENDS + 40)).toBe(47);
		expect(model.roomAt(47, HOLD_ENDS + 40)).toBe(HOLD_ENDS + 40 + HOLD_MS);
	});

	test('refused probes below the key’s own limit come back within 3 s, however many were refused', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		const due: number[] = [];
		for (let i = 0; i < 4; i++) {
			now = model.roomAt(47, now);
			due.push(now);
			model.probed(now);
			now += 40;
			model.refused(now - 40, 48, 0, now, true);
		}

		const gaps = due.slice(1).map((t, i) => t - due[i]);
		expect(gaps).toEqual([40 + HOLD_MS, 40 + HOLD_MS, 40 + HOLD_MS]);
	});

	test('probes refused after more than the first step was sent: the round found room, so a 1 s hold and no wait after its 429s; each takes back only itself', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		model.probed(now);
		model.probeAccepted(now);
		const sent: number[] = [];
		for (let i = 0; i < 4; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			sent.push(now);
		}
		expect(model.limit).toBe(47 + 5);
		model.refused(sent[2], 51, 1, now + 40, true);
		model.refused(sent[3], 51, 0, now + 50, true);

		expect(model.limit).toBe(47 + 3);
		// From the first refusal; the second, of the same round, does not start the wait again.
		expect(model.roomAt(50, now + 50)).toBe(now + 40 + FOUND_HOLD_MS);
	});

	test('a request within the allowance refused with a refused probe is the same overflow: it takes back its one, no lowering', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		model.probed(now);
		model.probeAccepted(now);
		now = model.roomAt(model.allowance(now), now);
		model.probed(now);
		// Sent within the allowance (which counts the accepted probe), before the probe's 429 came.
		const within = now + 1;
		expect(model.refused(now, 48, 1, now + 40, true)).toBe(false);
		expect(model.refused(within, 48, 0, now + 41)).toBe(false);

		expect(model.limit).toBe(47);
		expect(model.allowance(now + 41)).toBe(47);
		expect(model.roomAt(47, now + 41)).toBe(now + 41 + YIELDED_SPACING_MS);
	});

	test('a request within the allowance sent after the refused probe was answered shows a new overflow', () => {
		const model = yieldedTo47();
		const now = HOLD_ENDS;
		model.probed(now);
		model.refused(now, 47, 0, now + 40, true);

		expect(model.refused(now + 100, 47, 0, now + 140)).toBe(true);
		expect(model.allowance(now + 140)).toBe(Math.floor(47 * 0.8));
	});

	test('after a hold, no second probe goes until Clerk accepted the first', () => {
		const model = yieldedTo47();
		model.probed(HOLD_ENDS);

		expect(model.roomAt(48, HOLD_ENDS + 5000)).toBe(Number.POSITIVE_INFINITY);
		model.probeAccepted(HOLD_ENDS);
		expect(model.roomAt(48, HOLD_ENDS + 5000)).toBe(HOLD_ENDS + 5000);
	});

	test('a probe that got no answer is as if it had not been sent', () => {
		const model = yieldedTo47();
		model.probed(HOLD_ENDS);
		model.probeUnanswered(HOLD_ENDS);

		expect(model.limit).toBe(47);
		expect(model.roomAt(47, HOLD_ENDS + 1000)).toBe(HOLD_ENDS + 1000);
	});

	test('an answer to a probe of the round before does not open the next round', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		model.probed(now);
		model.probeAccepted(now);
		const earlier = model.roomAt(model.allowance(now) + 1, now);
		model.probed(earlier);
		// The newer probe is refused while the earlier one is still out; then the earlier is accepted.
		model.refused(earlier, 50, 1, earlier + 40, true);
		model.probeAccepted(now);
		now = model.roomAt(model.limit ?? 0, earlier + 40);
		model.probed(now);

		expect(model.roomAt((model.limit ?? 0) + 1, now + 10_000)).toBe(Number.POSITIVE_INFINITY);
	});

	test('a probe the last refusal counted, then left without an answer, takes its one back', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		model.probed(now);
		model.probeAccepted(now);
		const second = model.roomAt(model.allowance(now), now);
		model.probed(second);
		const third = model.roomAt(model.allowance(second), second);
		model.probed(third);
		// The third is refused with the second still out: both were counted into the level.
		model.refused(third, 50, 1, third + 40, true);
		expect(model.limit).toBe(47 + 2);
		model.probeUnanswered(second);
		now = third + 40;

		expect(model.limit).toBe(47 + 1);
		expect(model.roomAt(model.allowance(now), now)).toBe(now + HOLD_MS);
	});

	test('a round that found room starts the next one steeper: its first doubling is a quarter of what it found', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		for (let i = 0; i < 40; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			model.probeAccepted(now);
		}
		model.refused(now, 87, 0, now + 40, true);
		expect(model.limit).toBe(47 + 39);

		const first = model.roomAt(86, now + 40);
		expect(first).toBe(now + 40 + FOUND_HOLD_MS);
		model.probed(first);
		model.probeAccepted(first);
		// The curve's gap after k probes is 1 s × log2((k + 1 + step) / (k + step)): step 10, not 2.
		expect(model.roomAt(87, first) - first).toBeCloseTo(1000 * Math.log2(12 / 11));
	});

	test('a refused probe keeps the probes accepted before it', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		for (let i = 0; i < 3; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			if (i < 2) model.probeAccepted(now);
		}
		model.refused(now, 50, 0, now + 40, true);

		expect(model.limit).toBe(47 + 2);
	});

	/** A development key's round after the wait: `accepted` probes accepted, then one refused. */
	function developmentRound(accepted: number) {
		const model = developmentKey();
		let now = 1000 + DEVELOPMENT_SPACING_MS;
		for (let i = 0; i < accepted; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			model.probeAccepted(now);
		}
		const refusedProbe = model.roomAt(model.allowance(now), now);
		model.probed(refusedProbe);
		return { model, refusedProbe, answeredAt: refusedProbe + 40 };
	}

	test('a round that found more than its first step probes again 1 s after, not after the 30 s wait', () => {
		const { model, refusedProbe, answeredAt } = developmentRound(5);
		model.refused(refusedProbe, 53, 0, answeredAt, true);

		expect(model.limit).toBe(47 + 5);
		expect(model.roomAt(52, answeredAt)).toBe(answeredAt + FOUND_HOLD_MS);
	});

	test('a request of that round refused later does not start the 30 s wait again', () => {
		const { model, refusedProbe, answeredAt } = developmentRound(5);
		model.refused(refusedProbe, 52, 1, answeredAt, true);
		model.refused(refusedProbe - 1, 52, 0, answeredAt + 500);

		expect(model.limit).toBe(47 + 4);
		expect(model.roomAt(51, answeredAt + 500)).toBe(answeredAt + FOUND_HOLD_MS);
	});

	test('a round that found no more than its first step (the others’ uneven timing) waits 30 s as any 429', () => {
		const { model, refusedProbe, answeredAt } = developmentRound(2);
		model.refused(refusedProbe, 50, 0, answeredAt, true);

		expect(model.limit).toBe(47 + 2);
		expect(model.roomAt(49, answeredAt)).toBe(answeredAt + DEVELOPMENT_SPACING_MS);
	});

	test('after a round that found room, a round that finds nothing waits 30 s again', () => {
		const { model, refusedProbe, answeredAt } = developmentRound(5);
		model.refused(refusedProbe, 53, 0, answeredAt, true);
		const next = model.roomAt(52, answeredAt);
		model.probed(next);
		model.refused(next, 53, 0, next + 40, true);

		expect(model.roomAt(52, next + 40)).toBe(next + 40 + DEVELOPMENT_SPACING_MS);
	});

	test('a request within the allowance refused while the round’s probes are accepted ends the round, without lowering', () => {
		const model = yieldedTo47();
		let now = HOLD_ENDS;
		for (let i = 0; i < 5; i++) {
			now = model.roomAt(model.allowance(now), now);
			model.probed(now);
			model.probeAccepted(now);
		}
		// Sent into a slot of ours as it freed; the probes had taken the room.
		expect(model.refused(now + 1, 52, 0, now + 41)).toBe(false);

		expect(model.limit).toBe(47 + 4);
		expect(model.allowance(now + 41)).toBe(47 + 4);
		expect(model.roomAt(51, now + 41)).toBe(now + 41 + FOUND_HOLD_MS);
	});

	test('on a development key, no probe goes until the last 429 is 30 s old', () => {
		const model = developmentKey();

		expect(model.roomAt(47, HOLD_ENDS)).toBe(1000 + DEVELOPMENT_SPACING_MS);
		expect(model.allowance(HOLD_ENDS)).toBe(47);
	});

	test('on a production key the first probe after a 429 goes 3 s after it: the hold and the wait are as long', () => {
		const model = new RateLimitModel(1000, 0);
		model.refused(0, 500, 0, 1000);

		expect(model.roomAt(475, 1000)).toBe(HOLD_ENDS);
	});

	test('after a lowering no probe goes while we hold more than the level and the first step (20 of 1000)', () => {
		const model = new RateLimitModel(1000, 0);
		model.refused(0, 500, 0, 1000);

		expect(model.limit).toBe(475);
		// The 500 Clerk held of ours fill the key until they leave the window: a slot of ours
		// frees then, not room for a probe.
		expect(model.roomAt(500, HOLD_ENDS)).toBe(Number.POSITIVE_INFINITY);
		expect(model.roomAt(496, HOLD_ENDS)).toBe(Number.POSITIVE_INFINITY);
		expect(model.roomAt(495, HOLD_ENDS)).toBe(HOLD_ENDS);
	});

	test('every 429 starts the wait again: a refused probe, or a request refused in the same overflow', () => {
		const model = developmentKey();
		const probeAt = 1000 + DEVELOPMENT_SPACING_MS;
		model.probed(probeAt);
		model.refused(probeAt, 48, 0, probeAt + 40, true);
		expect(model.roomAt(47, probeAt + 40)).toBe(probeAt + 40 + DEVELOPMENT_SPACING_MS);

		const other = developmentKey();
		other.refused(999, 0, 0, 1500);
		expect(other.roomAt(47, HOLD_ENDS)).toBe(1500 + DEVELOPMENT_SPACING_MS);
	});

	test('every lowering below the key’s own limit holds 3 s, the same level refused again or not', () => {
		const model = yieldedTo47();
		model.refused(2000, 50, 0, 10_000);
		expect(model.roomAt(47, 10_000 + RECOVER_MS)).toBe(10_000 + HOLD_MS);

		model.refused(20_000, 30, 0, 30_000);
		expect(model.roomAt(28, 30_000 + RECOVER_MS)).toBe(30_000 + HOLD_MS);
	});
});
