import { isRecord, parseBody } from './httpIo';
import { json, type Reply } from './replies';
import type { EmulatorServer } from './server';
import type { EmulatorConfig, Fault, FaultRule, RateLimit, UserSeed } from './types';

const FAULT_KINDS: ReadonlySet<string> = new Set(
	'status reset hang malformed-json html'.split(' '),
);

function adminError(status: number, message: string): Reply {
	return json(status, { error: message });
}

/** JSON has no Infinity or RegExp: `times` may be null/"Infinity", and `pathRegex` carries a pattern. */
function faultRuleFromJson(body: unknown): FaultRule {
	if (
		!isRecord(body) ||
		!isRecord(body.fault) ||
		typeof body.fault.kind !== 'string' ||
		!FAULT_KINDS.has(body.fault.kind)
	) {
		throw new Error(
			'expected {"fault": {"kind": "status"|"reset"|"hang"|"malformed-json"|"html", ...}}',
		);
	}
	const rule: FaultRule = { fault: body.fault as unknown as Fault };
	if (typeof body.method === 'string') rule.method = body.method;
	if (typeof body.pathRegex === 'string') rule.path = new RegExp(body.pathRegex);
	else if (typeof body.path === 'string') rule.path = body.path;
	if (body.times === null || body.times === 'Infinity') rule.times = Infinity;
	else if (typeof body.times === 'number') rule.times = body.times;
	if (typeof body.skip === 'number') rule.skip = body.skip;
	return rule;
}

function readRateLimit(value: unknown): RateLimit | null {
	if (value === null) return null;
	if (isRecord(value) && typeof value.limit === 'number' && typeof value.windowMs === 'number') {
		return { limit: value.limit, windowMs: value.windowMs };
	}
	throw new Error('rateLimit must be null or {"limit": N, "windowMs": MS}');
}

/** `[{"email": "a@x.test", ...}, ...]`: each field optional, typed as UserSeed says. */
function userSeedsFromJson(body: unknown): UserSeed[] {
	if (!Array.isArray(body))
		throw new Error('expected an array of users like [{"email": "a@b.test"}]');
	return body.map((entry: unknown, i): UserSeed => {
		if (!isRecord(entry)) throw new Error(`user ${i}: expected an object`);
		const text = (field: string): string | null | undefined => {
			const value = entry[field];
			if (value === undefined || value === null || typeof value === 'string') return value;
			throw new Error(`user ${i}: ${field} must be a string or null`);
		};
		const id = text('id');
		if (id === null) throw new Error(`user ${i}: id must be a string (or left out)`);
		const { banned, public_metadata: metadata } = entry;
		if (banned !== undefined && typeof banned !== 'boolean')
			throw new Error(`user ${i}: banned must be a boolean`);
		if (metadata !== undefined && !isRecord(metadata))
			throw new Error(`user ${i}: public_metadata must be an object`);
		return {
			id,
			email: text('email'),
			first_name: text('first_name'),
			last_name: text('last_name'),
			username: text('username'),
			banned,
			public_metadata: metadata,
		};
	});
}

function configure(emulator: EmulatorServer, body: unknown): EmulatorConfig {
	if (!isRecord(body))
		throw new Error('expected {"rateLimit"?, "latencyMs"?, "recordRequests"?, "recordArrivals"?}');
	if ('rateLimit' in body) emulator.setRateLimit(readRateLimit(body.rateLimit));
	if (typeof body.latencyMs === 'number') emulator.setLatency(body.latencyMs);
	if (typeof body.recordRequests === 'boolean') emulator.recordRequests = body.recordRequests;
	if (typeof body.recordArrivals === 'boolean') emulator.recordArrivals = body.recordArrivals;
	return emulator.config;
}

/** Each route's answer, sent as 200 JSON (`{"ok": true}` when it has none); an Error is a 400. */
const ROUTES: Record<string, (emulator: EmulatorServer, body: unknown) => unknown> = {
	'GET /requests': (e) => e.requests,
	'GET /arrivals': (e) => e.arrivals,
	'GET /counters': (e) => e.counters,
	'GET /users': (e) => e.users,
	'POST /users': (e, body) => e.addUsers(userSeedsFromJson(body)),
	'GET /organizations': (e) => e.organizations,
	'GET /tokens': (e) => [...e.tokens.values()],
	'GET /config': (e) => e.config,
	'PUT /config': configure,
	'POST /faults': (e, body) => e.injectFault(faultRuleFromJson(body)),
	'DELETE /faults': (e) => e.clearFaults(),
	'POST /reset': (e) => e.reset(),
};

/** 200 and the token used; 404 for an unknown token, 409 for one that cannot be used. */
function acceptToken(emulator: EmulatorServer, idOrToken: string): Reply {
	try {
		return json(200, emulator.acceptToken(idOrToken));
	} catch (err) {
		const reason = String(err instanceof Error ? err.message : err);
		return adminError(reason.endsWith('not_found') ? 404 : 409, reason);
	}
}

const ACCEPT_PATH = /^\/tokens\/([^/]+)\/accept\/?$/;

/** Loopback-only control routes mirroring the programmatic API, for the emulator run as its own process. */
export function handleAdmin(
	emulator: EmulatorServer,
	method: string,
	path: string,
	raw: string,
): Reply {
	const parsed = parseBody(raw, 'application/json');
	if (!parsed.ok) return adminError(400, 'body is not valid JSON');
	const accept = method === 'POST' ? ACCEPT_PATH.exec(path) : null;
	const route = ROUTES[`${method} ${path.replace(/\/+$/, '')}`];
	try {
		if (accept) return acceptToken(emulator, decodeURIComponent(accept[1]));
		if (!route) return adminError(404, `no admin route ${method} ${path}`);
		return json(200, route(emulator, parsed.value) ?? { ok: true });
	} catch (err) {
		return adminError(400, err instanceof Error ? err.message : String(err));
	}
}
