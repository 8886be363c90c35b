import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ClerkClient } from '../api/clerkClient';
import { displayName, listUsers } from '../api/users';
import { nodeError } from '../errors';

const PAGE_SIZE = 50;

/** Users for the "From list" mode of the User field, searchable by name, email, username or ID. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	try {
		const client = await ClerkClient.connect(this);
		const users = await listUsers(client, { query: filter?.trim(), limit: PAGE_SIZE, offset });
		return {
			results: users.map((user) => ({ name: displayName(user), value: user.id })),
			paginationToken: users.length === PAGE_SIZE ? String(offset + PAGE_SIZE) : undefined,
		};
	} catch (error) {
		throw nodeError(this.getNode(), error);
	}
}
