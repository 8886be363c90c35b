import type { IDataObject } from 'n8n-workflow';

import { SEED_USER_IDS } from '../emulator';
import { benchEmail } from './bench-users';

const SEEDED = [SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan];

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
