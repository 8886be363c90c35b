import { ExpiringMap } from '../../nodes/shared/expiringMap';

/** The keys among `keys` that `map` holds at `nowMs` (looking does not use them). */
const keysOf = <V>(map: ExpiringMap<string, V>, keys: string[], nowMs: number) =>
	keys.filter((key) => map.has(key, nowMs));

describe('ExpiringMap', () => {
	describe('values', () => {
		it('getOrCreate makes a value once per key and gives the same one on every use', () => {
			const map = new ExpiringMap<string, { count: number }>({ maxEntries: 10, idleMs: 1_000 });
			let made = 0;
			const counter = () => {
				made += 1;
				return { count: 0 };
			};

			map.getOrCreate('a', 0, counter).count += 1;
			map.getOrCreate('a', 1, counter).count += 1;
			map.getOrCreate('b', 2, counter).count += 5;

			expect(map.getOrCreate('a', 3, counter).count).toBe(2);
			expect(map.getOrCreate('b', 3, counter).count).toBe(5);
			expect(made).toBe(2);
		});

		it('getOrCreate keeps a held value that is falsy', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 10, idleMs: 1_000 });
			map.set('zero', 0, 0);

			expect(map.getOrCreate('zero', 1, () => 7)).toBe(0);
		});

		it('set replaces the value under a key', () => {
			const map = new ExpiringMap<string, string>({ maxEntries: 10, idleMs: 1_000 });
			map.set('a', 'first', 0);
			map.set('a', 'second', 1);

			expect(map.size).toBe(1);
			expect(map.getOrCreate('a', 2, () => 'made')).toBe('second');
		});

		it('clear forgets every entry', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 10, idleMs: 1_000 });
			map.set('a', 1, 0);
			map.set('b', 2, 0);

			map.clear();

			expect(map.size).toBe(0);
			expect(map.has('a', 0)).toBe(false);
		});
	});

	describe('the bound', () => {
		it('never holds more than maxEntries, and keeps the newest', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 100, idleMs: 1_000_000 });
			let largest = 0;
			for (let i = 0; i < 350; i++) {
				map.set(`k${i}`, i, i);
				largest = Math.max(largest, map.size);
			}

			expect(largest).toBe(100);
			expect(map.has('k249', 350)).toBe(false);
			expect(map.has('k250', 350)).toBe(true);
			expect(map.has('k349', 350)).toBe(true);
		});

		it('getOrCreate and set count as a use: the key used last is dropped last', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 3, idleMs: 1_000 });
			for (const key of ['a', 'b', 'c']) map.set(key, 1, 0);
			map.getOrCreate('a', 1, () => 0);
			map.set('b', 2, 2);

			map.set('d', 1, 3);

			expect(keysOf(map, ['a', 'b', 'c', 'd'], 4)).toEqual(['a', 'b', 'd']);
		});

		it('has does not count as a use', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 3, idleMs: 1_000 });
			for (const key of ['a', 'b', 'c']) map.set(key, 1, 0);
			expect(map.has('a', 1)).toBe(true);

			map.set('d', 1, 2);

			expect(keysOf(map, ['a', 'b', 'c', 'd'], 3)).toEqual(['b', 'c', 'd']);
		});

		it('using a key it holds drops nothing, even when full', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 2, idleMs: 1_000 });
			map.set('a', 1, 0);
			map.set('b', 1, 0);

			map.set('a', 2, 1);
			map.getOrCreate('b', 2, () => 0);

			expect(keysOf(map, ['a', 'b'], 3)).toEqual(['a', 'b']);
		});
	});

	describe('expiry', () => {
		it('drops an entry unused for idleMs at the next access, not a millisecond earlier', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 10, idleMs: 1_000 });
			map.set('a', 1, 0);

			expect(map.has('a', 999)).toBe(true);
			expect(map.has('a', 1_000)).toBe(false);
			expect(map.size).toBe(0);
		});

		it('any access shrinks the map, so idle memory goes without a timer', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 100, idleMs: 1_000 });
			for (let i = 0; i < 50; i++) map.set(`k${i}`, i, i);
			expect(map.size).toBe(50);

			expect(map.has('other', 1_025)).toBe(false);

			expect(map.size).toBe(24);
			expect(map.has('k25', 1_025)).toBe(false);
			expect(map.has('k26', 1_025)).toBe(true);
		});

		it('a use starts the idle time again; has does not', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 10, idleMs: 1_000 });
			map.set('set', 1, 0);
			map.set('got', 1, 0);
			map.set('seen', 1, 0);

			map.set('set', 2, 900);
			map.getOrCreate('got', 900, () => 0);
			map.has('seen', 900);

			expect(keysOf(map, ['set', 'got', 'seen'], 1_899)).toEqual(['set', 'got']);
			expect(keysOf(map, ['set', 'got'], 1_900)).toEqual([]);
		});

		it('getOrCreate makes a new value for an expired key', () => {
			const map = new ExpiringMap<string, number>({ maxEntries: 10, idleMs: 1_000 });
			map.set('a', 1, 0);

			expect(map.getOrCreate('a', 1_000, () => 2)).toBe(2);
		});
	});

	describe('entries that are not idle', () => {
		/** Values that say whether they are busy; the map asks them through isIdle. */
		interface Job {
			busy: boolean;
			lastActiveMs: number;
		}
		const asked: Array<[string, number]> = [];
		const jobs = (maxEntries: number) =>
			new ExpiringMap<string, Job>({
				maxEntries,
				idleMs: 1_000,
				isIdle: (job, nowMs, forMs) => {
					asked.push([job.busy ? 'busy' : 'idle', forMs]);
					return !job.busy && nowMs - job.lastActiveMs >= forMs;
				},
			});
		const idle = (): Job => ({ busy: false, lastActiveMs: 0 });

		beforeEach(() => {
			asked.length = 0;
		});

		it('are kept past idleMs however long they stay busy, and dropped once idle', () => {
			const map = jobs(10);
			const job = { busy: true, lastActiveMs: 0 };
			map.set('busy', job, 0);

			expect(map.has('busy', 100_000)).toBe(true);
			expect(asked).toEqual([['busy', 1_000]]);

			job.busy = false;
			expect(map.has('busy', 100_001)).toBe(false);
		});

		it('are kept while the value itself was active within idleMs', () => {
			const map = jobs(10);
			const job = { busy: false, lastActiveMs: 0 };
			map.set('a', job, 0);
			job.lastActiveMs = 500;

			expect(map.has('a', 1_499)).toBe(true);
			expect(map.has('a', 1_500)).toBe(false);
		});

		it('do not keep later idle entries from expiring', () => {
			const map = jobs(10);
			map.set('busy', { busy: true, lastActiveMs: 0 }, 0);
			map.set('idle', idle(), 1);

			expect(keysOf(map, ['busy', 'idle'], 1_001)).toEqual(['busy']);
		});

		it('are passed over to make room: the least recently used idle one goes instead', () => {
			const map = jobs(3);
			map.set('busy', { busy: true, lastActiveMs: 0 }, 0);
			map.set('a', idle(), 1);
			map.set('b', idle(), 2);

			map.set('c', idle(), 3);

			expect(keysOf(map, ['busy', 'a', 'b', 'c'], 4)).toEqual(['busy', 'b', 'c']);
			// To make room an entry only has to be idle now, however recently it was active.
			expect(asked).toEqual([
				['busy', 0],
				['idle', 0],
			]);
		});

		it('let the map grow past maxEntries while they are all busy, and it shrinks back after', () => {
			const map = jobs(2);
			const busy = [0, 1, 2, 3].map(() => ({ busy: true, lastActiveMs: 0 }));
			busy.forEach((job, i) => map.set(`busy${i}`, job, i));
			expect(map.size).toBe(4);

			for (const job of busy) job.busy = false;
			map.set('new', idle(), 5);

			expect(map.size).toBe(2);
			expect(keysOf(map, ['busy2', 'busy3', 'new'], 6)).toEqual(['busy3', 'new']);
		});
	});
});
