import { randomBytes } from 'node:crypto';

import { setTimeout as sleep } from 'node:timers/promises';

import type { EmulatorUser } from '../emulator';
import examples from '../emulator/webhooks/clerkWebhookExamples.json';
import { signClerkWebhook } from '../emulator/webhooks/sign';

/** One webhook delivery as Clerk (through Svix) sends it: the exact body bytes and their headers. */
export interface ClerkDelivery {
	id: string;
	body: string;
	headers: Record<string, string>;
}

export interface DeliveryAnswer {
	status: number;
	body: string;
}

/** Svix message ids look like `msg_` + random characters; a fresh one per delivery. */
function newDeliveryId(): string {
	return `msg_e2e${randomBytes(12).toString('hex')}`;
}

/**
 * Clerk's own `user.created` example (from its webhooks spec) about a user the emulator knows, so
 * the workflow's Create step can make a token for them and the email step finds their address.
 */
export function userCreatedBody(user: EmulatorUser): string {
	const event = JSON.parse(
		JSON.stringify(examples['user.created']),
	) as (typeof examples)['user.created'];
	const emails = user.email_addresses.map((e, i) => ({
		id: `idn_e2e${i}`,
		object: 'email_address',
		email_address: e.email_address,
	}));
	const data = {
		...event.data,
		id: user.id,
		first_name: user.first_name,
		last_name: user.last_name,
		email_addresses: emails,
		primary_email_address_id: emails[0]?.id ?? null,
	};
	return JSON.stringify({ ...event, data });
}

/** Signs `body` with `secret` now, under a fresh delivery id unless one is given (a retry). */
export function signedDelivery(secret: string, body: string, id = newDeliveryId()): ClerkDelivery {
	return {
		id,
		body,
		headers: {
			...signClerkWebhook(secret, id, new Date(), body),
			'content-type': 'application/json',
		},
	};
}

/** The same signed delivery with one byte of its body changed (still valid JSON). */
export function withOneByteChanged(delivery: ClerkDelivery): ClerkDelivery {
	const at = delivery.body.indexOf('"first_name":"') + '"first_name":"'.length;
	if (at < '"first_name":"'.length) throw new Error('the body has no first_name to change');
	const changed = String.fromCharCode(delivery.body.charCodeAt(at) ^ 1);
	return { ...delivery, body: delivery.body.slice(0, at) + changed + delivery.body.slice(at + 1) };
}

/** POSTs the delivery's body byte for byte, as Svix does. */
export async function deliver(
	url: string,
	delivery: ClerkDelivery,
	signal?: AbortSignal,
): Promise<DeliveryAnswer> {
	const res = await fetch(url, {
		method: 'POST',
		headers: delivery.headers,
		body: Buffer.from(delivery.body),
		signal,
	});
	return { status: res.status, body: await res.text() };
}

/** The emulator's generated users: many, all alike, each may get any number of tokens. */
export function stormUsers(users: EmulatorUser[]): EmulatorUser[] {
	const generated = users.filter((u) =>
		u.email_addresses.some((e) => e.email_address.endsWith('@generated.example')),
	);
	if (generated.length === 0) throw new Error('the emulator has no generated users');
	return generated;
}

/**
 * Users whose token count differs from the deliveries that named them (one token per delivery):
 * a lost run leaves a user short, a run started twice gives one too many.
 */
export function usersWithWrongTokenCount(
	namedUserIds: string[],
	tokens: Array<{ userId: string }>,
): string[] {
	const count = (ids: string[]) => {
		const counts = new Map<string, number>();
		for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
		return counts;
	};
	const wanted = count(namedUserIds);
	const got = count(tokens.map((t) => t.userId));
	return [...new Set([...wanted.keys(), ...got.keys()])].filter(
		(user) => (wanted.get(user) ?? 0) !== (got.get(user) ?? 0),
	);
}

/**
 * Starts `send` for each entry at `perSecond`, on a fixed schedule (not one after another's
 * answer), as a burst of webhook events arrives regardless of how fast the receiver answers.
 */
async function onSchedule<T, R>(
	entries: T[],
	perSecond: number,
	send: (entry: T) => Promise<R>,
): Promise<R[]> {
	const start = Date.now();
	const sent: Array<Promise<R>> = [];
	for (const [i, entry] of entries.entries()) {
		await sleep(start + (i * 1000) / perSecond - Date.now());
		sent.push(send(entry));
	}
	return await Promise.all(sent);
}

/** What happened to plain deliveries at n8n's door. */
export interface Fired {
	/** When each delivery was sent (ms since the epoch), in order. */
	sentAt: number[];
	/** HTTP status each was answered with; 0 when no answer came (then `errors` says why). */
	statuses: number[];
	errors: Array<string | undefined>;
}

/** POSTs one JSON body per entry at `perSecond` (see onSchedule). */
export async function firePlain(url: string, bodies: unknown[], perSecond: number): Promise<Fired> {
	const sentAt: number[] = [];
	const settled = await onSchedule(bodies, perSecond, async (body) => {
		sentAt.push(Date.now());
		return await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		}).then(
			async (res) => {
				await res.arrayBuffer();
				return { status: res.status, error: undefined };
			},
			(error: Error & { cause?: { code?: string } }) => ({
				status: 0,
				error: error.cause?.code ?? error.message,
			}),
		);
	});
	return { sentAt, statuses: settled.map((a) => a.status), errors: settled.map((a) => a.error) };
}

/** Svix counts an attempt as delivered only if a 2xx comes back within this long. */
const SVIX_ATTEMPT_TIMEOUT_MS = 15_000;

/**
 * When Svix tries a message again after a failed attempt: 5 s, then 5 min, 30 min, … A storm
 * keeps the first retry as Svix sends it and compresses the later ones (10 s, 20 s) so it ends
 * in bounded time; every retry keeps the message's id and is signed anew, as Svix does.
 */
const STORM_RETRY_DELAYS_MS = [5_000, 10_000, 20_000];

interface AttemptResult {
	/** HTTP status, or 0 when no answer came within the attempt's time. */
	status: number;
	/** Attempt sent → answer (or give-up), ms. */
	ms: number;
}

interface MessageResult {
	/** When the first attempt was sent (ms since the epoch). */
	sentAt: number;
	attempts: AttemptResult[];
	/** Whether some attempt got a 2xx (Svix marks the message delivered). */
	delivered: boolean;
}

const is2xx = (status: number) => status >= 200 && status < 300;

/** One message as Svix handles it: attempts until a 2xx within the time, or the retries run out. */
async function sendMessage(
	url: string,
	secret: string | undefined,
	body: string,
): Promise<MessageResult> {
	const id = newDeliveryId();
	const sentAt = Date.now();
	const attempts: AttemptResult[] = [];
	const unsigned = { id, body, headers: { 'content-type': 'application/json' } };
	for (const retryDelay of [0, ...STORM_RETRY_DELAYS_MS]) {
		await sleep(retryDelay);
		const started = Date.now();
		const timeout = AbortSignal.timeout(SVIX_ATTEMPT_TIMEOUT_MS);
		const status = await deliver(
			url,
			secret ? signedDelivery(secret, body, id) : unsigned,
			timeout,
		).then(
			(answer) => answer.status,
			() => 0,
		);
		attempts.push({ status, ms: Date.now() - started });
		if (is2xx(status)) return { sentAt, attempts, delivered: true };
	}
	return { sentAt, attempts, delivered: false };
}

/** A burst of webhook messages as Svix delivers them: first attempts at `perSecond`, each retried on its own schedule. */
export async function svixStorm(options: {
	url: string;
	/** The endpoint's signing secret; undefined sends unsigned JSON (n8n's own Webhook node). */
	secret?: string;
	/** One body per message, sent byte for byte. */
	bodies: string[];
	perSecond: number;
}): Promise<MessageResult[]> {
	return await onSchedule(
		options.bodies,
		options.perSecond,
		async (body) => await sendMessage(options.url, options.secret, body),
	);
}

export interface StormAnswers {
	messages: number;
	/** First attempts answered 2xx within Svix's time. */
	firstOnTime: number;
	/** Attempts after the first, in all. */
	retries: number;
	/** Messages no attempt delivered. */
	undelivered: number;
	/** First attempts' answer times (the give-up time for those without one), ms. */
	firstAttemptMs: { p50: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function summariseAnswers(results: MessageResult[]): StormAnswers {
	const firsts = results.map((r) => r.attempts[0].ms).sort((a, b) => a - b);
	return {
		messages: results.length,
		firstOnTime: results.filter((r) => is2xx(r.attempts[0].status)).length,
		retries: results.reduce((sum, r) => sum + r.attempts.length - 1, 0),
		undelivered: results.filter((r) => !r.delivered).length,
		firstAttemptMs: {
			p50: percentile(firsts, 50),
			p99: percentile(firsts, 99),
			max: firsts[firsts.length - 1] ?? NaN,
		},
	};
}

export function formatAnswers(a: StormAnswers): string {
	const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
	return `${a.firstOnTime}/${a.messages} first attempts 2xx within 15 s (p50 ${s(a.firstAttemptMs.p50)}, p99 ${s(a.firstAttemptMs.p99)}, max ${s(a.firstAttemptMs.max)}), ${a.retries} retries, ${a.undelivered} undelivered`;
}
