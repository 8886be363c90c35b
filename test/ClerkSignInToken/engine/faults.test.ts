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
			message: string | RegExp;
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

const clerkError = (status: number, code: string, message: string | RegExp): Outcome => ({
	kind: 'error',
	attempts: 1,
	code,
	httpCode: String(status),
	message,
});
const INTERNAL_ERROR =
	"There was an internal error on our servers. We've been notified and are working on fixing it.";

const CASES: FaultCase[] = [
	{
		name: 'HTTP 400',
		fault: { kind: 'status', status: 400 },
		times: 1,
		outcome: clerkError(400, 'bad_request', 'The request was malformed'),
	},
	{
		name: 'HTTP 404',
		fault: { kind: 'status', status: 404 },
		times: 1,
		outcome: clerkError(
			404,
			'resource_not_found',
			`No Clerk user with ID ${SEED_USER_IDS.grace} exists in this Clerk instance`,
		),
	},
	{
		name: 'HTTP 409',
		fault: { kind: 'status', status: 409 },
		times: 1,
		outcome: clerkError(409, 'conflict', 'The request conflicts with the resource state'),
	},
	{
		name: 'HTTP 422',
		fault: { kind: 'status', status: 422 },
		times: 1,
		outcome: clerkError(422, 'form_param_value_invalid', 'The request parameters are invalid'),
	},
	// A 500 may have created the token already; retrying a create could leave a second one.
	{
		name: 'HTTP 500',
		fault: { kind: 'status', status: 500 },
		times: 1,
		outcome: clerkError(500, 'internal_clerk_error', INTERNAL_ERROR),
	},
	...[502, 503, 504].flatMap((status): FaultCase[] => [
		{
			name: `HTTP ${status} once`,
			fault: { kind: 'status', status },
			times: 1,
			outcome: { kind: 'recovered', attempts: 2 },
		},
		{
			name: `HTTP ${status} on every try`,
			fault: { kind: 'status', status },
			times: TRANSIENT_ATTEMPTS,
			outcome: {
				...clerkError(status, 'internal_clerk_error', INTERNAL_ERROR),
				attempts: TRANSIENT_ATTEMPTS,
			},
		},
	]),
	{
		name: 'HTTP 429 with Retry-After 1',
		fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
		times: 1,
		outcome: { kind: 'recovered', attempts: 2 },
	},
	{
		name: 'a connection reset once',
		fault: { kind: 'reset' },
		times: 1,
		outcome: { kind: 'recovered', attempts: 2 },
	},
	{
		name: 'a connection reset on every try',
		fault: { kind: 'reset' },
		times: TRANSIENT_ATTEMPTS,
		outcome: {
			kind: 'error',
			attempts: TRANSIENT_ATTEMPTS,
			code: 'connection_failed',
			httpCode: null,
			message: 'Could not reach Clerk: the connection was closed before Clerk answered',
		},
	},
	{
		name: 'a hang once',
		fault: { kind: 'hang' },
		times: 1,
		timeout: 1,
		outcome: { kind: 'recovered', attempts: 2 },
	},
	{
		name: 'a hang on every try',
		fault: { kind: 'hang' },
		times: TRANSIENT_ATTEMPTS,
		timeout: 1,
		outcome: {
			kind: 'error',
			attempts: TRANSIENT_ATTEMPTS,
			code: 'connection_failed',
			httpCode: null,
			message: 'Could not reach Clerk: the request timed out',
		},
	},
	// A cut-off 200 may still have created the token, so it is reported, not retried.
	{
		name: 'malformed JSON in a 200',
		fault: { kind: 'malformed-json' },
		times: 1,
		outcome: clerkError(
			200,
			'malformed_response',
			'Clerk answered HTTP 200 with a body that is not valid JSON',
		),
	},
	...[502, 503].flatMap((status): FaultCase[] => [
		{
			name: `an HTML ${status} page once`,
			fault: { kind: 'html', status },
			times: 1,
			outcome: { kind: 'recovered', attempts: 2 },
		},
		{
			name: `an HTML ${status} page on every try`,
			fault: { kind: 'html', status },
			times: TRANSIENT_ATTEMPTS,
			outcome: {
				...clerkError(
					status,
					`http_${status}`,
					`Clerk answered HTTP ${status} without a Clerk error body`,
				),
				attempts: TRANSIENT_ATTEMPTS,
			},
		},
	]),
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
				error: expect.any(String),
				code: outcome.code,
				httpCode: outcome.httpCode,
			});
			if (typeof outcome.message === 'string') expect(faulted.error).toBe(outcome.message);
			else expect(faulted.error).toMatch(outcome.message);
		}
		expect(attemptsFor(USERS[FAULTED_ITEM])).toBe(outcome.attempts);
		expect(JSON.stringify(items)).not.toContain(clerk.emulator.secretKey);
	});
});
