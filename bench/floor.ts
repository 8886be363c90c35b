/** Clerk's sliding window: the least wall time for `requests` at `limit` per window is (⌈M/N⌉ − 1) windows. */
export function floorMs(requests: number, limit: number, windowMs = 10_000): number {
	return (Math.ceil(requests / limit) - 1) * windowMs;
}
