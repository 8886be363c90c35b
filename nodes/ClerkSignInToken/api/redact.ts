/**
 * Removes what authenticates to Clerk from text that came from outside (Clerk's messages, a
 * proxy's error page) or that names what the user typed, before it becomes an error, a log line
 * or output: the secret key itself, anything shaped like a Clerk secret key, and the value of a
 * `Bearer` credential. A proxy or a misconfigured server can echo the request's Authorization
 * header back; n8n would then store it with the execution.
 */
const CLERK_SECRET_KEY = /sk_(?:test|live)_[A-Za-z0-9_-]*/g;
const BEARER_VALUE = /\b(Bearer)\s+[^\s"'<>,;]+/gi;

export const REDACTED = '[redacted]';

export function redact(text: string, secretKey?: string): string {
	let clean = text;
	const key = secretKey?.trim();
	// A key of a few characters would blank ordinary words; real keys are dozens long.
	if (key && key.length >= 8) clean = clean.split(key).join(REDACTED);
	return clean.replace(CLERK_SECRET_KEY, REDACTED).replace(BEARER_VALUE, `$1 ${REDACTED}`);
}

/** A copy of parsed JSON (or text) with every string redacted. */
export function redactStrings(value: unknown, secretKey?: string): unknown {
	if (typeof value === 'string') return redact(value, secretKey);
	if (value === undefined || typeof value !== 'object' || value === null) return value;
	return JSON.parse(JSON.stringify(value), (_key, part: unknown) =>
		typeof part === 'string' ? redact(part, secretKey) : part,
	) as unknown;
}
