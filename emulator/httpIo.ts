export type Query = Record<string, string | string[]>;

/** Repeated keys become arrays, as Clerk reads `email_address=a&email_address=b`. */
export function parseQuery(params: URLSearchParams): Query {
	const query: Query = {};
	for (const [key, value] of params) {
		const existing = query[key];
		if (existing === undefined) query[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else query[key] = [existing, value];
	}
	return query;
}

export function queryList(query: Query, key: string): string[] {
	const v = query[key];
	if (v === undefined) return [];
	return Array.isArray(v) ? v : [v];
}

export function queryOne(query: Query, key: string): string | undefined {
	const v = query[key];
	return Array.isArray(v) ? v[v.length - 1] : v;
}

/** A JSON object (not an array): what a request body must be to carry named fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; raw: string };

/** JSON or form-encoded, as Clerk accepts both. Empty body is `undefined`. */
export function parseBody(raw: string, contentType: string | undefined): ParsedBody {
	if (raw === '') return { ok: true, value: undefined };
	if (contentType?.includes('application/x-www-form-urlencoded')) {
		return { ok: true, value: Object.fromEntries(new URLSearchParams(raw)) };
	}
	try {
		return { ok: true, value: JSON.parse(raw) as unknown };
	} catch {
		return { ok: false, raw };
	}
}
