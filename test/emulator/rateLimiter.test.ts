import { SlidingWindowLimiter } from '../../emulator/rateLimiter';

/** Whether each request, made at these times with one key, is admitted. */
function admitted(limit: number, windowMs: number, times: number[]): boolean[] {
	const limiter = new SlidingWindowLimiter({ limit, windowMs });
	return times.map((t) => limiter.check('k', t).allowed);
}

describe('SlidingWindowLimiter window maths', () => {
	it('allows N requests per window and answers the N+1th with seconds until the oldest leaves', () => {
		const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 10_000 });
		expect(limiter.check('k', 0)).toEqual({ allowed: true });
		expect(limiter.check('k', 2_000)).toEqual({ allowed: true });
		expect(limiter.check('k', 2_500)).toEqual({ allowed: true });
		// Oldest (t=0) leaves at t=10000: 7000 ms away -> 7 s.
		expect(limiter.check('k', 3_000)).toEqual({ allowed: false, retryAfterSeconds: 7 });
		// 1 ms short of a whole second rounds up, never down.
		expect(limiter.check('k', 8_999)).toEqual({ allowed: false, retryAfterSeconds: 2 });
		expect(limiter.check('k', 9_001)).toEqual({ allowed: false, retryAfterSeconds: 1 });
	});

	it('never advises less than 1 second', () => {
		const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 200 });
		limiter.check('k', 0);
		expect(limiter.check('k', 150)).toEqual({ allowed: false, retryAfterSeconds: 1 });
	});

	it('slides: a request exactly windowMs old has left, one slot frees per expiring request', () => {
		// At 1000 the request of 0 has left; at 1001 those of 600 and 1000 are inside; at 1600 600 left.
		const times = [0, 600, 999, 1_000, 1_001, 1_600];
		expect(admitted(2, 1_000, times)).toEqual([true, true, false, true, false, true]);
	});

	it('is not a fixed window: a burst at a window edge is still limited', () => {
		expect(admitted(2, 1_000, [900, 950, 1_050])).toEqual([true, true, false]);
	});

	it('rejected requests take no slot, so waiting Retry-After always succeeds', () => {
		const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 10_000 });
		limiter.check('k', 0);
		for (let t = 100; t < 10_000; t += 100) expect(limiter.check('k', t).allowed).toBe(false);
		const rejected = limiter.check('k', 4_000);
		if (rejected.allowed) throw new Error('expected a rejection');
		expect(limiter.check('k', 4_000 + rejected.retryAfterSeconds * 1000).allowed).toBe(true);
	});

	it('keeps each key separate', () => {
		const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 });
		expect(limiter.check('a', 0).allowed).toBe(true);
		expect(limiter.check('b', 0).allowed).toBe(true);
		expect(limiter.check('a', 1).allowed).toBe(false);
	});

	it('holds exactly N per window over a long steady stream', () => {
		// One attempt every 10 ms for 60 s: a sliding window admits 100 per 10 s -> 600.
		const times = Array.from({ length: 6_000 }, (_, i) => i * 10);
		expect(admitted(100, 10_000, times).filter(Boolean)).toHaveLength(600);
	});

	it('refuses nonsense limits', () => {
		expect(() => new SlidingWindowLimiter({ limit: 0, windowMs: 1000 })).toThrow();
		expect(() => new SlidingWindowLimiter({ limit: 1.5, windowMs: 1000 })).toThrow();
		expect(() => new SlidingWindowLimiter({ limit: 1, windowMs: 0 })).toThrow();
	});
});
