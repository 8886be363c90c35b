import type { INode } from 'n8n-workflow';

import { inputError, settingError } from './errors';

/** Longest expiry accepted: ten years. Anything longer is a typo (milliseconds pasted as seconds). */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 60 * 60;

export const DEFAULT_EXPIRES_IN_SECONDS = 30 * 24 * 60 * 60;

/** A Clerk ID: a prefix plus a base62 body. The editor checks the same pattern as you type. */
export function clerkIdPattern(prefix: string): string {
	return `^\\s*${prefix}_[A-Za-z0-9]+\\s*$`;
}

// Deliberately loose: Clerk is the judge of deliverability; this only stops values that cannot
// be an address at all (no @, spaces, no dot in the domain).
export const EMAIL_PATTERN = '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@.]+\\s*$';

/** C0 control characters and DEL: line breaks, tabs, NUL. */
function hasControlCharacters(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 || code === 0x7f) return true;
	}
	return false;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	return JSON.stringify(value) ?? String(value);
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/** Checks a Clerk object ID such as user_… or sit_… before it is placed in a request. */
export function validateClerkId(
	node: INode,
	itemIndex: number,
	field: string,
	prefix: string,
	value: unknown,
): string {
	const example = `${prefix}_2abcDEF123`;
	const refuse = (message: string, fix: string) => inputError(node, itemIndex, { message, fix });
	if (isBlank(value)) {
		throw refuse(
			`${field} is empty`,
			`Enter a Clerk ID that starts with ${prefix}_, for example ${example}, or map it from an earlier node.`,
		);
	}
	if (typeof value !== 'string') {
		throw refuse(
			`${field} must be text, got ${describe(value)}`,
			`Enter a Clerk ID that starts with ${prefix}_, for example ${example}.`,
		);
	}
	const id = value.trim();
	if (/[\s/%]|\.\./.test(id)) {
		throw refuse(
			`${field} ${describe(value)} contains characters an ID cannot have (spaces, "/", "%" or "..")`,
			`Use the bare ID, for example ${example}, not a URL, a path or an encoded value.`,
		);
	}
	if (!id.startsWith(`${prefix}_`)) {
		throw refuse(
			`${field} ${describe(value)} does not start with "${prefix}_"`,
			`Clerk ${field}s look like ${example}. Check that you mapped the right field.`,
		);
	}
	if (!new RegExp(clerkIdPattern(prefix)).test(id)) {
		throw refuse(
			`${field} ${describe(value)} is not a valid Clerk ID`,
			`After "${prefix}_" a Clerk ID has only letters and digits, for example ${example}.`,
		);
	}
	return id;
}

/** The longest address SMTP allows (RFC 5321): anything longer is not an address of a user. */
export const MAX_EMAIL_LENGTH = 254;

export function validateEmail(node: INode, itemIndex: number, value: unknown): string {
	if (isBlank(value)) {
		throw inputError(node, itemIndex, {
			message: 'Email is empty',
			fix: 'Enter the email address of an existing Clerk user, or map it from an earlier node.',
		});
	}
	if (typeof value === 'string' && value.trim().length > MAX_EMAIL_LENGTH) {
		throw inputError(node, itemIndex, {
			message: `Email is ${value.trim().length} characters long, more than the ${MAX_EMAIL_LENGTH} an email address can have`,
			fix: 'Map the field that holds only the address, such as ada@example.com.',
		});
	}
	if (typeof value !== 'string' || !new RegExp(EMAIL_PATTERN).test(value)) {
		throw inputError(node, itemIndex, {
			message: `Email ${describe(value)} is not a valid email address`,
			fix: 'Enter one address such as ada@example.com, without a name or angle brackets.',
		});
	}
	return value.trim();
}

/** Accepts numbers and digit strings (expressions often yield strings); anything else is refused. */
export function validateExpiresInSeconds(node: INode, itemIndex: number, value: unknown): number {
	const fix = `Enter a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS} (ten years); for example 3600 for one hour or ${DEFAULT_EXPIRES_IN_SECONDS} for 30 days.`;
	const refuse = (message: string, hint = '') =>
		inputError(node, itemIndex, { message, fix: `${fix}${hint}` });
	const seconds = toNumber(value);
	if (seconds === undefined)
		throw refuse(`Expires In (Seconds) ${describe(value)} is not a number`);
	if (!Number.isInteger(seconds)) {
		throw refuse(`Expires In (Seconds) ${describe(value)} is not a whole number`);
	}
	if (seconds < 1) throw refuse(`Expires In (Seconds) must be at least 1, got ${seconds}`);
	if (seconds > MAX_EXPIRES_IN_SECONDS) {
		throw refuse(
			`Expires In (Seconds) ${seconds} is longer than ten years`,
			' Did you enter milliseconds?',
		);
	}
	return seconds;
}

/**
 * The app's sign-in page the link is built on. Refuses what would make the link mean something
 * else to some readers: user:password@, control characters, a missing "//".
 */
export function validateSignInUrl(node: INode, itemIndex: number, value: unknown): string {
	const fix =
		"Enter the full address of your app's sign-in page, for example https://app.example.com/sign-in.";
	const refuse = (problem: string) =>
		inputError(node, itemIndex, { message: `Sign-In URL ${describe(value)} ${problem}`, fix });
	if (typeof value !== 'string') throw refuse('is not a URL');
	const text = value.trim();
	if (hasControlCharacters(text)) throw refuse('contains control characters (such as line breaks)');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw refuse('is not a valid URL');
	}
	if (!/^https?:\/\//i.test(text)) throw refuse('must start with https:// or http://');
	if (url.username !== '' || url.password !== '') {
		throw refuse('contains a user name or password (user:password@); remove them');
	}
	return text;
}

/** A node option: a finite number (or numeric text) from `min` to `max`, whole if `integer`. */
export function validateOption(
	node: INode,
	option: { label: string; value: unknown; min: number; max: number; integer?: boolean },
): number {
	const { label, value, min, max, integer = false } = option;
	const number = toNumber(value);
	if (
		number === undefined ||
		number < min ||
		number > max ||
		(integer && !Number.isInteger(number))
	) {
		const kind = integer ? 'a whole number' : 'a number';
		throw settingError(node, {
			message: `The option ${label} is ${describe(value)}, which is not ${kind} from ${min} to ${max}`,
			fix: `Open the node's Options and set ${label} to ${kind} from ${min} to ${max}, or remove the option to use its default.`,
		});
	}
	return number;
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}
