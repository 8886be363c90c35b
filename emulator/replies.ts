import { STATUS_CODES } from 'node:http';
import { errorBody, defaultErrorForStatus, type ClerkHttpError } from './clerkErrors';
import type { Fault } from './types';

/** What a handler decided; written in one place so counters see every status. */
export type Reply =
	| {
			kind: 'send';
			status: number;
			contentType: string;
			text: string;
			headers?: Record<string, string>;
	  }
	| { kind: 'reset' | 'hang' };

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	const contentType = 'application/json; charset=utf-8';
	return { kind: 'send', status, contentType, text: JSON.stringify(body), headers };
}

export function fromClerkError(err: ClerkHttpError): Reply {
	return json(err.status, errorBody(err.error), err.headers);
}

export function html(status: number, title: string, message: string): Reply {
	const text = `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>`;
	return { kind: 'send', status, contentType: 'text/html; charset=utf-8', text };
}

/** A truncated sign-in token, as a proxy cutting the body short would leave it. */
const MALFORMED_JSON = '{"object":"sign_in_tok';

export function faultReply(fault: Fault): Reply {
	switch (fault.kind) {
		case 'reset':
		case 'hang':
			return { kind: fault.kind };
		case 'malformed-json': {
			const status = fault.status ?? 200;
			return { kind: 'send', status, contentType: 'application/json', text: MALFORMED_JSON };
		}
		case 'html': {
			// What nginx-style proxies in front of an API send when the upstream fails.
			const title = `${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}`;
			const text = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
			return { kind: 'send', status: fault.status, contentType: 'text/html', text };
		}
		case 'status': {
			const retryAfter: Record<string, string> = fault.status === 429 ? { 'Retry-After': '1' } : {};
			const body =
				fault.body !== undefined ? fault.body : errorBody(defaultErrorForStatus(fault.status));
			return json(fault.status, body, { ...retryAfter, ...fault.headers });
		}
	}
}
