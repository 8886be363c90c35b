import { ThrottledLog } from '../../nodes/ClerkTrigger/throttledLog';

describe('ThrottledLog', () => {
	it('lets the first occurrence through, then one per interval with the count it held back', () => {
		const log = new ThrottledLog(60_000, 10);
		const due = [0, 1_000, 30_000, 59_999, 60_000, 60_001, 120_000].map((at) =>
			log.due('node-a', at),
		);
		expect(due).toEqual([0, undefined, undefined, undefined, 3, undefined, 1]);
	});

	it('counts each node on its own', () => {
		const log = new ThrottledLog(60_000, 10);
		expect(log.due('node-a', 0)).toBe(0);
		expect(log.due('node-b', 1)).toBe(0);
		expect(log.due('node-a', 2)).toBeUndefined();
	});
});
