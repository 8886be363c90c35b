/** The type of the credential that holds the endpoint's signing secret. */
export const WEBHOOK_CREDENTIAL_TYPE = 'clerkWebhookApi';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// Svix issues keys of 24 bytes or more; anything shorter is a truncated paste, not a real secret.
export const MIN_KEY_BYTES = 24;

export class SigningSecretError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SigningSecretError';
	}
}

const WHERE_TO_FIND =
	'Copy it from Clerk Dashboard → Webhooks → your endpoint → Signing Secret (it looks like whsec_…).';

/**
 * Turns the credential's `whsec_…` text into the HMAC key Svix signs with. The messages never
 * echo the secret, so they are safe to show in the editor and in logs.
 */
export function parseSigningSecret(value: unknown): Buffer {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new SigningSecretError(`The Clerk webhook signing secret is empty. ${WHERE_TO_FIND}`);
	}
	const secret = value.trim();
	if (!secret.startsWith(SECRET_PREFIX)) {
		throw new SigningSecretError(
			`The Clerk webhook signing secret must start with "${SECRET_PREFIX}". ${WHERE_TO_FIND}`,
		);
	}
	const encoded = secret.slice(SECRET_PREFIX.length);
	const key = Buffer.from(encoded, 'base64');
	// Buffer.from skips characters it cannot decode, so round-trip to catch a damaged paste.
	if (
		!BASE64.test(encoded) ||
		key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')
	) {
		throw new SigningSecretError(
			`The Clerk webhook signing secret is not valid base64 after "${SECRET_PREFIX}". ${WHERE_TO_FIND}`,
		);
	}
	if (key.length < MIN_KEY_BYTES) {
		throw new SigningSecretError(
			`The Clerk webhook signing secret is too short: it holds ${key.length} bytes, and Clerk's are at least ${MIN_KEY_BYTES}, so it was probably cut off when copied. ${WHERE_TO_FIND}`,
		);
	}
	return key;
}
