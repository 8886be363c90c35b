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

function traceId(): string {
	return randomBytes(16).toString('hex');
}

export function errorBody(error: ClerkError): ClerkErrorBody {
	return { errors: [error], clerk_trace_id: traceId() };
}

// Messages follow Clerk's published error index (clerk.com/docs/errors); on the wire Clerk drops the
// `_code` suffix its Go constants carry, except where the API itself keeps it (revoke).
export const authErrors = {
	missingHeader: (): ClerkError => ({
		message: 'Invalid authentication',
		long_message: 'Unable to authenticate the request, you need to supply an active session',
		code: 'authentication_invalid',
	}),
	badHeaderFormat: (): ClerkError => ({
		message: 'Invalid Authorization header format',
		long_message: "Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'",
		code: 'authorization_header_format_invalid',
	}),
	invalidKey: (): ClerkError => ({
		message:
			'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
		long_message:
			'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
		code: 'clerk_key_invalid',
	}),
};

export function notFound(what = 'resource'): ClerkHttpError {
	return new ClerkHttpError(404, {
		message: 'not found',
		long_message: `The requested ${what} was not found`,
		code: 'resource_not_found',
	});
}

export function paramMissing(param: string): ClerkHttpError {
	return new ClerkHttpError(422, {
		message: 'missing required parameter',
		long_message: `${param} must be included.`,
		code: 'form_param_missing',
		meta: { param_name: param },
	});
}

export function paramInvalid(param: string, why: string): ClerkHttpError {
	return new ClerkHttpError(422, {
		message: 'is invalid',
		long_message: `${param} ${why}`,
		code: 'form_param_value_invalid',
		meta: { param_name: param },
	});
}

export function paramUnknown(param: string): ClerkHttpError {
	return new ClerkHttpError(422, {
		message: 'is unknown',
		long_message: `${param} is not a valid parameter for this request.`,
		code: 'form_param_unknown',
		meta: { param_name: param },
	});
}

/** A parameter Clerk's spec lists that the emulator does not implement: refused rather than ignored. */
export function paramUnsupported(param: string): ClerkHttpError {
	return new ClerkHttpError(422, {
		message: 'is not supported by the emulator',
		long_message: `${param} is a Clerk parameter the emulator does not implement; implement it in emulator/ before a test relies on it.`,
		code: 'form_param_unknown',
		meta: { param_name: param },
	});
}

export function tooManyRequests(retryAfterSeconds: number): ClerkHttpError {
	return new ClerkHttpError(
		429,
		{
			message: 'Too many requests',
			long_message: 'Too many requests, please try again later.',
			code: 'too_many_requests',
		},
		{ 'Retry-After': String(retryAfterSeconds) },
	);
}

/** The body an injected `status` fault sends when the test gives none: what Clerk says for that status. */
export function defaultErrorForStatus(status: number): ClerkError {
	switch (status) {
		case 400:
			return {
				message: 'Bad request',
				long_message: 'The request was malformed',
				code: 'bad_request',
			};
		case 401:
			return authErrors.invalidKey();
		case 403:
			return {
				message: 'Unauthorized request',
				long_message: 'You are not authorized to perform this request',
				code: 'authorization_invalid',
			};
		case 404:
			return notFound().error;
		case 409:
			return {
				message: 'Conflict',
				long_message: 'The request conflicts with the resource state',
				code: 'conflict',
			};
		case 422:
			return {
				message: 'is invalid',
				long_message: 'The request parameters are invalid',
				code: 'form_param_value_invalid',
			};
		case 429:
			return tooManyRequests(1).error;
		default:
			return status >= 500
				? {
						message: 'Oops, an unexpected error occurred',
						long_message:
							"There was an internal error on our servers. We've been notified and are working on fixing it.",
						code: 'internal_clerk_error',
					}
				: {
						message: 'Request failed',
						long_message: `The request failed with status ${status}`,
						code: 'unexpected_error',
					};
	}
}
