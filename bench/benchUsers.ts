import { seedId } from '../emulator/seed';

// seedId pads with zeros, so a stem must end in a letter: "bench1" and "bench10" would be one ID.
const stem = (index: number): string => `bench${index}x`;

/** Users the bench emulator adds on top of the seed: distinct IDs and addresses for By Email runs and storms. */
export function benchUserId(index: number): string {
	return seedId('user', stem(index));
}

export function benchEmail(index: number): string {
	return `bench.user${index}@bench.example`;
}
