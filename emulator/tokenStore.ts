import { randomBytesPooled as randomBytes } from './randomPool';
import type { SignInToken, SignInTokenRecord } from './types';

const DEFAULT_EXPIRES_IN_SECONDS = 2_592_000; // 30 days, the spec's default
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(prefix: string): string {
	const bytes = randomBytes(27);
	let out = `${prefix}_`;
	for (const b of bytes) out += ID_ALPHABET[b % ID_ALPHABET.length];
	return out;
}

function base64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Looks like Clerk's ticket: a JWT whose claims name the token id and user. Nobody verifies its signature. */
function ticketFor(id: string, userId: string, createdAt: number, expiresAt: number): string {
	const header = base64url({ alg: 'HS256', kid: 'ins_emulator', typ: 'JWT' });
	const claims = base64url({
		iss: 'clerk-emulator',
		sid: id,
		sub: userId,
		iat: Math.floor(createdAt / 1000),
		exp: Math.floor(expiresAt / 1000),
		jti: randomBytes(8).toString('hex'),
	});
	return `${header}.${claims}.${randomBytes(32).toString('base64url')}`;
}

export type AcceptOutcome = 'accepted' | 'not_found' | 'expired' | 'not_pending';

export class TokenStore {
	readonly tokens = new Map<string, SignInTokenRecord>();
	private readonly idByTicket = new Map<string, string>();

	constructor(private readonly acceptUrl: () => string) {}

	create(
		userId: string,
		orgId: string | null,
		expiresInSeconds: number | undefined,
		now: number,
	): SignInTokenRecord {
		const id = randomId('sit');
		const expiresAt = now + (expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000;
		const token = ticketFor(id, userId, now, expiresAt);
		const record: SignInTokenRecord = {
			id,
			userId,
			orgId,
			token,
			url: `${this.acceptUrl()}?ticket=${encodeURIComponent(token)}`,
			status: 'pending',
			createdAt: now,
			updatedAt: now,
			expiresAt,
		};
		this.tokens.set(id, record);
		this.idByTicket.set(token, id);
		return record;
	}

	find(idOrToken: string): SignInTokenRecord | undefined {
		return this.tokens.get(idOrToken) ?? this.tokens.get(this.idByTicket.get(idOrToken) ?? '');
	}

	/** Pending -> accepted, unless revoked, already used or past its expiry (status then stays pending). */
	accept(idOrToken: string, now: number): AcceptOutcome {
		const record = this.find(idOrToken);
		if (!record) return 'not_found';
		if (record.status !== 'pending') return 'not_pending';
		if (now >= record.expiresAt) return 'expired';
		record.status = 'accepted';
		record.updatedAt = now;
		return 'accepted';
	}

	clear(): void {
		this.tokens.clear();
		this.idByTicket.clear();
	}
}

/**
 * A token on the wire. The create response carries the secret ticket and its link; the revoke
 * response has no `token` and `url: null`, which the spec's nullable `url` allows.
 */
export function toWire(r: SignInTokenRecord, created: boolean): SignInToken {
	return {
		object: 'sign_in_token',
		id: r.id,
		status: r.status,
		user_id: r.userId,
		...(created ? { token: r.token, url: r.url } : { url: null }),
		created_at: r.createdAt,
		updated_at: r.updatedAt,
	};
}
