import { notFound, paramInvalid, paramUnknown, paramUnsupported } from './clerkErrors';
import { queryList, queryOne, type Query } from './httpIo';
import type { EmulatorUser } from './types';

const MAX_LIST_VALUES = 100;
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 10;

// GET /users query parameters: what the emulator implements, and what Clerk's spec also lists but
// the emulator does not. Both other kinds are refused, so a client never relies on a filter that
// was silently ignored.
const IMPLEMENTED = new Set(['email_address', 'user_id', 'query', 'limit', 'offset', 'order_by']);
const NOT_IMPLEMENTED = new Set(
	'phone_number external_id username web3_wallet organization_id email_address_query phone_number_query username_query name_query banned last_active_at_before last_active_at_after last_active_at_since created_at_before created_at_after last_sign_in_at_before last_sign_in_at_after provider provider_user_id starting_after'.split(
		' ',
	),
);

function checkParamNames(query: Query): void {
	for (const name of Object.keys(query)) {
		if (IMPLEMENTED.has(name)) continue;
		throw NOT_IMPLEMENTED.has(name) ? paramUnsupported(name) : paramUnknown(name);
	}
}

function listParam(query: Query, name: string): string[] {
	const values = queryList(query, name);
	if (values.length > MAX_LIST_VALUES) {
		throw paramInvalid(name, `accepts up to ${MAX_LIST_VALUES} values, got ${values.length}.`);
	}
	return values;
}

/** `user_id` values: `-id` excludes, `+id` or `id` includes (the spec's notation). */
function userIdFilter(values: string[]): (user: EmulatorUser) => boolean {
	const include = new Set(
		values.filter((v) => !v.startsWith('-')).map((v) => v.replace(/^\+/, '')),
	);
	const exclude = new Set(values.filter((v) => v.startsWith('-')).map((v) => v.slice(1)));
	return (user) => (include.size === 0 || include.has(user.id)) && !exclude.has(user.id);
}

/** `name` as a whole number from `min` to `max`, or `fallback` when it is not sent. */
function integerParam(query: Query, name: string, fallback: number, min: number, max?: number) {
	const raw = queryOne(query, name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	const top = max ?? Number.MAX_SAFE_INTEGER;
	if (raw.trim() !== '' && Number.isInteger(value) && value >= min && value <= top) return value;
	const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
	throw paramInvalid(name, `must be an integer ${range}.`);
}

function searchableText(user: EmulatorUser): string {
	const { id, username, first_name: first, last_name: last, email_addresses: emails } = user;
	const fields = [id, username, first, last, ...emails.map((e) => e.email_address)];
	return fields
		.filter((v) => v !== null)
		.join('\n')
		.toLowerCase();
}

const byNewest = (a: EmulatorUser, b: EmulatorUser): number => b.created_at - a.created_at;

/**
 * Indexes over the public `users` array so id and email lookups stay O(1) even when a benchmark
 * pushes thousands of users. The index follows additions (length changes) by itself; after
 * editing users in place, call `invalidate()` (the emulator's `reset()` does).
 */
export class UserDirectory {
	private indexedLength = -1;
	private readonly byId = new Map<string, EmulatorUser>();
	private readonly byEmail = new Map<string, EmulatorUser[]>();
	private newestFirst: EmulatorUser[] = [];

	constructor(private readonly users: EmulatorUser[]) {}

	invalidate(): void {
		this.indexedLength = -1;
	}

	private index(): void {
		if (this.indexedLength === this.users.length) return;
		this.byId.clear();
		this.byEmail.clear();
		for (const user of this.users) {
			this.byId.set(user.id, user);
			for (const email of user.email_addresses) {
				const key = email.email_address.toLowerCase();
				this.byEmail.set(key, [...(this.byEmail.get(key) ?? []), user]);
			}
		}
		this.newestFirst = this.users.slice().sort(byNewest);
		this.indexedLength = this.users.length;
	}

	find(id: string): EmulatorUser | undefined {
		this.index();
		return this.byId.get(id);
	}

	/** GET /v1/users/{id} */
	get(id: string): EmulatorUser {
		const user = this.find(id);
		if (!user) throw notFound('user');
		return user;
	}

	/** GET /v1/users: the filters this package uses, with Clerk's validation and default `-created_at` order. */
	list(query: Query): EmulatorUser[] {
		checkParamNames(query);
		const emails = listParam(query, 'email_address');
		const userIds = listParam(query, 'user_id');
		const limit = integerParam(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
		const offset = integerParam(query, 'offset', 0, 0);
		// The spec keeps the first order_by when several are sent.
		const orderBy = queryList(query, 'order_by')[0] ?? '-created_at';
		if (!['-created_at', '+created_at', 'created_at'].includes(orderBy)) {
			throw paramInvalid(
				'order_by',
				'is not a supported ordering in the emulator (created_at only).',
			);
		}
		this.index();

		let matches: EmulatorUser[];
		if (emails.length > 0) {
			const found = new Set<EmulatorUser>();
			for (const email of emails)
				for (const user of this.byEmail.get(email.toLowerCase()) ?? []) found.add(user);
			matches = [...found].sort(byNewest);
		} else {
			matches = this.newestFirst;
		}
		if (userIds.length > 0) matches = matches.filter(userIdFilter(userIds));
		const text = queryOne(query, 'query');
		if (text !== undefined && text !== '') {
			const needle = text.toLowerCase();
			matches = matches.filter((u) => searchableText(u).includes(needle));
		}
		if (orderBy !== '-created_at') matches = matches.slice().reverse();
		return matches.slice(offset, offset + limit);
	}
}
