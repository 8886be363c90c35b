import { Webhook } from 'svix';

/** The headers Clerk (through Svix) sends with a delivery. */
export interface ClerkWebhookHeaders {
	'svix-id': string;
	'svix-timestamp': string;
	'svix-signature': string;
	[name: string]: string;
}

/**
 * Signs `body` exactly as Clerk's webhooks do, using Svix's own library as the reference
 * implementation. `timestamp` is Unix seconds (or a Date). Send `body` byte for byte as given,
 * with `content-type: application/json`; the e2e suite relies on this signature staying stable.
 */
export function signClerkWebhook(
	secret: string,
	id: string,
	timestamp: number | Date,
	body: string | Buffer,
): ClerkWebhookHeaders {
	const sentAt = timestamp instanceof Date ? timestamp : new Date(timestamp * 1000);
	return {
		'svix-id': id,
		'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
		'svix-signature': new Webhook(secret).sign(id, sentAt, body),
	};
}
