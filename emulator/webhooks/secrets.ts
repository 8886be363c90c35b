import { randomBytes } from 'node:crypto';

/** A fresh secret shaped like the ones Clerk shows for an endpoint: `whsec_` + base64 of 24 bytes. */
export function newSigningSecret(): string {
	return `whsec_${randomBytes(24).toString('base64')}`;
}

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}
