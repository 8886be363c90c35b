import type { INode } from 'n8n-workflow';

import { itemError } from '../errors';
import type { ClerkClient } from './clerkClient';
import { USERS_PATH } from './constants';
import type { ClerkUser } from './types';

/** Clerk's `GET /users` takes up to 100 `email_address` values and returns up to 100 users per call. */
export const EMAIL_LOOKUP_BATCH = 100;

export interface UserSearch {
	readonly query?: string;
	readonly limit: number;
	readonly offset: number;
}

/** `GET /users`: one page of users, newest first, optionally matching `query`. */
export async function listUsers(client: ClerkClient, search: UserSearch): Promise<ClerkUser[]> {
	const qs: Record<string, string | number> = { limit: search.limit, offset: search.offset };
	if (search.query) qs.query = search.query;
	return await client.call<ClerkUser[]>({ method: 'GET', path: USERS_PATH, qs });
}

export interface EmailLookup {
	readonly itemIndex: number;
	readonly email: string;
}

/**
 * The user ID for each item's email address: exactly one user must have the address (compared
 * case-insensitively). Asks Clerk for up to 100 addresses per call. Each item gets its user ID, or
 * an error that names the address: no user has it, or several do.
 */
export async function findUserIdsByEmail(
	client: ClerkClient,
	lookups: readonly EmailLookup[],
): Promise<Map<number, string | Error>> {
	const wanted = [...new Set(lookups.map(({ email }) => email.toLowerCase()))];
	const owners = new Map<string, string[]>(wanted.map((email) => [email, []]));
	for (let start = 0; start < wanted.length; start += EMAIL_LOOKUP_BATCH) {
		const batch = wanted.slice(start, start + EMAIL_LOOKUP_BATCH);
		const users = await client.call<ClerkUser[]>({
			method: 'GET',
			path: USERS_PATH,
			qs: { email_address: batch, limit: EMAIL_LOOKUP_BATCH },
		});
		for (const user of users) {
			for (const { email_address } of user.email_addresses) {
				const ids = owners.get(email_address.toLowerCase());
				if (ids && !ids.includes(user.id)) ids.push(user.id);
			}
		}
	}
	return new Map(
		lookups.map(({ itemIndex, email }) => [
			itemIndex,
			onlyOwner(client.node, itemIndex, email, owners.get(email.toLowerCase()) ?? []),
		]),
	);
}

function onlyOwner(node: INode, itemIndex: number, email: string, ids: string[]): string | Error {
	if (ids.length === 1) return ids[0];
	if (ids.length === 0) {
		return itemError(node, itemIndex, 'user_not_found', {
			message: `No Clerk user has the email address ${email}`,
			fix: 'Check the address for typos, and that the user exists in the Clerk instance this credential belongs to (development and production instances have separate users).',
		});
	}
	return itemError(node, itemIndex, 'user_ambiguous', {
		message: `${ids.length} Clerk users have the email address ${email} (${ids.join(', ')})`,
		fix: 'Select the user By ID instead, so the sign-in token goes to the right person.',
	});
}

export function primaryEmail(user: ClerkUser): string | undefined {
	const primary = user.email_addresses.find((e) => e.id === user.primary_email_address_id);
	return (primary ?? user.email_addresses[0])?.email_address;
}

/** How the user picker shows a user: name (or username, or ID) and primary email. */
export function displayName(user: ClerkUser): string {
	const name =
		[user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || user.id;
	const email = primaryEmail(user);
	return email ? `${name} (${email})` : name;
}
