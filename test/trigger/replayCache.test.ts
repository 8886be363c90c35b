import { ReplayCache } from '../../nodes/ClerkTrigger/replayCache';

describe('ReplayCache', () => {
	it('reports the first sighting of an id and refuses the next while it is remembered', () => {
		const cache = new ReplayCache(10, 60_000);
		expect(cache.firstSighting('msg_1', 0)).toBe(true);
		expect(cache.firstSighting('msg_1', 59_999)).toBe(false);
		expect(cache.firstSighting('msg_2', 59_999)).toBe(true);
	});

	it('forgets an id once its retention has passed', () => {
		const cache = new ReplayCache(10, 60_000);
		cache.firstSighting('msg_1', 0);
		expect(cache.firstSighting('msg_1', 60_000)).toBe(true);
	});

	it('drops expired ids as time passes, so idle memory shrinks', () => {
		const cache = new ReplayCache(100, 1_000);
		for (let i = 0; i < 50; i++) cache.firstSighting(`msg_${i}`, i);
		expect(cache.size).toBe(50);
		cache.firstSighting('msg_late', 5_000);
		expect(cache.size).toBe(1);
	});

	it('never holds more than maxEntries ids, forgetting the oldest first', () => {
		const cache = new ReplayCache(3, 60_000);
		for (const id of ['a', 'b', 'c', 'd']) cache.firstSighting(id, 0);
		expect(cache.size).toBe(3);
		expect(cache.firstSighting('d', 1)).toBe(false);
		expect(cache.firstSighting('a', 1)).toBe(true);
	});

	it('stays bounded under a flood of distinct ids', () => {
		const cache = new ReplayCache(1_000, 600_000);
		for (let i = 0; i < 50_000; i++) cache.firstSighting(`msg_${i}`, i);
		expect(cache.size).toBe(1_000);
	});
});
