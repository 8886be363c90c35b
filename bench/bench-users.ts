import { seedId } from '../emulator/seed';

/** Users the bench emulator adds on top of the seed, so "By Email" runs have distinct addresses. */
export function benchUserId(index: number): string {
	return seedId('user', `bench${index}`);
}

export function benchEmail(index: number): string {
	return `bench.user${index}@bench.example`;
}
