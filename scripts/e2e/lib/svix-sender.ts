import { signClerkWebhook } from '../../../emulator/webhooks/sign';
import { newDeliveryId } from './clerk-deliveries';

/** Svix counts an attempt as delivered only if a 2xx comes back within this long. */
export const SVIX_ATTEMPT_TIMEOUT_MS = 15_000;

/**
 * When Svix tries a message again after a failed attempt: 5 s, then 5 min, 30 min, … A storm
 * keeps the first retry as Svix sends it and compresses the later ones (10 s, 20 s) so it ends
 * in bounded time; every retry keeps the message's id and is signed anew, as Svix does.
 */
export const STORM_RETRY_DELAYS_MS = [5_000, 10_000, 20_000];

export interface AttemptResult {
	/** HTTP status, or 0 when no answer came within the attempt's time. */
	status: number;
	/** Attempt sent → answer (or give-up), ms. */
	ms: number;
}

export interface MessageResult {
	id: string;
	/** When the first attempt was sent (ms since the epoch). */
	sentAt: number;
	attempts: AttemptResult[];
	/** Whether some attempt got a 2xx (Svix marks the message delivered). */
	delivered: boolean;
}

export interface SvixStormOptions {
	url: string;
	/** The endpoint's signing secret; undefined sends unsigned JSON (n8n's own Webhook node). */
	secret?: string;
	/** One body per message, sent byte for byte. */
	bodies: string[];
	perSecond: number;
	attemptTimeoutMs?: number;
	retryDelaysMs?: number[];
}

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

async function attempt(
	url: string,
	body: string,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<AttemptResult> {
	const started = Date.now();
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: Buffer.from(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		await res.arrayBuffer();
		return { status: res.status, ms: Date.now() - started };
	} catch {
		return { status: 0, ms: Date.now() - started };
	}
}

/** One message as Svix handles it: attempts until a 2xx within the time, or the retries run out. */
async function sendMessage(
	options: SvixStormOptions,
	body: string,
	timeoutMs: number,
	retryDelaysMs: number[],
): Promise<MessageResult> {
	const id = newDeliveryId();
	const sentAt = Date.now();
	const attempts: AttemptResult[] = [];
	for (let i = 0; i <= retryDelaysMs.length; i++) {
		if (i > 0) await sleep(retryDelaysMs[i - 1]);
		const headers = options.secret ? signClerkWebhook(options.secret, id, new Date(), body) : {};
		const result = await attempt(options.url, body, headers, timeoutMs);
		attempts.push(result);
		if (result.status >= 200 && result.status < 300)
			return { id, sentAt, attempts, delivered: true };
	}
	return { id, sentAt, attempts, delivered: false };
}

/**
 * A burst of webhook messages as Svix delivers them: first attempts on a fixed schedule at
 * `perSecond` (not one after another's answer), each message retried on its own schedule.
 */
export async function svixStorm(options: SvixStormOptions): Promise<MessageResult[]> {
	const timeoutMs = options.attemptTimeoutMs ?? SVIX_ATTEMPT_TIMEOUT_MS;
	const retryDelaysMs = options.retryDelaysMs ?? STORM_RETRY_DELAYS_MS;
	const start = Date.now();
	const messages: Array<Promise<MessageResult>> = [];
	for (let i = 0; i < options.bodies.length; i++) {
		const due = start + (i * 1000) / options.perSecond;
		if (due > Date.now()) await sleep(due - Date.now());
		messages.push(sendMessage(options, options.bodies[i], timeoutMs, retryDelaysMs));
	}
	return await Promise.all(messages);
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
	const ok = (a: AttemptResult) => a.status >= 200 && a.status < 300;
	const firsts = results.map((r) => r.attempts[0].ms).sort((a, b) => a - b);
	return {
		messages: results.length,
		firstOnTime: results.filter((r) => ok(r.attempts[0])).length,
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
