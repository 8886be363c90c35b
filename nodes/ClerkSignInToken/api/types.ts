import type { IDataObject } from 'n8n-workflow';

/** Clerk's SignInToken. `token` and `url` are only in the answer to create. */
export interface SignInToken extends IDataObject {
	object: 'sign_in_token';
	id: string;
	status: 'pending' | 'accepted' | 'revoked';
	user_id: string;
	token?: string;
	url?: string | null;
	created_at: number;
	updated_at: number;
}

/** The parts of Clerk's User object this package reads. */
export interface ClerkUser extends IDataObject {
	id: string;
	first_name: string | null;
	last_name: string | null;
	username: string | null;
	primary_email_address_id: string | null;
	email_addresses: Array<{ id: string; email_address: string }>;
}
