import type { ClerkEmulator } from '../../../emulator';

export interface ApiResponse {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export interface ApiCall {
	body?: unknown;
	/** Secret key to send; null sends no Authorization header. Default: the emulator's key. */
	key?: string | null;
	headers?: Record<string, string>;
}

function parse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export async function call(
	url: string,
	method: string,
	init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { ...init.headers };
	let body: string | undefined;
	if (init.body !== undefined) {
		body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(url, { method, headers, body });
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: parse(text) };
}

/** A Backend API call as the node makes it: Bearer secret key, JSON body, path relative to /v1. */
export function api(
	emulator: ClerkEmulator,
	method: string,
	path: string,
	options: ApiCall = {},
): Promise<ApiResponse> {
	const key = options.key === undefined ? emulator.secretKey : options.key;
	const headers: Record<string, string> = { ...options.headers };
	if (key !== null) headers.Authorization = `Bearer ${key}`;
	return call(`${emulator.apiUrl}${path}`, method, { body: options.body, headers });
}

export function admin(
	emulator: ClerkEmulator,
	method: string,
	path: string,
	body?: unknown,
): Promise<ApiResponse> {
	return call(`${emulator.url}/__emulator${path}`, method, { body });
}

/** The single error of a Clerk error body. */
export function firstError(res: ApiResponse): {
	code: string;
	message: string;
	long_message: string;
	meta?: Record<string, unknown>;
} {
	const body = res.json as {
		errors?: {
			code: string;
			message: string;
			long_message: string;
			meta?: Record<string, unknown>;
		}[];
	};
	if (!body?.errors?.[0]) throw new Error(`not a Clerk error body (${res.status}): ${res.text}`);
	return body.errors[0];
}
