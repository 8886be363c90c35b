import type { IDataObject } from 'n8n-workflow';

import { SEED_USER_IDS, type UserSeed } from '../emulator';

import { benchEmail, benchUserId } from './benchUsers';

const SEEDED = [SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan];

/** Users the bench emulator adds on top of the seed, so "By Email" runs have distinct addresses. */
export function benchUserSeeds(count: number): UserSeed[] {
	return Array.from({ length: count }, (_, i) => ({
		id: benchUserId(i),
		email: benchEmail(i),
		first_name: 'Bench',
		last_name: `User ${i}`,
	}));
}

/** `count` existing user IDs (the seed users in turn), as a spreadsheet column would give them. */
export function userIds(count: number): string[] {
	return Array.from({ length: count }, (_, i) => SEEDED[i % SEEDED.length]);
}

export function idItems(count: number): IDataObject[] {
	return userIds(count).map((userId) => ({ userId }));
}

/** `count` distinct addresses of users the bench emulator added. */
export function emailItems(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ email: benchEmail(i) }));
}
