import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { setTimeout as delay } from 'node:timers/promises';
import { authErrors, ClerkHttpError, errorBody, notFound, tooManyRequests } from './clerkErrors';
import { FaultQueue } from './faults';
import { parseBody, parseQuery, queryOne, type Query } from './httpIo';
import { SlidingWindowLimiter } from './rateLimiter';
import { faultReply, fromClerkError, html, json, type Reply } from './replies';
import { seedOrganizations, seedUsers, usersFromSeeds } from './seed';
import {
	ADMIN_PREFIX,
	API_PREFIX,
	apiUrlOf,
	DEFAULT_SECRET_KEY,
	TICKET_ACCEPT_PATH,
} from './defaults';
import { createSignInToken, revokeSignInToken, type SignInTokenDeps } from './signInTokensApi';
import { TokenStore, type AcceptOutcome } from './tokenStore';
import { UserDirectory } from './usersApi';
import { handleAdmin } from './adminApi';
import type {
	Counters,
	EmulatorConfig,
	EmulatorOptions,
	EmulatorOrganization,
	EmulatorUser,
	FaultRule,
	RateLimit,
	RecordedRequest,
	SignInTokenRecord,
	UserSeed,
} from './types';

const REVOKE_PATH = /^\/v1\/sign_in_tokens\/([^/]+)\/revoke$/;
const USER_PATH = /^\/v1\/users\/([^/]+)$/;

/** A /v1 request as recorded, plus what the router needs to know of its body. */
type V1Request = RecordedRequest & { bodyInvalid: boolean; formEncoded: boolean };

const TICKET_PAGES: Record<AcceptOutcome, [status: number, title: string, message: string]> = {
	accepted: [200, 'Signed in', 'The sign-in token was accepted.'],
	not_found: [404, 'Invalid link', 'This sign-in link is not valid.'],
	expired: [410, 'Link expired', 'This sign-in link has expired.'],
	not_pending: [409, 'Link already used', 'This sign-in link was already used or revoked.'],
};

export class EmulatorServer {
	url = '';
	apiUrl = '';
	readonly secretKey: string;
	readonly requests: RecordedRequest[] = [];
	/** Arrival time (ms since the epoch) of each /v1 request, taken before latency, faults and auth. */
	readonly arrivals: number[] = [];
	readonly counters: Counters = { total: 0, byStatus: {} };
	readonly users: EmulatorUser[] = seedUsers();
	readonly organizations: EmulatorOrganization[] = seedOrganizations();
	recordRequests: boolean;
	recordArrivals: boolean;

	private readonly keys: Set<string>;
	private readonly faults = new FaultQueue();
	private readonly store = new TokenStore(() => this.url + TICKET_ACCEPT_PATH);
	private readonly directory = new UserDirectory(this.users);
	private readonly server: Server;
	private limiter: SlidingWindowLimiter | null = null;
	private rateLimitConfig: RateLimit | null = null;
	private latencyMs = 0;
	private readonly tokenDeps: SignInTokenDeps;

	constructor(options: EmulatorOptions = {}) {
		const keys = options.secretKeys?.length ? options.secretKeys : [DEFAULT_SECRET_KEY];
		this.keys = new Set(keys);
		this.secretKey = keys[0];
		this.recordRequests = options.recordRequests ?? true;
		this.recordArrivals = options.recordArrivals ?? true;
		this.setLatency(options.latencyMs ?? 0);
		this.setRateLimit(options.rateLimit ?? null);
		this.tokenDeps = {
			store: this.store,
			findUser: (id) => this.directory.find(id),
			organizations: this.organizations,
			now: () => Date.now(),
		};
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((err: unknown) => {
				const code = 'internal_clerk_error';
				const error = { message: 'emulator error', long_message: String(err), code };
				if (res.headersSent) res.destroy();
				else this.write(res, req, json(500, errorBody(error)), false);
			});
		});
		// Benchmarks open many keep-alive sockets; never let Node's header timeout cut a hanging fault short.
		this.server.keepAliveTimeout = 30_000;
	}

	get tokens(): Map<string, SignInTokenRecord> {
		return this.store.tokens;
	}

	async listen(port: number, host: string): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const { port: bound } = this.server.address() as AddressInfo;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
		this.apiUrl = apiUrlOf(this.url);
	}

	/** Appends users built from `seeds` (duplicate emails allowed; duplicate ids refused). */
	addUsers(seeds: readonly UserSeed[]): EmulatorUser[] {
		const added = usersFromSeeds(seeds, this.users);
		const ids = new Set(this.users.map((u) => u.id));
		for (const user of added) {
			if (ids.has(user.id)) throw new Error(`a user with id ${user.id} already exists`);
			ids.add(user.id);
		}
		this.users.push(...added);
		return added;
	}

	injectFault(rule: FaultRule): void {
		this.faults.add(rule);
	}

	clearFaults(): void {
		this.faults.clear();
	}

	/** Uses a token (by id or ticket) as its link would; throws naming why it cannot be used. */
	acceptToken(idOrToken: string): SignInTokenRecord {
		const outcome = this.store.accept(idOrToken, Date.now());
		const record = this.store.find(idOrToken);
		if (outcome !== 'accepted' || !record)
			throw new Error(`cannot accept sign-in token ${idOrToken}: ${outcome}`);
		return record;
	}

	setRateLimit(limit: RateLimit | null): void {
		this.limiter = limit ? new SlidingWindowLimiter(limit) : null;
		this.rateLimitConfig = limit ? { limit: limit.limit, windowMs: limit.windowMs } : null;
	}

	setLatency(ms: number): void {
		if (!(ms >= 0) || !Number.isFinite(ms))
			throw new Error(`latency must be a finite number >= 0, got ${ms}`);
		this.latencyMs = ms;
	}

	get config(): EmulatorConfig {
		return {
			rateLimit: this.rateLimitConfig,
			latencyMs: this.latencyMs,
			recordRequests: this.recordRequests,
			recordArrivals: this.recordArrivals,
		};
	}

	reset(): void {
		this.requests.length = 0;
		this.arrivals.length = 0;
		this.counters.total = 0;
		for (const status of Object.keys(this.counters.byStatus))
			delete this.counters.byStatus[Number(status)];
		this.faults.clear();
		this.store.clear();
		this.directory.invalidate();
		this.setRateLimit(this.rateLimitConfig);
	}

	async close(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		// Ends keep-alive and hanging-fault sockets, which server.close() alone would wait for.
		this.server.closeAllConnections();
		await closed;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://emulator');
		const method = (req.method ?? 'GET').toUpperCase();
		const raw = await text(req);
		if (url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
			const route = url.pathname.slice(ADMIN_PREFIX.length);
			this.write(res, req, handleAdmin(this, method, route, raw), false);
			return;
		}
		if (!url.pathname.startsWith(`${API_PREFIX}/`) && url.pathname !== API_PREFIX) {
			this.write(res, req, fromClerkError(notFound()), false);
			return;
		}
		const contentType = req.headers['content-type'];
		const parsed = parseBody(raw, contentType);
		const recorded: RecordedRequest = {
			method,
			path: url.pathname,
			query: parseQuery(url.searchParams),
			headers: { ...req.headers },
			body: parsed.ok ? parsed.value : parsed.raw,
		};
		this.counters.total++;
		if (this.recordArrivals) this.arrivals.push(Date.now());
		if (this.recordRequests) this.requests.push(recorded);
		const formEncoded = contentType?.includes('application/x-www-form-urlencoded') ?? false;
		const request: V1Request = { ...recorded, bodyInvalid: !parsed.ok, formEncoded };
		if (this.latencyMs > 0) await delay(this.latencyMs);
		this.write(res, req, this.replyV1(request), true);
	}

	private replyV1(request: V1Request): Reply {
		const fault = this.faults.take(request.method, request.path);
		if (fault) return faultReply(fault);
		try {
			if (request.method === 'GET' && request.path === TICKET_ACCEPT_PATH)
				return this.acceptTicket(request.query);
			const key = this.authenticate(request.headers.authorization);
			if (this.limiter) {
				const decision = this.limiter.check(key, Date.now());
				if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
			}
			return this.route(request);
		} catch (err) {
			if (err instanceof ClerkHttpError) return fromClerkError(err);
			throw err;
		}
	}

	private authenticate(header: string | string[] | undefined): string {
		if (typeof header !== 'string' || header.trim() === '')
			throw new ClerkHttpError(401, authErrors.missingHeader);
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match) throw new ClerkHttpError(401, authErrors.badHeaderFormat);
		if (!this.keys.has(match[1])) throw new ClerkHttpError(401, authErrors.invalidKey);
		return match[1];
	}

	private route(request: V1Request): Reply {
		const { method, path } = request;
		if (method === 'POST' && path === '/v1/sign_in_tokens') {
			if (request.bodyInvalid) {
				throw new ClerkHttpError(400, {
					message: 'Malformed request',
					long_message: 'The request body could not be parsed as JSON.',
					code: 'malformed_request',
				});
			}
			return json(200, createSignInToken(this.tokenDeps, request.body, request.formEncoded));
		}
		const revoke = method === 'POST' ? REVOKE_PATH.exec(path) : null;
		if (revoke) return json(200, revokeSignInToken(this.tokenDeps, decodeURIComponent(revoke[1])));
		if (method === 'GET' && path === '/v1/users')
			return json(200, this.directory.list(request.query));
		const user = method === 'GET' ? USER_PATH.exec(path) : null;
		if (user) return json(200, this.directory.get(decodeURIComponent(user[1])));
		throw notFound();
	}

	/** The link the end user opens: really uses the token, as Clerk's ticket redirect would. */
	private acceptTicket(query: Query): Reply {
		const outcome = this.store.accept(queryOne(query, 'ticket') ?? '', Date.now());
		return html(...TICKET_PAGES[outcome]);
	}

	private write(res: ServerResponse, req: IncomingMessage, reply: Reply, counted: boolean): void {
		if (reply.kind === 'reset') req.socket.destroy();
		if (reply.kind !== 'send') return;
		const { status, contentType, text, headers } = reply;
		if (counted) this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
		res.writeHead(status, {
			'Content-Type': contentType,
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}
}
