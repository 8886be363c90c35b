import type { ClerkClient } from './clerkClient';
import { ClerkRequestError } from './clerkRequestError';
import { USERS_PATH } from './constants';
import type { ClerkUser } from './types';

/** Clerk's `GET /users` takes up to 100 `email_address` values and returns up to 100 users per call. */
export const EMAIL_LOOKUP_BATCH = 100;

/**
 * The longest encoded query one lookup sends. Servers and proxies commonly refuse request lines
 * over 8 KB (414) or headers over 8-16 KB (431); the API URL and the rest of the request fit
 * in what is left.
 */
export const MAX_LOOKUP_QUERY_CHARS = 6000;

/** Answers meaning the request itself was too large: the batch is split and asked again. */
const TOO_LARGE = new Set([414, 431]);

/**
 * Lower-cases A-Z only. Unicode-wide lower-casing maps look-alikes onto ASCII (the Kelvin sign
 * "\u212A" becomes "k"), which would resolve an address to a user whose address is different.
 */
export function asciiLowerCase(text: string): string {
	return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Splits addresses into batches of at most 100 whose encoded query fits MAX_LOOKUP_QUERY_CHARS. */
export function lookupBatches(emails: readonly string[]): string[][] {
	const batches: string[][] = [];
	let batch: string[] = [];
	let length = 0;
	for (const email of emails) {
		const cost = `&email_address=${encodeURIComponent(email)}`.length;
		if (
			batch.length > 0 &&
			(batch.length === EMAIL_LOOKUP_BATCH || length + cost > MAX_LOOKUP_QUERY_CHARS)
		) {
			batches.push(batch);
			batch = [];
			length = 0;
		}
		batch.push(email);
		length += cost;
	}
	if (batch.length > 0) batches.push(batch);
	return batches;
}

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
 * What Clerk said about one address: the IDs of the users who have it (none, one or several), or
 * the status with which the API URL refused a lookup of that address alone as too large.
 */
export type EmailOwners = { userIds: string[] } | { tooLargeStatus: number };

/** What the lookups found: the owners of each address, and the addresses that could not be sent. */
interface Found {
	owners: Map<string, string[]>;
	tooLarge: Map<string, number>;
}

/** One `GET /users` for `batch`; halves it while the answer says the request was too large. */
async function lookUp(client: ClerkClient, batch: string[], found: Found): Promise<void> {
	// Only "too large" is handled here; every other failure is the caller's.
	const answer = await client
		.call<ClerkUser[]>({
			method: 'GET',
			path: USERS_PATH,
			qs: { email_address: batch, limit: EMAIL_LOOKUP_BATCH },
		})
		.then(
			(users) => ({ users }),
			(error: unknown) => ({ error }),
		);
	if ('error' in answer) {
		const { error } = answer;
		const status =
			error instanceof ClerkRequestError && error.failure.code === 'error_status'
				? error.failure.status
				: undefined;
		if (status === undefined || !TOO_LARGE.has(status)) throw error;
		if (batch.length === 1) {
			found.tooLarge.set(batch[0], status);
			return;
		}
		const half = Math.ceil(batch.length / 2);
		await lookUp(client, batch.slice(0, half), found);
		await lookUp(client, batch.slice(half), found);
		return;
	}
	for (const user of answer.users) {
		for (const { email_address } of user.email_addresses) {
			const ids = found.owners.get(asciiLowerCase(email_address));
			if (ids && !ids.includes(user.id)) ids.push(user.id);
		}
	}
}

/**
 * Who has each item's email address (compared ignoring the case of A-Z only). Asks Clerk for up
 * to 100 addresses per call, fewer when their query would be long; an answer that the request
 * was too large (414, 431) splits the batch, so one odd address is refused only for its own
 * items. The caller decides what none, one or several owners mean.
 */
export async function findEmailOwners(
	client: ClerkClient,
	lookups: readonly EmailLookup[],
): Promise<Map<number, EmailOwners>> {
	const wanted = [...new Set(lookups.map(({ email }) => asciiLowerCase(email)))];
	const found: Found = {
		owners: new Map(wanted.map((email) => [email, []])),
		tooLarge: new Map(),
	};
	for (const batch of lookupBatches(wanted)) await lookUp(client, batch, found);
	return new Map(
		lookups.map(({ itemIndex, email }): [number, EmailOwners] => {
			const key = asciiLowerCase(email);
			const tooLargeStatus = found.tooLarge.get(key);
			if (tooLargeStatus !== undefined) return [itemIndex, { tooLargeStatus }];
			return [itemIndex, { userIds: found.owners.get(key) ?? [] }];
		}),
	);
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
