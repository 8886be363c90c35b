import { randomBytesPooled as randomBytes } from './randomPool';

/** One entry of Clerk's `errors` array (spec schema ClerkError). */
export interface ClerkError {
	message: string;
	long_message: string;
	code: string;
	meta?: Record<string, unknown>;
}

/** Clerk's error envelope (spec schema ClerkErrors). */
export interface ClerkErrorBody {
	errors: ClerkError[];
	clerk_trace_id: string;
}

/** An error the router turns into a response: status plus Clerk body plus optional headers. */
export class ClerkHttpError extends Error {
	constructor(
		readonly status: number,
		readonly error: ClerkError,
		readonly headers: Record<string, string> = {},
	) {
		super(error.long_message);
	}
}

export function errorBody(error: ClerkError): ClerkErrorBody {
	return { errors: [error], clerk_trace_id: randomBytes(16).toString('hex') };
}

function clerkError(code: string, message: string, long_message: string): ClerkError {
	return { message, long_message, code };
}

function paramError(code: string, message: string, param: string, long: string): ClerkHttpError {
	return new ClerkHttpError(422, {
		message,
		long_message: long,
		code,
		meta: { param_name: param },
	});
}

// Messages follow Clerk's published error index (clerk.com/docs/errors); on the wire Clerk drops the
// `_code` suffix its Go constants carry, except where the API itself keeps it (revoke).
const INVALID_KEY =
	'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.';
export const authErrors = {
	missingHeader: clerkError(
		'authentication_invalid',
		'Invalid authentication',
		'Unable to authenticate the request, you need to supply an active session',
	),
	badHeaderFormat: clerkError(
		'authorization_header_format_invalid',
		'Invalid Authorization header format',
		"Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'",
	),
	invalidKey: clerkError('clerk_key_invalid', INVALID_KEY, INVALID_KEY),
};

export function notFound(what = 'resource'): ClerkHttpError {
	const long = `The requested ${what} was not found`;
	return new ClerkHttpError(404, clerkError('resource_not_found', 'not found', long));
}

export function paramMissing(param: string): ClerkHttpError {
	const long = `${param} must be included.`;
	return paramError('form_param_missing', 'missing required parameter', param, long);
}

export function paramInvalid(param: string, why: string): ClerkHttpError {
	return paramError('form_param_value_invalid', 'is invalid', param, `${param} ${why}`);
}

export function paramUnknown(param: string): ClerkHttpError {
	const long = `${param} is not a valid parameter for this request.`;
	return paramError('form_param_unknown', 'is unknown', param, long);
}

/** A parameter Clerk's spec lists that the emulator does not implement: refused rather than ignored. */
export function paramUnsupported(param: string): ClerkHttpError {
	const long = `${param} is a Clerk parameter the emulator does not implement; implement it in emulator/ before a test relies on it.`;
	return paramError('form_param_unknown', 'is not supported by the emulator', param, long);
}

export function tooManyRequests(retryAfterSeconds: number): ClerkHttpError {
	const long = 'Too many requests, please try again later.';
	const error = clerkError('too_many_requests', 'Too many requests', long);
	return new ClerkHttpError(429, error, { 'Retry-After': String(retryAfterSeconds) });
}

/** The body an injected `status` fault sends when the test gives none: what Clerk says for that status. */
const STATUS_ERRORS: Record<number, ClerkError> = {
	400: clerkError('bad_request', 'Bad request', 'The request was malformed'),
	401: authErrors.invalidKey,
	403: clerkError(
		'authorization_invalid',
		'Unauthorized request',
		'You are not authorized to perform this request',
	),
	404: notFound().error,
	409: clerkError('conflict', 'Conflict', 'The request conflicts with the resource state'),
	422: clerkError('form_param_value_invalid', 'is invalid', 'The request parameters are invalid'),
	429: tooManyRequests(1).error,
};

export function defaultErrorForStatus(status: number): ClerkError {
	if (status in STATUS_ERRORS) return STATUS_ERRORS[status];
	if (status < 500)
		return clerkError(
			'unexpected_error',
			'Request failed',
			`The request failed with status ${status}`,
		);
	return clerkError(
		'internal_clerk_error',
		'Oops, an unexpected error occurred',
		"There was an internal error on our servers. We've been notified and are working on fixing it.",
	);
}
