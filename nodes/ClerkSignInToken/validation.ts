import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/** Longest expiry accepted: ten years. Anything longer is a typo (milliseconds pasted as seconds). */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 60 * 60;

export const DEFAULT_EXPIRES_IN_SECONDS = 30 * 24 * 60 * 60;

// Clerk ids are a prefix plus a base62 body; anything else would be sent as part of a URL path.
const CLERK_ID_BODY = /^[A-Za-z0-9]+$/;

// Deliberately loose: Clerk is the judge of deliverability; this only stops values that cannot
// be an address at all (no @, spaces, no dot in the domain).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

function invalid(node: INode, itemIndex: number, message: string, fix: string): NodeOperationError {
	const error = new NodeOperationError(node, `${message} (item ${itemIndex})`, {
		itemIndex,
		description: fix,
	});
	error.context.clerkCode = 'invalid_input';
	return error;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	return JSON.stringify(value) ?? String(value);
}

/** Checks a Clerk object id such as user_… or sit_… before it is placed in a request. */
export function validateClerkId(
	node: INode,
	itemIndex: number,
	field: string,
	prefix: string,
	value: unknown,
): string {
	const example = `${prefix}_2abcDEF123`;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw invalid(
			node,
			itemIndex,
			`${field} is empty`,
			`Enter a Clerk ID that starts with ${prefix}_, for example ${example}, or map it from an earlier node.`,
		);
	}
	if (typeof value !== 'string') {
		throw invalid(
			node,
			itemIndex,
			`${field} must be text, got ${describe(value)}`,
			`Enter a Clerk ID that starts with ${prefix}_, for example ${example}.`,
		);
	}
	const id = value.trim();
	if (/[\s/%]|\.\./.test(id)) {
		throw invalid(
			node,
			itemIndex,
			`${field} ${describe(value)} contains characters an ID cannot have (spaces, "/", "%" or "..")`,
			`Use the bare ID, for example ${example}, not a URL, a path or an encoded value.`,
		);
	}
	if (!id.startsWith(`${prefix}_`)) {
		throw invalid(
			node,
			itemIndex,
			`${field} ${describe(value)} does not start with "${prefix}_"`,
			`Clerk ${field}s look like ${example}. Check that you mapped the right field.`,
		);
	}
	if (!CLERK_ID_BODY.test(id.slice(prefix.length + 1))) {
		throw invalid(
			node,
			itemIndex,
			`${field} ${describe(value)} is not a valid Clerk ID`,
			`After "${prefix}_" a Clerk ID has only letters and digits, for example ${example}.`,
		);
	}
	return id;
}

export function validateEmail(node: INode, itemIndex: number, value: unknown): string {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw invalid(
			node,
			itemIndex,
			'Email is empty',
			'Enter the email address of an existing Clerk user, or map it from an earlier node.',
		);
	}
	const email = String(value).trim();
	if (typeof value !== 'string' || !EMAIL.test(email)) {
		throw invalid(
			node,
			itemIndex,
			`Email ${describe(value)} is not a valid email address`,
			'Enter one address such as ada@example.com, without a name or angle brackets.',
		);
	}
	return email;
}

/** Accepts numbers and digit strings (expressions often yield strings); anything else is refused. */
export function validateExpiresInSeconds(node: INode, itemIndex: number, value: unknown): number {
	const fix = `Enter a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS} (ten years); for example 3600 for one hour or ${DEFAULT_EXPIRES_IN_SECONDS} for 30 days.`;
	let seconds: number;
	if (typeof value === 'number') {
		seconds = value;
	} else if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) {
		seconds = Number(value);
	} else {
		throw invalid(node, itemIndex, `Expires In (Seconds) ${describe(value)} is not a number`, fix);
	}
	if (!Number.isFinite(seconds) || !Number.isInteger(seconds)) {
		throw invalid(
			node,
			itemIndex,
			`Expires In (Seconds) ${describe(value)} is not a whole number`,
			fix,
		);
	}
	if (seconds < 1) {
		throw invalid(node, itemIndex, `Expires In (Seconds) must be at least 1, got ${seconds}`, fix);
	}
	if (seconds > MAX_EXPIRES_IN_SECONDS) {
		throw invalid(
			node,
			itemIndex,
			`Expires In (Seconds) ${seconds} is longer than ten years`,
			`${fix} Did you enter milliseconds?`,
		);
	}
	return seconds;
}

export function validateSignInUrl(node: INode, itemIndex: number, value: unknown): string {
	const fix =
		"Enter the full address of your app's sign-in page, for example https://app.example.com/sign-in.";
	if (typeof value !== 'string') {
		throw invalid(node, itemIndex, `Sign-In URL ${describe(value)} is not a URL`, fix);
	}
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw invalid(node, itemIndex, `Sign-In URL ${describe(value)} is not a valid URL`, fix);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw invalid(
			node,
			itemIndex,
			`Sign-In URL ${describe(value)} must start with https:// or http://`,
			fix,
		);
	}
	return value.trim();
}
