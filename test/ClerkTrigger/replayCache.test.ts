import { ReplayCache } from '../../nodes/ClerkTrigger/replayCache';

describe('ReplayCache (the ids one trigger node accepted)', () => {
	it('knows an id once it is remembered, until its retention has passed', () => {
		const cache = new ReplayCache(10, 60_000);
		expect(cache.has('msg_1', 0)).toBe(false);
		cache.remember('msg_1', 0);
		expect(cache.has('msg_1', 59_999)).toBe(true);
		expect(cache.has('msg_2', 59_999)).toBe(false);
		expect(cache.has('msg_1', 60_000)).toBe(false);
	});

	it('drops expired ids as time passes, so idle memory shrinks', () => {
		const cache = new ReplayCache(100, 1_000);
		for (let i = 0; i < 50; i++) cache.remember(`msg_${i}`, i);
		expect(cache.size).toBe(50);
		cache.remember('msg_late', 5_000);
		expect(cache.size).toBe(1);
	});

	it('filled past maxEntries, forgets the oldest ids first and keeps the newest', () => {
		const cache = new ReplayCache(1_000, 600_000);
		for (let i = 0; i < 1_500; i++) cache.remember(`msg_${i}`, i);
		expect(cache.size).toBe(1_000);
		expect(cache.has('msg_0', 1_500)).toBe(false);
		expect(cache.has('msg_499', 1_500)).toBe(false);
		expect(cache.has('msg_500', 1_500)).toBe(true);
		expect(cache.has('msg_1499', 1_500)).toBe(true);
	});
});
