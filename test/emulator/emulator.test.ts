import {
	DEFAULT_SECRET_KEY,
	startClerkEmulator,
	SEED_ORG_ID,
	SEED_USER_IDS,
	type ClerkEmulator,
	type SignInToken,
} from '../../emulator';
import { violations } from './support/contract';
import { admin, api, call, firstError, type ApiResponse } from './support/http';

let emulator: ClerkEmulator;

beforeAll(async () => {
	emulator = await startClerkEmulator();
});

afterAll(async () => {
	await emulator.close();
});

beforeEach(() => {
	emulator.reset();
	emulator.setLatency(0);
	emulator.setRateLimit(null);
});

function expectClerkError(res: ApiResponse, status: number, code: string): void {
	expect(res.status).toBe(status);
	expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	expect(violations('ClerkErrors', res.json)).toEqual([]);
	const body = res.json as { errors: unknown[]; clerk_trace_id: string };
	for (const error of body.errors) expect(violations('ClerkError', error)).toEqual([]);
	expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
	expect(firstError(res).code).toBe(code);
}

async function createToken(
	body: Record<string, unknown> = { user_id: SEED_USER_IDS.ada },
): Promise<SignInToken> {
	const res = await api(emulator, 'POST', '/sign_in_tokens', { body });
	expect(res.status).toBe(200);
	return res.json as SignInToken;
}

describe('POST /v1/sign_in_tokens', () => {
	it('creates a pending token shaped like the spec, with a ticket and a link that accepts it', async () => {
		const before = Date.now();
		const res = await api(emulator, 'POST', '/sign_in_tokens', {
			body: { user_id: SEED_USER_IDS.ada },
		});

		expect(res.status).toBe(200);
		expect(violations('SignInToken', res.json)).toEqual([]);
		const token = res.json as SignInToken;
		expect(token).toMatchObject({
			object: 'sign_in_token',
			status: 'pending',
			user_id: SEED_USER_IDS.ada,
		});
		expect(token.id).toMatch(/^sit_[A-Za-z0-9]{27}$/);
		expect(token.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(token.url).toBe(`${emulator.url}/v1/tickets/accept?ticket=${token.token}`);
		expect(token.created_at).toBeGreaterThanOrEqual(before);
		expect(token.created_at).toBeLessThanOrEqual(Date.now());
		expect(token.updated_at).toBe(token.created_at);
		expect(emulator.tokens.get(token.id)?.status).toBe('pending');
	});

	it('defaults to a 30-day expiry and honours expires_in_seconds', async () => {
		const standard = await createToken();
		const short = await createToken({ user_id: SEED_USER_IDS.grace, expires_in_seconds: 1 });
		expect(emulator.tokens.get(standard.id)?.expiresAt).toBe(standard.created_at + 2_592_000_000);
		expect(emulator.tokens.get(short.id)?.expiresAt).toBe(short.created_at + 1000);
	});

	it('accepts a form-encoded body too, as Clerk does', async () => {
		const res = await api(emulator, 'POST', '/sign_in_tokens', {
			body: `user_id=${SEED_USER_IDS.alan}&expires_in_seconds=60`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(res.status).toBe(200);
		expect((res.json as SignInToken).user_id).toBe(SEED_USER_IDS.alan);
	});

	it('answers 422 form_param_missing naming user_id when it is absent', async () => {
		const res = await api(emulator, 'POST', '/sign_in_tokens', { body: {} });
		expectClerkError(res, 422, 'form_param_missing');
		expect(firstError(res).meta).toEqual({ param_name: 'user_id' });
	});

	it('answers 404 resource_not_found for an unknown user', async () => {
		expectClerkError(
			await api(emulator, 'POST', '/sign_in_tokens', { body: { user_id: 'user_nobody' } }),
			404,
			'resource_not_found',
		);
	});

	it.each([0, -5, 1.5, '60', true])(
		'rejects expires_in_seconds %p with 422 form_param_value_invalid',
		async (value) => {
			const res = await api(emulator, 'POST', '/sign_in_tokens', {
				body: { user_id: SEED_USER_IDS.ada, expires_in_seconds: value },
			});
			expectClerkError(res, 422, 'form_param_value_invalid');
			expect(firstError(res).meta).toEqual({ param_name: 'expires_in_seconds' });
		},
	);

	it('treats a null expires_in_seconds as the default, as the spec marks it nullable', async () => {
		const token = await createToken({ user_id: SEED_USER_IDS.ada, expires_in_seconds: null });
		expect(emulator.tokens.get(token.id)?.expiresAt).toBe(token.created_at + 2_592_000_000);
	});

	it('creates for an organization member, 404s an unknown organization and 403s a non-member', async () => {
		const member = await api(emulator, 'POST', '/sign_in_tokens', {
			body: { user_id: SEED_USER_IDS.grace, org_id: SEED_ORG_ID },
		});
		expect(member.status).toBe(200);
		expect(emulator.tokens.get((member.json as SignInToken).id)?.orgId).toBe(SEED_ORG_ID);

		expectClerkError(
			await api(emulator, 'POST', '/sign_in_tokens', {
				body: { user_id: SEED_USER_IDS.grace, org_id: 'org_missing' },
			}),
			404,
			'resource_not_found',
		);
		expectClerkError(
			await api(emulator, 'POST', '/sign_in_tokens', {
				body: { user_id: SEED_USER_IDS.katherine, org_id: SEED_ORG_ID },
			}),
			403,
			'authorization_invalid',
		);
	});

	it('answers 400 for a body that is not JSON', async () => {
		expectClerkError(
			await api(emulator, 'POST', '/sign_in_tokens', { body: '{"user_id":' }),
			400,
			'malformed_request',
		);
	});
});

describe('POST /v1/sign_in_tokens/{id}/revoke', () => {
	it('revokes a pending token and returns it without token, its url null', async () => {
		const created = await createToken();
		const res = await api(emulator, 'POST', `/sign_in_tokens/${created.id}/revoke`);

		expect(res.status).toBe(200);
		expect(violations('SignInToken', res.json)).toEqual([]);
		const revoked = res.json as Record<string, unknown>;
		expect(revoked).toMatchObject({
			object: 'sign_in_token',
			id: created.id,
			status: 'revoked',
			user_id: SEED_USER_IDS.ada,
		});
		expect(revoked).not.toHaveProperty('token');
		expect(revoked).toHaveProperty('url', null);
		expect(revoked.updated_at).toBeGreaterThanOrEqual(created.updated_at);
	});

	it('refuses a token that is no longer pending with 400 sign_in_token_cannot_be_revoked_code', async () => {
		const revokedTwice = await createToken();
		await api(emulator, 'POST', `/sign_in_tokens/${revokedTwice.id}/revoke`);
		expectClerkError(
			await api(emulator, 'POST', `/sign_in_tokens/${revokedTwice.id}/revoke`),
			400,
			'sign_in_token_cannot_be_revoked_code',
		);

		const used = await createToken();
		emulator.acceptToken(used.id);
		expectClerkError(
			await api(emulator, 'POST', `/sign_in_tokens/${used.id}/revoke`),
			400,
			'sign_in_token_cannot_be_revoked_code',
		);
	});

	it('answers 404 for an unknown token', async () => {
		expectClerkError(
			await api(emulator, 'POST', '/sign_in_tokens/sit_unknown/revoke'),
			404,
			'resource_not_found',
		);
	});
});

describe('accepting a token', () => {
	it('opening the link accepts the token once; a second visit and a revoke are refused', async () => {
		const created = await createToken();
		const visit = await call(created.url as string, 'GET');
		expect(visit.status).toBe(200);
		expect(visit.headers.get('content-type')).toMatch(/^text\/html/);
		expect(emulator.tokens.get(created.id)?.status).toBe('accepted');

		expect((await call(created.url as string, 'GET')).status).toBe(409);
		expectClerkError(
			await api(emulator, 'POST', `/sign_in_tokens/${created.id}/revoke`),
			400,
			'sign_in_token_cannot_be_revoked_code',
		);
	});

	it('acceptToken takes the id or the ticket itself', async () => {
		const byId = await createToken();
		const byTicket = await createToken();
		emulator.acceptToken(byId.id);
		emulator.acceptToken(byTicket.token as string);
		expect(emulator.tokens.get(byId.id)?.status).toBe('accepted');
		expect(emulator.tokens.get(byTicket.id)?.status).toBe('accepted');
		expect(() => emulator.acceptToken('sit_unknown')).toThrow(/not_found/);
	});

	it('an expired token cannot be accepted and stays pending', async () => {
		const created = await createToken({ user_id: SEED_USER_IDS.ada, expires_in_seconds: 60 });
		const record = emulator.tokens.get(created.id);
		if (!record) throw new Error('token not stored');
		record.expiresAt = Date.now() - 1;

		expect(() => emulator.acceptToken(created.id)).toThrow(/expired/);
		expect((await call(created.url as string, 'GET')).status).toBe(410);
		expect(record.status).toBe('pending');
	});

	it('a revoked token cannot be accepted', async () => {
		const created = await createToken();
		await api(emulator, 'POST', `/sign_in_tokens/${created.id}/revoke`);
		expect(() => emulator.acceptToken(created.id)).toThrow(/not_pending/);
		expect((await call(created.url as string, 'GET')).status).toBe(409);
	});

	it('an unknown ticket link is a 404 page', async () => {
		expect((await call(`${emulator.apiUrl}/tickets/accept?ticket=nope`, 'GET')).status).toBe(404);
	});
});

describe('GET /v1/users', () => {
	type User = { id: string; created_at: number; email_addresses: { email_address: string }[] };
	const list = async (query: string): Promise<User[]> => {
		const res = await api(emulator, 'GET', `/users${query}`);
		expect(res.status).toBe(200);
		return res.json as User[];
	};

	it('returns 10 spec-shaped users by default, newest first', async () => {
		const users = await list('');
		expect(users).toHaveLength(10);
		for (const user of users) expect(violations('User', user)).toEqual([]);
		const created = users.map((u) => u.created_at);
		expect(created).toEqual([...created].sort((a, b) => b - a));
	});

	it('every seeded user conforms to the User schema', () => {
		expect(emulator.users.length).toBeGreaterThanOrEqual(30);
		for (const user of emulator.users) expect(violations('User', user)).toEqual([]);
	});

	it('pages with limit and offset over the whole seed', async () => {
		const all = await list('?limit=500');
		expect(all).toHaveLength(emulator.users.length);
		const page = await list('?limit=5&offset=5');
		expect(page.map((u) => u.id)).toEqual(all.slice(5, 10).map((u) => u.id));
		expect(await list('?offset=1000')).toEqual([]);
		expect((await list('?order_by=%2Bcreated_at&limit=1'))[0].id).toBe(SEED_USER_IDS.ada);
	});

	it('query matches partially and case-insensitively over emails, names, username and id', async () => {
		expect((await list('?query=NASA')).map((u) => u.id).sort()).toEqual(
			[SEED_USER_IDS.dorothy, SEED_USER_IDS.katherine].sort(),
		);
		expect((await list('?query=lovel')).map((u) => u.id)).toEqual([SEED_USER_IDS.ada]);
		expect((await list('?query=linus_no')).map((u) => u.id)).toEqual([SEED_USER_IDS.noEmail]);
		expect((await list(`?query=${SEED_USER_IDS.grace.slice(0, 12)}`)).map((u) => u.id)).toEqual([
			SEED_USER_IDS.grace,
		]);
		expect(await list('?query=zzz-nobody')).toEqual([]);
	});

	it('email_address matches exactly, case-insensitively, repeated up to 100 times', async () => {
		const found = await list(
			'?email_address=ADA@example.com&email_address=grace@example.com&email_address=missing@example.com',
		);
		expect(found.map((u) => u.id).sort()).toEqual([SEED_USER_IDS.ada, SEED_USER_IDS.grace].sort());
		expect(await list('?email_address=ada@example')).toEqual([]);

		const hundred = Array.from(
			{ length: 100 },
			(_, i) => `email_address=nobody${i}@example.com`,
		).join('&');
		expect(await list(`?${hundred}`)).toEqual([]);
		const tooMany = await api(
			emulator,
			'GET',
			`/users?${hundred}&email_address=one-more@example.com`,
		);
		expectClerkError(tooMany, 422, 'form_param_value_invalid');
		expect(firstError(tooMany).meta).toEqual({ param_name: 'email_address' });
	});

	it('finds users pushed into emulator.users after start, by id, email and in the list', async () => {
		const grown = await startClerkEmulator();
		try {
			const template = grown.users[0];
			const extra = {
				...template,
				id: 'user_2pushed',
				created_at: template.created_at + 1e12,
				email_addresses: [{ ...template.email_addresses[0], email_address: 'pushed@example.com' }],
			};
			grown.users.push(extra);
			expect((await api(grown, 'GET', '/users/user_2pushed')).status).toBe(200);
			expect((await api(grown, 'GET', '/users?email_address=PUSHED@example.com')).json).toEqual([
				extra,
			]);
			expect(((await api(grown, 'GET', '/users?limit=1')).json as User[])[0].id).toBe(
				'user_2pushed',
			);
			expect(
				(await api(grown, 'POST', '/sign_in_tokens', { body: { user_id: 'user_2pushed' } })).status,
			).toBe(200);
		} finally {
			await grown.close();
		}
	});

	it('user_id keeps the listed users, repeated up to 100 times; -id excludes, +id includes', async () => {
		const ids = async (query: string) => (await list(query)).map((u) => u.id).sort();
		expect(
			await ids(
				`?user_id=${SEED_USER_IDS.ada}&user_id=${SEED_USER_IDS.grace}&user_id=user_2nobody`,
			),
		).toEqual([SEED_USER_IDS.ada, SEED_USER_IDS.grace].sort());
		expect(await ids(`?user_id=%2B${SEED_USER_IDS.ada}&user_id=-${SEED_USER_IDS.ada}`)).toEqual([]);
		const allButAda = await ids(`?user_id=-${SEED_USER_IDS.ada}&limit=500`);
		expect(allButAda).toHaveLength(emulator.users.length - 1);
		expect(allButAda).not.toContain(SEED_USER_IDS.ada);
		// Filters combine: only users that match every one are listed.
		expect(await ids(`?user_id=${SEED_USER_IDS.ada}&email_address=grace@example.com`)).toEqual([]);

		const tooMany = Array.from({ length: 101 }, (_, i) => `user_id=user_${i}`).join('&');
		const refused = await api(emulator, 'GET', `/users?${tooMany}`);
		expectClerkError(refused, 422, 'form_param_value_invalid');
		expect(firstError(refused).meta).toEqual({ param_name: 'user_id' });
	});

	it('keeps the first order_by when several are sent, as the spec says', async () => {
		const [oldest] = await list('?order_by=%2Bcreated_at&order_by=-created_at&limit=1');
		expect(oldest.id).toBe(SEED_USER_IDS.ada);
	});

	it.each([
		['email', 'not a Clerk parameter'],
		['email_address[]', 'a bracketed array, which Clerk does not read'],
		['phone_number', 'in the spec, not implemented by the emulator'],
		['starting_after', 'in the spec, not implemented by the emulator'],
	])('refuses %s (%s) with 422 naming it instead of ignoring it', async (param) => {
		const res = await api(emulator, 'GET', `/users?${encodeURIComponent(param)}=x`);
		expectClerkError(res, 422, 'form_param_unknown');
		expect(firstError(res).meta).toEqual({ param_name: param });
	});

	it('lists every user holding an address when several share it', async () => {
		const shared = await startClerkEmulator();
		try {
			const [first, second] = shared.addUsers([
				{ email: 'shared@example.com', first_name: 'First' },
				{ email: 'SHARED@example.com', first_name: 'Second' },
			]);
			for (const user of [first, second]) expect(violations('User', user)).toEqual([]);
			expect(first.id).not.toBe(second.id);
			const found = (await api(shared, 'GET', '/users?email_address=shared@example.com'))
				.json as User[];
			expect(found.map((u) => u.id)).toEqual([second.id, first.id]);
			expect(() => shared.addUsers([{ id: first.id }])).toThrow(/already exists/);
		} finally {
			await shared.close();
		}
	});

	it.each(['limit=0', 'limit=501', 'limit=abc', 'limit=2.5', 'offset=-1'])(
		'rejects %s with 422 naming the parameter',
		async (query) => {
			const res = await api(emulator, 'GET', `/users?${query}`);
			expectClerkError(res, 422, 'form_param_value_invalid');
			expect(firstError(res).meta).toEqual({ param_name: query.split('=')[0] });
		},
	);
});

describe('GET /v1/users/{id}', () => {
	it('returns the user shaped like the spec', async () => {
		const res = await api(emulator, 'GET', `/users/${SEED_USER_IDS.ada}`);
		expect(res.status).toBe(200);
		expect(violations('User', res.json)).toEqual([]);
		expect(res.json).toMatchObject({
			id: SEED_USER_IDS.ada,
			first_name: 'Ada',
			last_name: 'Lovelace',
		});
	});

	it('answers 404 for an unknown id', async () => {
		expectClerkError(await api(emulator, 'GET', '/users/user_missing'), 404, 'resource_not_found');
	});
});

describe('authentication', () => {
	it('401 authentication_invalid without an Authorization header', async () => {
		expectClerkError(
			await api(emulator, 'GET', '/users', { key: null }),
			401,
			'authentication_invalid',
		);
	});

	it('401 authorization_header_format_invalid for a non-Bearer header', async () => {
		const res = await api(emulator, 'GET', '/users', {
			key: null,
			headers: { Authorization: `Basic ${emulator.secretKey}` },
		});
		expectClerkError(res, 401, 'authorization_header_format_invalid');
	});

	it.each(['sk_test_wrong', 'not-a-key'])(
		'401 clerk_key_invalid for the unknown key %s',
		async (key) => {
			expectClerkError(await api(emulator, 'GET', '/users', { key }), 401, 'clerk_key_invalid');
		},
	);

	it('accepts any of several configured keys', async () => {
		const multi = await startClerkEmulator({ secretKeys: ['sk_test_one', 'sk_test_two'] });
		try {
			expect(multi.secretKey).toBe('sk_test_one');
			expect((await api(multi, 'GET', '/users', { key: 'sk_test_two' })).status).toBe(200);
			expect((await api(multi, 'GET', '/users', { key: DEFAULT_SECRET_KEY })).status).toBe(401);
		} finally {
			await multi.close();
		}
	});
});

describe('routing and bookkeeping', () => {
	it('unknown routes are 404 resource_not_found', async () => {
		expectClerkError(await api(emulator, 'GET', '/organizations'), 404, 'resource_not_found');
		expectClerkError(await api(emulator, 'DELETE', '/sign_in_tokens'), 404, 'resource_not_found');
	});

	it('records /v1 requests in order and counts statuses', async () => {
		await api(emulator, 'POST', '/sign_in_tokens', { body: { user_id: SEED_USER_IDS.ada } });
		await api(emulator, 'GET', '/users?email_address=a@x.io&email_address=b@x.io', { key: null });
		await admin(emulator, 'GET', '/counters');

		expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/sign_in_tokens',
			'GET /v1/users',
		]);
		expect(emulator.requests[0].body).toEqual({ user_id: SEED_USER_IDS.ada });
		expect(emulator.requests[0].headers.authorization).toBe(`Bearer ${emulator.secretKey}`);
		expect(emulator.requests[1].query).toEqual({ email_address: ['a@x.io', 'b@x.io'] });
		expect(emulator.counters).toEqual({ total: 2, byStatus: { 200: 1, 401: 1 } });
	});

	it('with recording off, counters still count and arrival times are still kept', async () => {
		const quiet = await startClerkEmulator({ recordRequests: false });
		try {
			const before = Date.now();
			await api(quiet, 'GET', '/users');
			await api(quiet, 'GET', '/users', { key: null });
			expect(quiet.requests).toEqual([]);
			expect(quiet.counters.total).toBe(2);
			expect(quiet.arrivals).toHaveLength(2);
			expect(quiet.arrivals[0]).toBeGreaterThanOrEqual(before);
			expect(quiet.arrivals[1]).toBeGreaterThanOrEqual(quiet.arrivals[0]);
		} finally {
			await quiet.close();
		}
	});

	it('keeps no arrival times when told not to', async () => {
		const quiet = await startClerkEmulator({ recordArrivals: false });
		try {
			await api(quiet, 'GET', '/users');
			expect(quiet.arrivals).toEqual([]);
			expect(quiet.requests).toHaveLength(1);
		} finally {
			await quiet.close();
		}
	});

	it('reset clears requests, counters, faults and tokens but keeps users', async () => {
		await createToken();
		emulator.injectFault({ fault: { kind: 'status', status: 500 }, times: Infinity });
		expect(emulator.arrivals).toHaveLength(1);
		emulator.reset();
		expect(emulator.requests).toEqual([]);
		expect(emulator.arrivals).toEqual([]);
		expect(emulator.counters).toEqual({ total: 0, byStatus: {} });
		expect(emulator.tokens.size).toBe(0);
		expect(emulator.users.length).toBeGreaterThanOrEqual(30);
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
	});

	it('latency delays every /v1 response by at least the configured time', async () => {
		emulator.setLatency(150);
		const started = Date.now();
		await api(emulator, 'GET', '/users');
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
		expect(() => emulator.setLatency(-1)).toThrow();
	});
});

describe('rate limit', () => {
	it('answers 429 too_many_requests with Retry-After once the window is full', async () => {
		emulator.setRateLimit({ limit: 3, windowMs: 10_000 });
		for (let i = 0; i < 3; i++) expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		const limited = await api(emulator, 'GET', '/users');
		expectClerkError(limited, 429, 'too_many_requests');
		// The burst took well under a second, so the oldest slot frees in 10 whole seconds (rounded up).
		expect(limited.headers.get('retry-after')).toBe('10');
		expect(emulator.counters.byStatus[429]).toBe(1);
	});

	it('counts each secret key separately', async () => {
		const shared = await startClerkEmulator({
			secretKeys: ['sk_test_a', 'sk_test_b'],
			rateLimit: { limit: 1, windowMs: 10_000 },
		});
		try {
			expect((await api(shared, 'GET', '/users', { key: 'sk_test_a' })).status).toBe(200);
			expect((await api(shared, 'GET', '/users', { key: 'sk_test_a' })).status).toBe(429);
			expect((await api(shared, 'GET', '/users', { key: 'sk_test_b' })).status).toBe(200);
		} finally {
			await shared.close();
		}
	});

	it('lets requests through again once the oldest leaves the window', async () => {
		emulator.setRateLimit({ limit: 2, windowMs: 300 });
		await api(emulator, 'GET', '/users');
		await api(emulator, 'GET', '/users');
		const limited = await api(emulator, 'GET', '/users');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
	});

	it('does not limit requests that fail authentication', async () => {
		emulator.setRateLimit({ limit: 1, windowMs: 10_000 });
		expect((await api(emulator, 'GET', '/users', { key: 'sk_test_wrong' })).status).toBe(401);
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
	});
});

describe('faults', () => {
	it('a status fault sends Clerk’s error body for that status, then the API answers normally', async () => {
		emulator.injectFault({ fault: { kind: 'status', status: 503 } });
		expectClerkError(await api(emulator, 'GET', '/users'), 503, 'internal_clerk_error');
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
	});

	it.each([
		[400, 'bad_request'],
		[401, 'clerk_key_invalid'],
		[403, 'authorization_invalid'],
		[404, 'resource_not_found'],
		[422, 'form_param_value_invalid'],
		[429, 'too_many_requests'],
		[500, 'internal_clerk_error'],
	])('a bare %i status fault carries code %s', async (status, code) => {
		emulator.injectFault({ fault: { kind: 'status', status } });
		const res = await api(emulator, 'GET', '/users');
		expectClerkError(res, status, code);
		if (status === 429) expect(res.headers.get('retry-after')).toBe('1');
	});

	it('a status fault can carry its own body and headers', async () => {
		emulator.injectFault({
			fault: {
				kind: 'status',
				status: 429,
				body: { custom: true },
				headers: { 'Retry-After': '7' },
			},
		});
		const res = await api(emulator, 'GET', '/users');
		expect(res.status).toBe(429);
		expect(res.json).toEqual({ custom: true });
		expect(res.headers.get('retry-after')).toBe('7');
	});

	it('reset destroys the socket without an answer', async () => {
		emulator.injectFault({ fault: { kind: 'reset' } });
		await expect(api(emulator, 'GET', '/users')).rejects.toThrow();
		expect(emulator.requests).toHaveLength(1);
	});

	it('hang never answers until close()', async () => {
		const hanging = await startClerkEmulator();
		hanging.injectFault({ fault: { kind: 'hang' } });
		const pending = api(hanging, 'GET', '/users').then(
			() => 'answered',
			() => 'socket closed',
		);
		const early = await Promise.race([
			pending,
			new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300)),
		]);
		expect(early).toBe('still waiting');
		await hanging.close();
		expect(await pending).toBe('socket closed');
	});

	it('malformed-json sends a truncated JSON body (200 unless told otherwise)', async () => {
		emulator.injectFault({ fault: { kind: 'malformed-json' } });
		emulator.injectFault({ fault: { kind: 'malformed-json', status: 201 } });
		const first = await api(emulator, 'POST', '/sign_in_tokens', {
			body: { user_id: SEED_USER_IDS.ada },
		});
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toMatch(/application\/json/);
		expect(first.text.startsWith('{"object":"sign_in_tok')).toBe(true);
		expect(() => JSON.parse(first.text) as unknown).toThrow();
		expect((await api(emulator, 'GET', '/users')).status).toBe(201);
	});

	it('html sends a proxy error page', async () => {
		emulator.injectFault({ fault: { kind: 'html', status: 502 } });
		const res = await api(emulator, 'GET', '/users');
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(res.text).toContain('502 Bad Gateway');
	});

	it('matches by method and path (with or without /v1, or a RegExp) and counts times down', async () => {
		emulator.injectFault({
			fault: { kind: 'status', status: 500 },
			method: 'post',
			path: '/sign_in_tokens',
			times: 2,
		});
		emulator.injectFault({ fault: { kind: 'status', status: 502 }, path: /\/revoke$/ });

		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		expect(
			(await api(emulator, 'POST', '/sign_in_tokens', { body: { user_id: SEED_USER_IDS.ada } }))
				.status,
		).toBe(500);
		expect(
			(await api(emulator, 'POST', '/sign_in_tokens', { body: { user_id: SEED_USER_IDS.ada } }))
				.status,
		).toBe(500);
		const created = await createToken();
		expect((await api(emulator, 'POST', `/sign_in_tokens/${created.id}/revoke`)).status).toBe(502);
		expect((await api(emulator, 'POST', `/sign_in_tokens/${created.id}/revoke`)).status).toBe(200);
	});

	it('consumes matching rules in injection order; Infinity keeps a rule until cleared', async () => {
		emulator.injectFault({ fault: { kind: 'status', status: 500 }, times: Infinity });
		emulator.injectFault({ fault: { kind: 'status', status: 502 } });
		for (let i = 0; i < 3; i++) expect((await api(emulator, 'GET', '/users')).status).toBe(500);
		emulator.clearFaults();
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);

		emulator.injectFault({ fault: { kind: 'status', status: 502 } });
		emulator.injectFault({ fault: { kind: 'status', status: 503 } });
		expect((await api(emulator, 'GET', '/users')).status).toBe(502);
		expect((await api(emulator, 'GET', '/users')).status).toBe(503);
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
	});

	it('skip lets that many matching requests through before the rule fires; later rules still see them', async () => {
		emulator.injectFault({ fault: { kind: 'status', status: 500 }, path: '/users', skip: 2 });
		emulator.injectFault({ fault: { kind: 'status', status: 502 }, path: '/users' });
		expect((await api(emulator, 'GET', '/users')).status).toBe(502);
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		expect((await api(emulator, 'GET', '/users')).status).toBe(500);
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		expect(() =>
			emulator.injectFault({ fault: { kind: 'status', status: 500 }, skip: -1 }),
		).toThrow(/skip must be a whole number/);
	});

	it('faults come before authentication and rate limiting, and are recorded', async () => {
		emulator.injectFault({ fault: { kind: 'status', status: 500 } });
		expect((await api(emulator, 'GET', '/users', { key: null })).status).toBe(500);
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.counters.byStatus[500]).toBe(1);
	});
});

describe('admin routes', () => {
	it('expose requests, counters, users and tokens', async () => {
		const token = await createToken();
		expect((await admin(emulator, 'GET', '/requests')).json).toEqual(
			JSON.parse(JSON.stringify(emulator.requests)),
		);
		expect((await admin(emulator, 'GET', '/counters')).json).toEqual({
			total: 1,
			byStatus: { 200: 1 },
		});
		expect(((await admin(emulator, 'GET', '/users')).json as unknown[]).length).toBe(
			emulator.users.length,
		);
		const tokens = (await admin(emulator, 'GET', '/tokens')).json as {
			id: string;
			token: string;
			url: string;
			status: string;
		}[];
		expect(tokens).toEqual([
			expect.objectContaining({
				id: token.id,
				token: token.token,
				url: token.url,
				status: 'pending',
			}),
		]);
	});

	it('inject faults from JSON, with pathRegex and unlimited times, and clear them', async () => {
		const added = await admin(emulator, 'POST', '/faults', {
			fault: { kind: 'html', status: 504 },
			method: 'GET',
			pathRegex: '^/v1/users',
			times: null,
		});
		expect(added.status).toBe(200);
		expect((await api(emulator, 'GET', '/users')).status).toBe(504);
		expect((await api(emulator, 'GET', `/users/${SEED_USER_IDS.ada}`)).status).toBe(504);
		expect(
			(await api(emulator, 'POST', '/sign_in_tokens', { body: { user_id: SEED_USER_IDS.ada } }))
				.status,
		).toBe(200);
		await admin(emulator, 'DELETE', '/faults');
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);

		await admin(emulator, 'POST', '/faults', { fault: { kind: 'status', status: 503 }, skip: 1 });
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		expect((await api(emulator, 'GET', '/users')).status).toBe(503);

		expect((await admin(emulator, 'POST', '/faults', { fault: { kind: 'explode' } })).status).toBe(
			400,
		);
	});

	it('accept a token by id or ticket, refusing unknown and used ones', async () => {
		const token = await createToken();
		const accepted = await admin(
			emulator,
			'POST',
			`/tokens/${encodeURIComponent(token.token as string)}/accept`,
		);
		expect(accepted.status).toBe(200);
		expect(accepted.json).toMatchObject({ id: token.id, status: 'accepted' });
		expect((await admin(emulator, 'POST', `/tokens/${token.id}/accept`)).status).toBe(409);
		expect((await admin(emulator, 'POST', '/tokens/sit_nope/accept')).status).toBe(404);
	});

	it('configure rate limit and latency, and reset', async () => {
		const config = await admin(emulator, 'PUT', '/config', {
			rateLimit: { limit: 1, windowMs: 10_000 },
			latencyMs: 0,
		});
		expect(config.json).toEqual({
			rateLimit: { limit: 1, windowMs: 10_000 },
			latencyMs: 0,
			recordRequests: true,
			recordArrivals: true,
		});
		await api(emulator, 'GET', '/users');
		expect((await api(emulator, 'GET', '/users')).status).toBe(429);

		await admin(emulator, 'PUT', '/config', { rateLimit: null });
		expect((await api(emulator, 'GET', '/users')).status).toBe(200);
		expect(
			(await admin(emulator, 'PUT', '/config', { rateLimit: { limit: 0, windowMs: 1 } })).status,
		).toBe(400);

		await admin(emulator, 'POST', '/reset');
		expect(emulator.requests).toEqual([]);
		expect((await admin(emulator, 'GET', '/nothing')).status).toBe(404);
	});

	it('add users from JSON, refusing malformed ones with the field named', async () => {
		const res = await admin(emulator, 'POST', '/users', [
			{ email: 'twin@example.com', last_name: 'One' },
			{ email: 'twin@example.com', last_name: 'Two', banned: true },
		]);
		expect(res.status).toBe(200);
		const added = res.json as { id: string; banned: boolean }[];
		expect(added.map((u) => u.banned)).toEqual([false, true]);
		const found = (await api(emulator, 'GET', '/users?email_address=twin@example.com')).json as {
			id: string;
		}[];
		expect(found.map((u) => u.id).sort()).toEqual(added.map((u) => u.id).sort());

		const bad = await admin(emulator, 'POST', '/users', [{ email: 42 }]);
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ error: 'user 0: email must be a string or null' });
		expect((await admin(emulator, 'POST', '/users', { email: 'x@y.z' })).status).toBe(400);
	});

	it('expose arrival times, emptied by reset', async () => {
		await api(emulator, 'GET', '/users');
		expect((await admin(emulator, 'GET', '/arrivals')).json).toEqual(emulator.arrivals);
		expect(emulator.arrivals).toHaveLength(1);
		await admin(emulator, 'POST', '/reset');
		expect((await admin(emulator, 'GET', '/arrivals')).json).toEqual([]);
	});

	it('are neither recorded nor counted as API traffic', async () => {
		await admin(emulator, 'GET', '/users');
		expect(emulator.counters.total).toBe(0);
		expect(emulator.requests).toEqual([]);
	});
});
