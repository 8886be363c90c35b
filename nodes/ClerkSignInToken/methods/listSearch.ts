import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ClerkClient } from '../transport/request';
import type { ClerkUser } from '../users';
import { displayName } from '../users';

const PAGE_SIZE = 50;

/** Users for the "From list" mode of the User field, searchable by name, email, username or ID. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const client = await ClerkClient.create(this);
	const qs: Record<string, string | number> = { limit: PAGE_SIZE, offset };
	if (filter?.trim()) qs.query = filter.trim();
	const users = await client.request<ClerkUser[]>({ method: 'GET', path: '/users', qs });
	return {
		results: users.map((user) => ({ name: displayName(user), value: user.id })),
		paginationToken: users.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : undefined,
	};
}
