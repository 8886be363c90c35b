import type { IDataObject } from 'n8n-workflow';

import { SEED_USER_IDS } from '../../../emulator';
import type { Fault } from '../../../emulator';
import { byId, useEmulator } from '../../support/emulatorFixture';

const clerk = useEmulator();

const CREATE_PATH = '/v1/sign_in_tokens';
const USERS = [SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan];
const FAULTED_ITEM = 1;
/** One try plus the three retries the node allows for 502/503/504 and dropped connections. */
const TRANSIENT_ATTEMPTS = 4;

type Outcome =
	| { kind: 'recovered'; attempts: number }
	| {
			kind: 'error';
			attempts: number;
			code: string;
			httpCode: string | null;
			message: string;
	  };

interface FaultCase {
	name: string;
	fault: Fault;
	/** How many requests in a row the fault hits, starting with the faulted item's first. */
	times: number;
	/** Per-request timeout in seconds, for faults that never answer. */
	timeout?: number;
	outcome: Outcome;
}

const RECOVERED: Outcome = { kind: 'recovered', attempts: 2 };
const failed = (httpCode: number | null, code: string, message: string, attempts = 1): Outcome => {
	return {
		kind: 'error',
		attempts,
		code,
		httpCode: httpCode === null ? null : String(httpCode),
		message,
	};
};
const INTERNAL_ERROR =
	"There was an internal error on our servers. We've been notified and are working on fixing it.";
const status = (code: number): Fault => ({ kind: 'status', status: code });
const unreachable = (reason: string) =>
	failed(null, 'connection_failed', `Could not reach Clerk: ${reason}`, TRANSIENT_ATTEMPTS);

/** An HTTP status the node reports at once, without a retry. */
const reported = (code: number, clerkCode: string, message: string): FaultCase => {
	return {
		name: `HTTP ${code}`,
		fault: status(code),
		times: 1,
		outcome: failed(code, clerkCode, message),
	};
};
/** A transient fault once (retried, then the create succeeds) and on every try (reported). */
const transient = (name: string, fault: Fault, outcome: Outcome, timeout?: number): FaultCase[] => [
	{ name: `${name} once`, fault, times: 1, timeout, outcome: RECOVERED },
	{ name: `${name} on every try`, fault, times: TRANSIENT_ATTEMPTS, timeout, outcome },
];

const CASES: FaultCase[] = [
	reported(400, 'bad_request', 'The request was malformed'),
	reported(
		404,
		'resource_not_found',
		`No Clerk user with ID ${SEED_USER_IDS.grace} exists in this Clerk instance`,
	),
	reported(409, 'conflict', 'The request conflicts with the resource state'),
	reported(422, 'form_param_value_invalid', 'The request parameters are invalid'),
	// A 500 may have created the token already; retrying a create could leave a second one.
	reported(500, 'internal_clerk_error', INTERNAL_ERROR),
	...[502, 503, 504].flatMap((code) =>
		transient(
			`HTTP ${code}`,
			status(code),
			failed(code, 'internal_clerk_error', INTERNAL_ERROR, TRANSIENT_ATTEMPTS),
		),
	),
	{
		name: 'HTTP 429 with Retry-After 1',
		fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
		times: 1,
		outcome: RECOVERED,
	},
	...transient(
		'a connection reset',
		{ kind: 'reset' },
		unreachable('the connection was closed before Clerk answered'),
	),
	...transient('a hang', { kind: 'hang' }, unreachable('the request timed out'), 1),
	// A cut-off 200 may still have created the token, so it is reported, not retried.
	{
		name: 'malformed JSON in a 200',
		fault: { kind: 'malformed-json' },
		times: 1,
		outcome: failed(
			200,
			'malformed_response',
			'Clerk answered HTTP 200 with a body that is not valid JSON',
		),
	},
	...[502, 503].flatMap((code) =>
		transient(
			`an HTML ${code} page`,
			{ kind: 'html', status: code },
			failed(
				code,
				`http_${code}`,
				`Clerk answered HTTP ${code} without a Clerk error body`,
				TRANSIENT_ATTEMPTS,
			),
		),
	),
];

function attemptsFor(userId: string): number {
	return clerk.emulator.requests.filter(
		(r) => r.path === CREATE_PATH && (r.body as IDataObject).user_id === userId,
	).length;
}

describe('each emulator fault on the second of three creates, with continue-on-error', () => {
	test.each(CASES)('$name', async ({ fault, times, timeout, outcome }) => {
		// With one item in flight at a time, the faulted item's first create is request FAULTED_ITEM.
		clerk.emulator.injectFault({
			method: 'POST',
			path: CREATE_PATH,
			fault,
			times,
			skip: FAULTED_ITEM,
		});
		const result = await clerk.run(
			{
				operation: 'create',
				user: byId('={{ $json.id }}'),
				expiresInSeconds: 3600,
				options: { concurrency: 1, ...(timeout ? { timeout } : {}) },
			},
			{ items: USERS.map((id) => ({ id })), continueOnFail: true },
		);
		const { items, error } = result;

		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const index of [0, 2]) {
			expect(items[index].json).toMatchObject({
				object: 'sign_in_token',
				status: 'pending',
				user_id: USERS[index],
			});
			expect(attemptsFor(USERS[index])).toBe(1);
		}

		const faulted = items[FAULTED_ITEM].json;
		if (outcome.kind === 'recovered') {
			expect(faulted).toMatchObject({
				object: 'sign_in_token',
				status: 'pending',
				user_id: USERS[FAULTED_ITEM],
			});
			expect(faulted.id).toMatch(/^sit_/);
		} else {
			expect(faulted).toEqual({
				error: outcome.message,
				code: outcome.code,
				httpCode: outcome.httpCode,
			});
		}
		expect(attemptsFor(USERS[FAULTED_ITEM])).toBe(outcome.attempts);
		expect(JSON.stringify(items)).not.toContain(clerk.emulator.secretKey);
	});
});
