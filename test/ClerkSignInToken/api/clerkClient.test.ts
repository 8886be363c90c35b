import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { ClerkClient } from '../../../nodes/ClerkSignInToken/api/clerkClient';
import { pacers } from '../../../nodes/ClerkSignInToken/api/pacers';
import { errorCode, nodeError } from '../../../nodes/ClerkSignInToken/errors';
import { fakeNode } from '../../support/fakeNode';

const API_URL = 'http://127.0.0.1:9/v1';
// No documented prefix: these tests are about Retry-After and retries, not the allowance.
const SECRET_KEY = 'client_unit_key';
const USERS = { method: 'GET', path: '/users' } as const;

interface Response {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

const ok: Response = { statusCode: 200, headers: {}, body: { object: 'list' } };

function tooManyRequests(retryAfter: string): Response {
	return {
		statusCode: 429,
		headers: { 'retry-after': retryAfter },
		body: { errors: [{ code: 'too_many_requests', message: 'Too many requests' }] },
	};
}

/**
 * "Clerk" behind n8n's request helper: `answer` gets the number of the request (from 1) and
 * answers it after `latencyMs`. Records when each request was sent and each 429 answered.
 */
function fakeClerk(answer: (nth: number) => Response | Error, latencyMs = 50) {
	const sentAt: number[] = [];
	const answeredAt: number[] = [];
	const refusedAt: number[] = [];
	const helpers = {
		async httpRequestWithAuthentication(_credentialType: string, options: IHttpRequestOptions) {
			expect(options.url).toBe(`${API_URL}${USERS.path}`);
			sentAt.push(performance.now());
			const response = answer(sentAt.length);
			await new Promise((resolve) => setTimeout(resolve, latencyMs));
			answeredAt.push(performance.now());
			if (response instanceof Error) throw response;
			if (response.statusCode === 429) refusedAt.push(performance.now());
			return response;
		},
	};
	const context = {
		getNode: () => fakeNode,
		getCredentials: async () => ({ secretKey: SECRET_KEY, baseUrl: API_URL }),
		helpers,
	};
	// The client reads only these three members of the execution context.
	const ctx = context as unknown as IExecuteFunctions;
	return { ctx, sentAt, answeredAt, refusedAt };
}

/**
 * Starts a call and keeps its outcome, so a rejection is never unhandled while time runs. A
 * failure is kept as the node raises it (errors.ts words what the client reports).
 */
function start(client: ClerkClient) {
	const outcome: { error?: unknown; doneAt?: number } = {};
	const done = client.call(USERS).then(
		() => {
			outcome.doneAt = performance.now();
		},
		(error: unknown) => {
			outcome.error = nodeError(fakeNode, error);
			outcome.doneAt = performance.now();
		},
	);
	return { outcome, done };
}

/** One call, given `ms` of fake time to end. */
async function settle(client: ClerkClient, ms: number) {
	const { outcome, done } = start(client);
	await jest.advanceTimersByTimeAsync(ms);
	await done;
	return outcome;
}

/** `items` calls through `concurrency` workers, each starting its next item when one ends. */
function runItems(client: ClerkClient, items: number, concurrency: number) {
	let next = 0;
	const worker = async () => {
		while (next < items) {
			next++;
			await client.call(USERS);
		}
	};
	return Promise.all(Array.from({ length: concurrency }, worker));
}

beforeEach(() => {
	jest.useFakeTimers({ now: 1_000_000 });
	pacers.clear();
});

afterEach(() => {
	jest.useRealTimers();
});

describe('ClerkClient and rate limits', () => {
	test('a Retry-After of an hour is honoured up to maxRetryAfterSeconds (60 s)', async () => {
		const clerk = fakeClerk((nth) => (nth === 1 ? tooManyRequests('3600') : ok));
		const client = await ClerkClient.connect(clerk.ctx);

		const outcome = await settle(client, 120_000);

		expect(outcome.error).toBeUndefined();
		expect(clerk.sentAt).toHaveLength(2);
		const waited = clerk.sentAt[1] - clerk.refusedAt[0];
		expect(waited).toBeGreaterThanOrEqual(59_000);
		expect(waited).toBeLessThanOrEqual(60_250);
	});

	test('a 429 that never ends fails with too_many_requests once the time budget is spent', async () => {
		const clerk = fakeClerk(() => tooManyRequests('1'), 10);
		const client = await ClerkClient.connect(clerk.ctx, { rateLimitBudgetMs: 120_000 });
		const startedAt = performance.now();

		const outcome = await settle(client, 130_000);

		expect(errorCode(outcome.error)).toBe('too_many_requests');
		expect(outcome.error).toHaveProperty('message', expect.stringMatching(/after waiting 12\d s/));
		const failedAfter = (outcome.doneAt ?? 0) - startedAt;
		expect(failedAfter).toBeGreaterThanOrEqual(120_000);
		expect(failedAfter).toBeLessThanOrEqual(123_000);
		expect(clerk.sentAt.length).toBeGreaterThanOrEqual(110);
		expect(clerk.sentAt.length).toBeLessThanOrEqual(125);
	});

	test('after a first-request 429 with Retry-After: 3, nothing is sent for 3 s, with concurrency 2', async () => {
		const clerk = fakeClerk((nth) => (nth === 1 ? tooManyRequests('3') : ok));
		const client = await ClerkClient.connect(clerk.ctx);

		const done = runItems(client, 4, 2);
		await jest.advanceTimersByTimeAsync(10_000);
		await done;

		const [refusedAt] = clerk.refusedAt;
		const sentAfter = clerk.sentAt.filter((at) => at >= refusedAt);
		// 4 items and the refused one's retry.
		expect(clerk.sentAt).toHaveLength(5);
		expect(sentAfter.length).toBeGreaterThanOrEqual(2);
		expect(Math.min(...sentAfter)).toBeGreaterThanOrEqual(refusedAt + 3000);
	});

	test('Max Requests per Second spaces sends even when a pause releases many at once', async () => {
		const clerk = fakeClerk((nth) => (nth === 1 ? tooManyRequests('2') : ok));
		const client = await ClerkClient.connect(clerk.ctx, { maxRequestsPerSecond: 4 });

		const calls = Array.from({ length: 8 }, () => start(client));
		await jest.advanceTimersByTimeAsync(10_000);
		await Promise.all(calls.map((c) => c.done));

		expect(calls.every((c) => c.outcome.error === undefined)).toBe(true);
		// 8 calls and the refused one's retry, the ones after the pause released together by it.
		expect(clerk.sentAt).toHaveLength(9);
		const [refusedAt] = clerk.refusedAt;
		expect(clerk.sentAt.filter((at) => at > refusedAt).length).toBeGreaterThanOrEqual(5);
		expect(Math.min(...clerk.sentAt.slice(1))).toBeGreaterThanOrEqual(refusedAt + 2000);
		for (let i = 1; i < clerk.sentAt.length; i++) {
			expect(clerk.sentAt[i] - clerk.sentAt[i - 1]).toBeGreaterThanOrEqual(250);
		}
	});

	test('a pause shared per secret key holds back another execution using the same key', async () => {
		const clerk = fakeClerk((nth) => (nth === 1 ? tooManyRequests('3') : ok));
		const first = await ClerkClient.connect(clerk.ctx);
		const second = await ClerkClient.connect(clerk.ctx);

		const refused = start(first);
		await jest.advanceTimersByTimeAsync(100);
		const other = start(second);
		await jest.advanceTimersByTimeAsync(10_000);
		await Promise.all([refused.done, other.done]);

		expect(clerk.sentAt).toHaveLength(3);
		expect(Math.min(...clerk.sentAt.slice(1))).toBeGreaterThanOrEqual(clerk.refusedAt[0] + 3000);
	});
});

const unavailable: Response = { statusCode: 503, headers: {}, body: 'Service Unavailable' };

/** The waits between each answer and the next send. */
function gaps(clerk: ReturnType<typeof fakeClerk>): number[] {
	return clerk.sentAt.slice(1).map((at, i) => at - clerk.answeredAt[i]);
}

describe('ClerkClient and transient failures', () => {
	test('the backoff doubles with each transient failure, from backoffMs up to maxBackoffMs', async () => {
		const clerk = fakeClerk((nth) => (nth <= 5 ? unavailable : ok), 10);
		const client = await ClerkClient.connect(clerk.ctx, {
			transientRetries: 5,
			backoffMs: 1000,
			maxBackoffMs: 3000,
		});

		const outcome = await settle(client, 30_000);

		expect(outcome.error).toBeUndefined();
		expect(gaps(clerk)).toEqual([1000, 2000, 3000, 3000, 3000]);
	});

	test("after six 429s, a 503's retry waits the first backoff: 429s do not grow it", async () => {
		const clerk = fakeClerk((nth) => {
			if (nth <= 6) return tooManyRequests('1');
			return nth === 7 ? unavailable : ok;
		}, 10);
		const client = await ClerkClient.connect(clerk.ctx, { backoffMs: 1000 });

		const outcome = await settle(client, 30_000);

		expect(outcome.error).toBeUndefined();
		expect(clerk.sentAt).toHaveLength(8);
		expect(gaps(clerk)[6]).toBe(1000);
	});

	test('a dropped connection after 429s and retries says how often it was tried, 429s not counted', async () => {
		const clerk = fakeClerk(
			(nth) => (nth <= 2 ? tooManyRequests('1') : new Error('socket hang up')),
			10,
		);
		const client = await ClerkClient.connect(clerk.ctx, { transientRetries: 3, backoffMs: 100 });

		const outcome = await settle(client, 30_000);

		expect(errorCode(outcome.error)).toBe('connection_failed');
		expect(outcome.error).toHaveProperty('description', expect.stringContaining('Tried 4 times.'));
		expect(clerk.sentAt).toHaveLength(6);
		expect(gaps(clerk).slice(2)).toEqual([100, 200, 400]);
	});
});

describe('ClerkClient and a cancelled execution', () => {
	test('a call cancelled while it waits to retry ends as cancelled, not as a connection failure', async () => {
		const clerk = fakeClerk(() => new Error('socket hang up'), 10);
		const execution = new AbortController();
		const client = await ClerkClient.connect(
			clerk.ctx,
			{ transientRetries: 3, backoffMs: 1000 },
			execution.signal,
		);

		const { outcome, done } = start(client);
		await jest.advanceTimersByTimeAsync(500);
		execution.abort();
		await jest.advanceTimersByTimeAsync(30_000);
		await done;

		expect(clerk.sentAt).toHaveLength(1);
		expect(errorCode(outcome.error)).toBe('execution_cancelled');
		expect(outcome.error).toHaveProperty(
			'message',
			'The execution was cancelled before Clerk answered for this item',
		);
		expect(outcome.error).toHaveProperty(
			'description',
			expect.stringMatching(/^Nothing needs fixing/),
		);
		expect(outcome.error).toHaveProperty('description', expect.not.stringContaining('API URL'));
	});
});

describe('ClerkClient and the wall clock', () => {
	test('stepping the wall clock back an hour during a 429 pause delays nothing', async () => {
		const clerk = fakeClerk((nth) => (nth === 1 ? tooManyRequests('1') : ok), 10);
		const client = await ClerkClient.connect(clerk.ctx);

		const { outcome, done } = start(client);
		await jest.advanceTimersByTimeAsync(20);
		expect(clerk.refusedAt).toHaveLength(1);
		jest.setSystemTime(Date.now() - 3_600_000);
		await jest.advanceTimersByTimeAsync(5000);
		await done;

		expect(outcome.error).toBeUndefined();
		expect(clerk.sentAt[1] - clerk.refusedAt[0]).toBeLessThanOrEqual(1000 + 250);
	});

	test('a Retry-After date becomes a delay once: a later wall-clock step does not change it', async () => {
		const clerk = fakeClerk(
			(nth) => (nth === 1 ? tooManyRequests(new Date(Date.now() + 4000).toUTCString()) : ok),
			0,
		);
		const client = await ClerkClient.connect(clerk.ctx);

		const { outcome, done } = start(client);
		await jest.advanceTimersByTimeAsync(0);
		expect(clerk.refusedAt).toHaveLength(1);
		// Whole seconds in an HTTP date: the wait is what was left of them when the answer came.
		const promisedMs = Math.floor((Date.now() + 4000) / 1000) * 1000 - Date.now();
		jest.setSystemTime(Date.now() + 3_600_000);
		await jest.advanceTimersByTimeAsync(10_000);
		await done;

		expect(outcome.error).toBeUndefined();
		const waited = clerk.sentAt[1] - clerk.refusedAt[0];
		expect(waited).toBeGreaterThanOrEqual(promisedMs);
		expect(waited).toBeLessThanOrEqual(promisedMs + 250);
	});
});
