import type { IDataObject, Logger } from 'n8n-workflow';

import examples from '../../emulator/webhooks/clerkWebhookExamples.json';
import type { WebhookServer } from './harness/webhookServer';
import { withServer as serverWith, type ServerOptions } from './harness/withServer';
import { newSigningSecret, nowSeconds } from '../../emulator/webhooks/secrets';
import { signClerkWebhook } from '../../emulator/webhooks/sign';

const secret = newSigningSecret();
const userCreated = JSON.stringify(examples['user.created']);
let sequence = 0;

function nextId(): string {
	sequence += 1;
	return `msg_test_${sequence}_${Date.now()}`;
}

function withServer<T>(
	parameters: IDataObject,
	run: (server: WebhookServer) => Promise<T>,
	options: Partial<ServerOptions> & { signingSecret?: unknown } = {},
): Promise<T> {
	const signingSecret = 'signingSecret' in options ? options.signingSecret : secret;
	return serverWith(parameters, run, {
		...options,
		credential: { signingSecret: signingSecret as string },
	});
}

const userCreatedOnly = { events: ['user.created'] };

/** A logger that keeps what the node logs at `level` and drops the rest. */
function loggerKeeping(level: 'error' | 'warn') {
	const kept: string[] = [];
	const drop = () => {};
	const logger: Logger = { error: drop, warn: drop, info: drop, debug: drop };
	logger[level] = (message) => kept.push(message);
	return { logger, kept };
}

describe('Clerk Trigger webhook() in a real n8n-core WebhookContext', () => {
	it('starts the workflow with the event as Clerk sent it plus the Svix id', async () => {
		const id = nextId();
		const delivery = await withServer(userCreatedOnly, (server) =>
			server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
		);
		expect(delivery.status).toBe(200);
		expect(delivery.started).toHaveLength(1);
		const [item] = delivery.started![0];
		const event = examples['user.created'];
		expect(item.json).toEqual({
			type: event.type,
			data: event.data,
			object: event.object,
			instance_id: event.instance_id,
			timestamp: event.timestamp,
			event_attributes: event.event_attributes,
			svix_id: id,
		});
	});

	it('adds the request headers only when asked to, without those that can carry credentials', async () => {
		const id = nextId();
		const credentials = {
			authorization: 'Bearer leaked-bearer',
			cookie: 'session=leaked-cookie',
			'proxy-authorization': 'Basic leaked-proxy',
			'x-api-key': 'leaked-api-key',
			'x-auth-token': 'leaked-auth-token',
		};
		const [plain, withHeaders] = await Promise.all([
			withServer(userCreatedOnly, (server) =>
				server.post(signClerkWebhook(secret, nextId(), nowSeconds(), userCreated), userCreated),
			),
			withServer({ ...userCreatedOnly, options: { includeHeaders: true } }, (server) =>
				server.post(
					{
						...signClerkWebhook(secret, id, nowSeconds(), userCreated),
						...credentials,
						'x-request-id': 'req-1',
					},
					userCreated,
				),
			),
		]);
		expect(plain.started![0][0].json.headers).toBeUndefined();
		const headers = withHeaders.started![0][0].json.headers as Record<string, string>;
		expect(headers).toMatchObject({
			'svix-id': id,
			'content-type': 'application/json',
			'x-request-id': 'req-1',
		});
		expect(headers['svix-timestamp']).toMatch(/^\d+$/);
		for (const name of [...Object.keys(credentials), 'svix-signature']) {
			expect(headers).not.toHaveProperty(name);
		}
		expect(JSON.stringify(withHeaders.started)).not.toMatch(/leaked|v1,/);
	});

	it('starts for any event type when "Any Event" is selected', async () => {
		const body = JSON.stringify(examples['waitlistEntry.created']);
		const delivery = await withServer({ events: ['*'] }, (server) =>
			server.post(signClerkWebhook(secret, nextId(), nowSeconds(), body), body),
		);
		expect(delivery.status).toBe(200);
		expect(delivery.started![0][0].json.type).toBe('waitlistEntry.created');
	});

	it('answers 200 and starts nothing for a valid event that is not selected', async () => {
		const body = JSON.stringify(examples['session.created']);
		const delivery = await withServer(userCreatedOnly, (server) =>
			server.post(signClerkWebhook(secret, nextId(), nowSeconds(), body), body),
		);
		expect(delivery.status).toBe(200);
		expect(JSON.parse(delivery.body)).toEqual({ received: true });
		expect(delivery.started).toBeUndefined();
	});

	const signed = (at = nowSeconds(), key = secret) =>
		signClerkWebhook(key, nextId(), at, userCreated);
	it.each<[string, () => Record<string, string>, string]>([
		[
			'a delivery signed with another secret',
			() => signed(nowSeconds(), newSigningSecret()),
			userCreated,
		],
		[
			'a body changed by one byte after signing',
			() => signed(),
			userCreated.replace('"John"', '"Joha"'),
		],
		[
			'the same JSON re-serialised with other spacing',
			() => signed(),
			JSON.stringify(examples['user.created'], null, 1),
		],
		['a stale timestamp', () => signed(nowSeconds() - 6 * 60), userCreated],
		['a timestamp from the future', () => signed(nowSeconds() + 6 * 60), userCreated],
		['a request without Svix headers', () => ({}), userCreated],
		[
			'a forged non-JSON body',
			() => ({
				'content-type': 'text/plain',
				'svix-id': nextId(),
				'svix-timestamp': String(nowSeconds()),
				'svix-signature': 'v1,Zm9yZ2Vk',
			}),
			'hello',
		],
	])('answers 401 with no detail and starts nothing for %s', async (_, headers, body) => {
		const delivery = await withServer(userCreatedOnly, (server) => server.post(headers(), body));
		expect(delivery.status).toBe(401);
		expect(JSON.parse(delivery.body)).toEqual({ message: 'Unauthorized' });
		expect(delivery.started).toBeUndefined();
		expect(delivery.error).toBeUndefined();
	});

	it('accepts a header with several signatures when one is valid', async () => {
		const id = nextId();
		const headers = signClerkWebhook(secret, id, nowSeconds(), userCreated);
		const stale = signClerkWebhook(newSigningSecret(), id, nowSeconds(), userCreated);
		headers['svix-signature'] = `${stale['svix-signature']} ${headers['svix-signature']}`;
		const delivery = await withServer(userCreatedOnly, (server) =>
			server.post(headers, userCreated),
		);
		expect(delivery.started).toHaveLength(1);
	});

	it('starts once for a replayed delivery id and answers the replay 200', async () => {
		const id = nextId();
		const [first, replay, retried] = await withServer(userCreatedOnly, async (server) => [
			await server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
			await server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
			// Svix re-signs a retry with a new timestamp; the id still marks it as the same message.
			await server.post(signClerkWebhook(secret, id, nowSeconds() + 2, userCreated), userCreated),
		]);
		expect(first.started).toHaveLength(1);
		expect([replay.status, replay.started]).toEqual([200, undefined]);
		expect([retried.status, retried.started]).toEqual([200, undefined]);
	});

	it('does not let a forged request burn a delivery id', async () => {
		const id = nextId();
		const [forged, genuine] = await withServer(userCreatedOnly, async (server) => [
			await server.post(
				signClerkWebhook(newSigningSecret(), id, nowSeconds(), userCreated),
				userCreated,
			),
			await server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
		]);
		expect(forged.status).toBe(401);
		expect(genuine.started).toHaveLength(1);
	});

	it('keeps test and production listeners apart for the same delivery id', async () => {
		const id = nextId();
		const test = await withServer(
			userCreatedOnly,
			(server) => server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
			{ mode: 'manual' },
		);
		const production = await withServer(userCreatedOnly, (server) =>
			server.post(signClerkWebhook(secret, id, nowSeconds(), userCreated), userCreated),
		);
		expect(test.started).toHaveLength(1);
		expect(production.started).toHaveLength(1);
	});

	it('answers 400 and starts nothing for a signed body that is not a JSON Clerk event', async () => {
		const [text, array] = await withServer(userCreatedOnly, async (server) => [
			await server.post(
				{
					...signClerkWebhook(secret, nextId(), nowSeconds(), 'not json'),
					'content-type': 'text/plain',
				},
				'not json',
			),
			await server.post(signClerkWebhook(secret, nextId(), nowSeconds(), '[1,2]'), '[1,2]'),
		]);
		expect([text.status, text.started]).toEqual([400, undefined]);
		expect([array.status, array.started]).toEqual([400, undefined]);
	});

	it('answers a broken credential with a bare 500 and logs the reason once per minute, not per request', async () => {
		const { logger, kept: logged } = loggerKeeping('error');
		const deliveries = await withServer(
			userCreatedOnly,
			async (server) => {
				const answers = [];
				for (let i = 0; i < 3; i++) {
					answers.push(
						await server.post(
							signClerkWebhook(secret, nextId(), nowSeconds(), userCreated),
							userCreated,
						),
					);
				}
				return answers;
			},
			{ signingSecret: 'sk_test_not_a_signing_secret', workflowId: 'wf-broken-secret', logger },
		);
		for (const delivery of deliveries) {
			expect(delivery.status).toBe(500);
			expect(JSON.parse(delivery.body)).toEqual({ message: 'Internal Server Error' });
			expect(delivery.started).toBeUndefined();
		}
		expect(logged).toHaveLength(1);
		expect(logged[0]).toMatch(
			/cannot verify deliveries.*must start with "whsec_".*Clerk Dashboard/,
		);
		expect(logged[0]).not.toContain('sk_test_not_a_signing_secret');
	});
});

describe('Clerk Trigger refusing deliveries', () => {
	it('logs refused deliveries at warn, once a minute per node, with the reason and never the secret', async () => {
		const { logger, kept: warned } = loggerKeeping('warn');
		const otherSecret = newSigningSecret();
		const answers = await withServer(
			userCreatedOnly,
			async (server) => {
				const statuses = [];
				for (let i = 0; i < 3; i++) {
					const delivery = await server.post(
						signClerkWebhook(otherSecret, nextId(), nowSeconds(), userCreated),
						userCreated,
					);
					statuses.push(delivery.status);
				}
				return statuses;
			},
			{ workflowId: 'wf-refused-deliveries', logger },
		);
		expect(answers).toEqual([401, 401, 401]);
		expect(warned).toHaveLength(1);
		expect(warned[0]).toMatch(/refused a delivery with 401: no-matching-signature/);
		expect(warned[0]).toContain('Clerk Webhook API credential');
		expect(warned[0]).not.toContain(secret);
		expect(warned[0]).not.toContain(otherSecret);
	});
});

describe('Clerk Trigger replay memory', () => {
	const post = (server: WebhookServer, id: string, body = userCreated) =>
		server.post(signClerkWebhook(secret, id, nowSeconds(), body), body);

	it('does not remember a delivery whose body it refused, so a retry with a valid event runs', async () => {
		const id = nextId();
		const [refused, retried] = await withServer(userCreatedOnly, async (server) => [
			await post(server, id, '{"object":"event","data":{}}'),
			await post(server, id),
		]);
		expect([refused.status, refused.started]).toEqual([400, undefined]);
		expect(retried.started).toHaveLength(1);
	});

	it("keeps each workflow's deliveries apart: the same id starts both", async () => {
		const id = nextId();
		const [first, second] = await Promise.all(
			['wf-replay-a', 'wf-replay-b'].map(
				async (workflowId) =>
					await withServer(userCreatedOnly, (server) => post(server, id), { workflowId }),
			),
		);
		expect(first.started).toHaveLength(1);
		expect(second.started).toHaveLength(1);
	});
});
