import { parseBody } from './http-io';
import { json, type Reply } from './replies';
import type { EmulatorServer } from './server';
import type { Fault, FaultRule, RateLimit } from './types';

const FAULT_KINDS: ReadonlySet<string> = new Set([
	'status',
	'reset',
	'hang',
	'malformed-json',
	'html',
]);

function adminError(status: number, message: string): Reply {
	return json(status, { error: message });
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON has no Infinity or RegExp: `times` may be null/"Infinity", and `pathRegex` carries a pattern. */
export function faultRuleFromJson(body: unknown): FaultRule {
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
	return rule;
}

function readRateLimit(value: unknown): RateLimit | null {
	if (value === null) return null;
	if (isRecord(value) && typeof value.limit === 'number' && typeof value.windowMs === 'number') {
		return { limit: value.limit, windowMs: value.windowMs };
	}
	throw new Error('rateLimit must be null or {"limit": N, "windowMs": MS}');
}

/** Loopback-only control routes mirroring the programmatic API, for the emulator run as its own process. */
export async function handleAdmin(
	emulator: EmulatorServer,
	method: string,
	path: string,
	raw: string,
): Promise<Reply> {
	const parsed = parseBody(raw, 'application/json');
	if (!parsed.ok) return adminError(400, 'body is not valid JSON');
	const body = parsed.value;
	try {
		const route = `${method} ${path.replace(/\/+$/, '')}`;
		switch (route) {
			case 'GET /__emulator/requests':
				return json(200, emulator.requests);
			case 'GET /__emulator/counters':
				return json(200, emulator.counters);
			case 'GET /__emulator/users':
				return json(200, emulator.users);
			case 'GET /__emulator/organizations':
				return json(200, emulator.organizations);
			case 'GET /__emulator/tokens':
				return json(200, [...emulator.tokens.values()]);
			case 'GET /__emulator/config':
				return json(200, emulator.config);
			case 'POST /__emulator/faults':
				emulator.injectFault(faultRuleFromJson(body));
				return json(200, { ok: true });
			case 'DELETE /__emulator/faults':
				emulator.clearFaults();
				return json(200, { ok: true });
			case 'POST /__emulator/reset':
				emulator.reset();
				return json(200, { ok: true });
			case 'PUT /__emulator/config': {
				if (!isRecord(body))
					return adminError(400, 'expected {"rateLimit"?, "latencyMs"?, "recordRequests"?}');
				if ('rateLimit' in body) emulator.setRateLimit(readRateLimit(body.rateLimit));
				if (typeof body.latencyMs === 'number') emulator.setLatency(body.latencyMs);
				if (typeof body.recordRequests === 'boolean') emulator.recordRequests = body.recordRequests;
				return json(200, emulator.config);
			}
		}
		const accept =
			method === 'POST' ? /^\/__emulator\/tokens\/([^/]+)\/accept\/?$/.exec(path) : null;
		if (accept) {
			const idOrToken = decodeURIComponent(accept[1]);
			try {
				emulator.acceptToken(idOrToken);
			} catch (err) {
				const reason = err instanceof Error ? err.message : String(err);
				return adminError(reason.endsWith('not_found') ? 404 : 409, reason);
			}
			return json(
				200,
				emulator.tokens.get(idOrToken) ??
					[...emulator.tokens.values()].find((t) => t.token === idOrToken),
			);
		}
		return adminError(404, `no admin route ${method} ${path}`);
	} catch (err) {
		return adminError(400, err instanceof Error ? err.message : String(err));
	}
}
