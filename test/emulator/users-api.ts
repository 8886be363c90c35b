import { notFound, paramInvalid } from './clerk-errors';
import { queryList, queryOne, type Query } from './http-io';
import type { EmulatorUser } from './types';

const MAX_LIST_VALUES = 100;
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 10;

function integerParam(query: Query, name: string, min: number, max: number, fallback: number): number {
	const raw = queryOne(query, name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
		throw paramInvalid(name, max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}.` : `must be an integer between ${min} and ${max}.`);
	}
	return value;
}

function searchableText(user: EmulatorUser): string {
	return [user.id, user.username, user.first_name, user.last_name, ...user.email_addresses.map((e) => e.email_address)]
		.filter((v): v is string => typeof v === 'string')
		.join('\n')
		.toLowerCase();
}

/** GET /v1/users: the filters this package uses, with Clerk's validation and default `-created_at` order. */
export function listUsers(users: readonly EmulatorUser[], query: Query): EmulatorUser[] {
	const emails = queryList(query, 'email_address');
	if (emails.length > MAX_LIST_VALUES) {
		throw paramInvalid('email_address', `accepts up to ${MAX_LIST_VALUES} values, got ${emails.length}.`);
	}
	const limit = integerParam(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
	const offset = integerParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
	const orderBy = queryOne(query, 'order_by') ?? '-created_at';
	if (!['-created_at', '+created_at', 'created_at'].includes(orderBy)) {
		throw paramInvalid('order_by', 'is not a supported ordering in the emulator (created_at only).');
	}

	let matches = users.slice();
	if (emails.length > 0) {
		const wanted = new Set(emails.map((e) => e.toLowerCase()));
		matches = matches.filter((u) => u.email_addresses.some((e) => wanted.has(e.email_address.toLowerCase())));
	}
	const text = queryOne(query, 'query');
	if (text !== undefined && text !== '') {
		const needle = text.toLowerCase();
		matches = matches.filter((u) => searchableText(u).includes(needle));
	}
	const direction = orderBy === '-created_at' ? -1 : 1;
	matches.sort((a, b) => direction * (a.created_at - b.created_at));
	return matches.slice(offset, offset + limit);
}

export function getUser(findUser: (id: string) => EmulatorUser | undefined, id: string): EmulatorUser {
	const user = findUser(id);
	if (!user) throw notFound('user');
	return user;
}
