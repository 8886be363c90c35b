/** Public shapes of the Clerk Backend API emulator. Names are a contract other suites code against. */

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
export interface EmulatorConfig {
	rateLimit: RateLimit | null;
	latencyMs: number;
	recordRequests: boolean;
	recordArrivals: boolean;
}

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

export interface EmulatorVerification {
	object: 'verification_admin';
	status: 'verified';
	strategy: 'admin';
	attempts: number | null;
	expire_at: number | null;
}

export interface EmulatorEmailAddress {
	id: string;
	object: 'email_address';
	email_address: string;
	reserved: boolean;
	verification: EmulatorVerification | null;
	linked_to: { type: string; id: string }[];
	matches_sso_connection: boolean;
	created_at: number;
	updated_at: number;
}

/** A Clerk User object with the fields the spec requires (plus a few optional ones). */
export interface EmulatorUser {
	id: string;
	object: 'user';
	external_id: string | null;
	primary_email_address_id: string | null;
	primary_phone_number_id: string | null;
	primary_web3_wallet_id: string | null;
	username: string | null;
	first_name: string | null;
	last_name: string | null;
	locale: string | null;
	image_url: string;
	has_image: boolean;
	public_metadata: Record<string, unknown>;
	private_metadata: Record<string, unknown> | null;
	unsafe_metadata: Record<string, unknown>;
	email_addresses: EmulatorEmailAddress[];
	phone_numbers: unknown[];
	web3_wallets: unknown[];
	passkeys: unknown[];
	password_enabled: boolean;
	two_factor_enabled: boolean;
	totp_enabled: boolean;
	backup_code_enabled: boolean;
	mfa_enabled_at: number | null;
	mfa_disabled_at: number | null;
	password_last_updated_at: number | null;
	external_accounts: unknown[];
	saml_accounts: unknown[];
	enterprise_accounts: unknown[];
	last_sign_in_at: number | null;
	banned: boolean;
	locked: boolean;
	lockout_expires_in_seconds: number | null;
	verification_attempts_remaining: number | null;
	created_at: number;
	updated_at: number;
	delete_self_enabled: boolean;
	create_organization_enabled: boolean;
	create_organizations_limit: number | null;
	last_active_at: number | null;
	legal_accepted_at: number | null;
}

export interface EmulatorOrganization {
	id: string;
	name: string;
	memberUserIds: string[];
}

export interface ClerkEmulator {
	url: string;
	apiUrl: string;
	secretKey: string;
	requests: RecordedRequest[];
	/** Arrival time (ms since the epoch) of each /v1 request, taken before latency, faults and auth. */
	arrivals: number[];
	counters: Counters;
	users: EmulatorUser[];
	organizations: EmulatorOrganization[];
	tokens: Map<string, SignInTokenRecord>;
	addUsers(seeds: readonly UserSeed[]): EmulatorUser[];
	injectFault(rule: FaultRule): void;
	clearFaults(): void;
	acceptToken(idOrToken: string): void;
	setRateLimit(limit: RateLimit | null): void;
	setLatency(ms: number): void;
	reset(): void;
	close(): Promise<void>;
}
