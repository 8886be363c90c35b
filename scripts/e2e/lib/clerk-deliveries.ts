import { randomBytes } from 'node:crypto';

import examples from '../../../emulator/webhooks/clerk-webhook-examples.json';
import { signClerkWebhook } from '../../../emulator/webhooks/sign';
import type { EmulatorUser } from '../../../emulator';

/** One webhook delivery as Clerk (through Svix) sends it: the exact body bytes and their headers. */
export interface ClerkDelivery {
	id: string;
	body: string;
	headers: Record<string, string>;
}

export interface DeliveryAnswer {
	status: number;
	body: string;
}

/** Svix message ids look like `msg_` + random characters; a fresh one per delivery. */
export function newDeliveryId(): string {
	return `msg_e2e${randomBytes(12).toString('hex')}`;
}

/**
 * Clerk's own `user.created` example (from its webhooks spec) about a user the emulator knows, so
 * the workflow's Create step can make a token for them and the email step finds their address.
 */
export function userCreatedBody(user: EmulatorUser): string {
	const event = JSON.parse(
		JSON.stringify(examples['user.created']),
	) as (typeof examples)['user.created'];
	const emails = user.email_addresses.map((e, i) => ({
		id: `idn_e2e${i}`,
		object: 'email_address',
		email_address: e.email_address,
	}));
	const data = {
		...event.data,
		id: user.id,
		first_name: user.first_name,
		last_name: user.last_name,
		email_addresses: emails,
		primary_email_address_id: emails[0]?.id ?? null,
	};
	return JSON.stringify({ ...event, data });
}

/** Signs `body` with `secret` now, under a fresh delivery id unless one is given (a retry). */
export function signedDelivery(secret: string, body: string, id = newDeliveryId()): ClerkDelivery {
	return {
		id,
		body,
		headers: {
			...signClerkWebhook(secret, id, new Date(), body),
			'content-type': 'application/json',
		},
	};
}

/** The same signed delivery with one byte of its body changed (still valid JSON). */
export function withOneByteChanged(delivery: ClerkDelivery): ClerkDelivery {
	const at = delivery.body.indexOf('"first_name":"') + '"first_name":"'.length;
	if (at < '"first_name":"'.length) throw new Error('the body has no first_name to change');
	const changed = String.fromCharCode(delivery.body.charCodeAt(at) ^ 1);
	return { ...delivery, body: delivery.body.slice(0, at) + changed + delivery.body.slice(at + 1) };
}

/** POSTs the delivery's body byte for byte, as Svix does. */
export async function deliver(url: string, delivery: ClerkDelivery): Promise<DeliveryAnswer> {
	const res = await fetch(url, {
		method: 'POST',
		headers: delivery.headers,
		body: Buffer.from(delivery.body),
	});
	return { status: res.status, body: await res.text() };
}

/** The emulator's generated users: many, all alike, each may get any number of tokens. */
export function stormUsers(users: EmulatorUser[]): EmulatorUser[] {
	const generated = users.filter((u) =>
		u.email_addresses.some((e) => e.email_address.endsWith('@generated.example')),
	);
	if (generated.length === 0) throw new Error('the emulator has no generated users');
	return generated;
}

/**
 * Users whose token count differs from the deliveries that named them (one token per delivery):
 * a lost run leaves a user short, a run started twice gives one too many.
 */
export function usersWithWrongTokenCount(
	namedUserIds: string[],
	tokens: Array<{ userId: string }>,
): string[] {
	const count = (ids: string[]) => {
		const counts = new Map<string, number>();
		for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
		return counts;
	};
	const wanted = count(namedUserIds);
	const got = count(tokens.map((t) => t.userId));
	return [...new Set([...wanted.keys(), ...got.keys()])].filter(
		(user) => (wanted.get(user) ?? 0) !== (got.get(user) ?? 0),
	);
}
