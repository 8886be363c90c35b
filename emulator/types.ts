/** Public shapes of the Clerk Backend API emulator. Names are a contract other suites code against. */
import type { EmulatorServer } from './server';

export interface RateLimit {
	limit: number;
	windowMs: number;
}

export interface EmulatorOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	/** Default DEFAULT_HOST (defaults.ts). */
	host?: string;
	/** Default [DEFAULT_SECRET_KEY] (defaults.ts). */
	secretKeys?: string[];
	/** Added before every /v1 response. Default 0. */
	latencyMs?: number;
	/** Sliding window per secret key. Default null (no limit). */
	rateLimit?: RateLimit | null;
	/** Default true; benchmarks turn it off so memory stays flat. */
	recordRequests?: boolean;
	/** Default true: keep each /v1 request's arrival time (ms since the epoch) in `arrivals`, a number
	 * per request, so rates can be judged even with `recordRequests` off. */
	recordArrivals?: boolean;
}

/** A user to add to the seed; what is left out gets the seed's defaults. Emails may repeat across users. */
export interface UserSeed {
	/** Default: a fresh Clerk-looking id. */
	id?: string;
	email?: string | null;
	first_name?: string | null;
	last_name?: string | null;
	username?: string | null;
	banned?: boolean;
	public_metadata?: Record<string, unknown>;
}

/** What `PUT /__emulator/config` and `config` show. */
export type EmulatorConfig = Required<
	Pick<EmulatorOptions, 'rateLimit' | 'latencyMs' | 'recordRequests' | 'recordArrivals'>
>;

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'reset' }
	| { kind: 'hang' }
	| { kind: 'malformed-json'; status?: number }
	| { kind: 'html'; status: number };

export interface FaultRule {
	fault: Fault;
	method?: string;
	path?: string | RegExp;
	/** Matching requests let through before the rule fires (default 0): "the nth request". */
	skip?: number;
	/** Default 1; Infinity keeps the rule forever. */
	times?: number;
}

export interface Counters {
	total: number;
	byStatus: Record<number, number>;
}

export type SignInTokenStatus = 'pending' | 'accepted' | 'revoked';

/** The spec's SignInToken object as sent on the wire. */
export interface SignInToken {
	object: 'sign_in_token';
	id: string;
	status: SignInTokenStatus;
	user_id: string;
	token?: string;
	url?: string | null;
	created_at: number;
	updated_at: number;
}

/** What the emulator keeps per token; `expiresAt` is Unix ms. */
export interface SignInTokenRecord {
	id: string;
	userId: string;
	orgId: string | null;
	token: string;
	url: string;
	status: SignInTokenStatus;
	createdAt: number;
	updatedAt: number;
	expiresAt: number;
}

export type { EmulatorEmailAddress, EmulatorUser } from './seed';

export interface EmulatorOrganization {
	id: string;
	name: string;
	memberUserIds: string[];
}

/** An emulator started in this process: the server's public face without `listen`, which start does. */
export type ClerkEmulator = Omit<EmulatorServer, 'listen'>;
