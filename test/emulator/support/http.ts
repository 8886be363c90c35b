import { EmulatorClient, httpCall, type ApiCall, type ApiResponse } from '../../../emulator/client';
import type { ClerkEmulator } from '../../../emulator';
import type { ClerkError, ClerkErrorBody } from '../../../emulator/clerkErrors';

export { httpCall as call, type ApiResponse };

/** A Backend API call as the node makes it: Bearer secret key, JSON body, path relative to /v1. */
export function api(
	emulator: ClerkEmulator,
	method: string,
	path: string,
	options: ApiCall = {},
): Promise<ApiResponse> {
	return EmulatorClient.of(emulator).api(method, path, options);
}

/** An admin call answered as is (status included), path relative to /__emulator. */
export function admin(
	emulator: ClerkEmulator,
	method: string,
	path: string,
	body?: unknown,
): Promise<ApiResponse> {
	return EmulatorClient.of(emulator).admin(method, path, body);
}

/** The single error of a Clerk error body. */
export function firstError(res: ApiResponse): ClerkError {
	const body = res.json as Partial<ClerkErrorBody> | undefined;
	if (!body?.errors?.[0]) throw new Error(`not a Clerk error body (${res.status}): ${res.text}`);
	return body.errors[0];
}
