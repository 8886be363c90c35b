import type { IDataObject } from 'n8n-workflow';

import type { ClerkClient } from './transport/request';

/** The parts of Clerk's User object this node reads. */
export interface ClerkUser extends IDataObject {
	id: string;
	first_name: string | null;
	last_name: string | null;
	username: string | null;
	primary_email_address_id: string | null;
	email_addresses: Array<{ id: string; email_address: string }>;
}

/** Clerk's GET /users takes up to 100 email_address values per request. */
export const EMAIL_LOOKUP_BATCH = 100;

export function primaryEmail(user: ClerkUser): string | undefined {
	const primary = user.email_addresses.find((e) => e.id === user.primary_email_address_id);
	return (primary ?? user.email_addresses[0])?.email_address;
}

export function displayName(user: ClerkUser): string {
	const name =
		[user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || user.id;
	const email = primaryEmail(user);
	return email ? `${name} (${email})` : name;
}

/**
 * Finds the users for the given email addresses, asking Clerk for up to 100 addresses per
 * request. Returns the IDs of the users found per address (lowercased; empty when none).
 */
export async function findUsersByEmail(
	client: ClerkClient,
	emails: string[],
): Promise<Map<string, string[]>> {
	const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
	const found = new Map<string, string[]>(wanted.map((email) => [email, []]));
	for (let start = 0; start < wanted.length && !client.cancelled; start += EMAIL_LOOKUP_BATCH) {
		const batch = wanted.slice(start, start + EMAIL_LOOKUP_BATCH);
		const users = await client.request<ClerkUser[]>({
			method: 'GET',
			path: '/users',
			qs: { email_address: batch, limit: EMAIL_LOOKUP_BATCH },
		});
		for (const user of users) {
			for (const { email_address } of user.email_addresses) {
				const ids = found.get(email_address.toLowerCase());
				if (ids && !ids.includes(user.id)) ids.push(user.id);
			}
		}
	}
	return found;
}
