import { randomFillSync } from 'node:crypto';

// One system call per 64 KiB instead of several per request: benchmarks create thousands of tokens.
const POOL_SIZE = 64 * 1024;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

/** `size` fresh random bytes (a copy, safe to keep). */
export function randomBytesPooled(size: number): Buffer {
	if (size > POOL_SIZE) throw new Error(`randomBytesPooled: ${size} > ${POOL_SIZE}`);
	if (offset + size > POOL_SIZE) {
		randomFillSync(pool);
		offset = 0;
	}
	const out = Buffer.from(pool.subarray(offset, offset + size));
	offset += size;
	return out;
}
