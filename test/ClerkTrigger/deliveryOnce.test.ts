import examples from '../../emulator/webhooks/clerkWebhookExamples.json';
import { newSigningSecret, nowSeconds } from '../../emulator/webhooks/secrets';
import { signClerkWebhook } from '../../emulator/webhooks/sign';
import { DELIVERY_RETENTION_MS } from '../../nodes/ClerkTrigger/deliveryMemory';
import { KEY_MAX_AGE_MS, KEY_REFRESH_INTERVAL_MS } from '../../nodes/ClerkTrigger/signingKeys';
import type { PostOptions, WebhookServer } from './harness/webhookServer';
import { withServer } from './harness/withServer';

const body = JSON.stringify(examples['user.created']);
const userCreatedOnly = { events: ['user.created'] };
let sequence = 0;
const nextId = () => `msg_once_${++sequence}_${Date.now()}`;
const nextWorkflow = () => `wf-once-${++sequence}`;

/** One attempt as Svix sends it: signed now with `secret`, under the message's id. */
const attempt = (server: WebhookServer, secret: string, id: string, options?: PostOptions) =>
	server.post(signClerkWebhook(secret, id, nowSeconds(), body), body, options);

/** Moves the clock the node reads by `ms` for the rest of the test. */
function clockAhead(ms: number): void {
	const now = Date.now.bind(Date);
	jest.spyOn(Date, 'now').mockImplementation(() => now() + ms);
}

afterEach(() => jest.restoreAllMocks());

describe('Clerk Trigger under Svix delivery rules: each event runs once', () => {
	it('answers 200 itself and hands the run over in the same step', async () => {
		const secret = newSigningSecret();
		const delivery = await withServer(
			userCreatedOnly,
			(server) => attempt(server, secret, nextId()),
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(delivery.status).toBe(200);
		expect(JSON.parse(delivery.body)).toEqual({ received: true });
		expect(delivery.started).toHaveLength(1);
	});

	it('still hands the run over when Svix gave up before the answer, and its retry starts nothing', async () => {
		const secret = newSigningSecret();
		const id = nextId();
		const [abandoned, retry] = await withServer(
			userCreatedOnly,
			async (server) => [
				await attempt(server, secret, id, { closeBeforeAnswer: true }),
				await attempt(server, secret, id),
			],
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(abandoned.status).toBe(0);
		expect(abandoned.started).toHaveLength(1);
		expect([retry.status, retry.started]).toEqual([200, undefined]);
	});

	it('runs a delivery it could not hand over (credential unreadable, 500) when Svix retries it', async () => {
		const secret = newSigningSecret();
		const credential = { signingSecret: 'whsec_broken' };
		const id = nextId();
		const [failed, retry, again] = await withServer(
			userCreatedOnly,
			async (server) => {
				const first = await attempt(server, secret, id);
				credential.signingSecret = secret;
				return [first, await attempt(server, secret, id), await attempt(server, secret, id)];
			},
			{ credential, workflowId: nextWorkflow() },
		);
		expect([failed.status, failed.started]).toEqual([500, undefined]);
		expect([retry.status, retry.started?.length]).toEqual([200, 1]);
		expect([again.status, again.started]).toEqual([200, undefined]);
	});

	it('starts one run for copies of one delivery arriving at once, before the key was ever read', async () => {
		const secret = newSigningSecret();
		const id = nextId();
		const copies = await withServer(
			userCreatedOnly,
			async (server) =>
				await Promise.all(Array.from({ length: 20 }, () => attempt(server, secret, id))),
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(copies.map((c) => c.status)).toEqual(Array(20).fill(200));
		expect(copies.filter((c) => c.started !== undefined)).toHaveLength(1);
	});

	it("ignores Svix's last retry (27.6 h later) and runs the id again once the memory has let it go", async () => {
		const secret = newSigningSecret();
		const id = nextId();
		const [first, lastRetry, afterRetention] = await withServer(
			userCreatedOnly,
			async (server) => {
				const sent = await attempt(server, secret, id);
				clockAhead(27.6 * 3_600_000);
				const retried = await attempt(server, secret, id);
				jest.restoreAllMocks();
				clockAhead(DELIVERY_RETENTION_MS + 1);
				return [sent, retried, await attempt(server, secret, id)];
			},
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(first.started).toHaveLength(1);
		expect([lastRetry.status, lastRetry.started]).toEqual([200, undefined]);
		expect(afterRetention.started).toHaveLength(1);
	});
});

describe('Clerk Trigger signing key: read once per node, not per delivery', () => {
	it('reads the credential once for a burst of deliveries, however many arrive at once', async () => {
		const secret = newSigningSecret();
		const [reads, answers] = await withServer(
			userCreatedOnly,
			async (server) => {
				const burst = await Promise.all(
					Array.from({ length: 30 }, () => attempt(server, secret, nextId())),
				);
				const more = await attempt(server, secret, nextId());
				return [server.credentialsHelper.decryptions, [...burst, more]] as const;
			},
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(reads).toBe(1);
		expect(answers.every((a) => a.status === 200 && a.started?.length === 1)).toBe(true);
	});

	it('picks up a rotated secret: the first delivery signed with it after the interval reads the credential again', async () => {
		const oldSecret = newSigningSecret();
		const newSecret = newSigningSecret();
		const credential = { signingSecret: oldSecret };
		const [before, tooSoon, later, reads] = await withServer(
			userCreatedOnly,
			async (server) => {
				const first = await attempt(server, oldSecret, nextId());
				credential.signingSecret = newSecret;
				const soon = await attempt(server, newSecret, nextId());
				clockAhead(KEY_REFRESH_INTERVAL_MS);
				const after = await attempt(server, newSecret, nextId());
				return [first, soon, after, server.credentialsHelper.decryptions] as const;
			},
			{ credential, workflowId: nextWorkflow() },
		);
		expect(before.status).toBe(200);
		expect(tooSoon.status).toBe(401);
		expect([later.status, later.started?.length]).toEqual([200, 1]);
		expect(reads).toBe(2);
	});

	it('reads the credential at most once per interval however many forged requests arrive', async () => {
		const secret = newSigningSecret();
		const [forged, reads] = await withServer(
			userCreatedOnly,
			async (server) => {
				await attempt(server, secret, nextId());
				clockAhead(KEY_REFRESH_INTERVAL_MS);
				const answers = [];
				for (let i = 0; i < 20; i++)
					answers.push(await attempt(server, newSigningSecret(), nextId()));
				return [answers, server.credentialsHelper.decryptions] as const;
			},
			{ credential: { signingSecret: secret }, workflowId: nextWorkflow() },
		);
		expect(forged.every((a) => a.status === 401 && a.started === undefined)).toBe(true);
		expect(reads).toBe(2);
	});

	it('applies an edited credential within a minute, even while deliveries still verify with the old key', async () => {
		const secret = newSigningSecret();
		const credential = { signingSecret: secret };
		const [held, broken] = await withServer(
			userCreatedOnly,
			async (server) => {
				await attempt(server, secret, nextId());
				credential.signingSecret = 'whsec_broken';
				const stillHeld = await attempt(server, secret, nextId());
				clockAhead(KEY_MAX_AGE_MS);
				return [stillHeld, await attempt(server, secret, nextId())];
			},
			{ credential, workflowId: nextWorkflow() },
		);
		expect([held.status, held.started?.length]).toEqual([200, 1]);
		expect([broken.status, broken.started]).toEqual([500, undefined]);
	});

	it('reads the key again when the node is switched to another credential', async () => {
		const first = newSigningSecret();
		const second = newSigningSecret();
		const workflowId = nextWorkflow();
		await withServer(userCreatedOnly, (server) => attempt(server, first, nextId()), {
			credential: { signingSecret: first },
			workflowId,
		});
		const delivery = await withServer(
			userCreatedOnly,
			(server) => attempt(server, second, nextId()),
			{ credential: { signingSecret: second }, workflowId, credentialId: 'cred-2' },
		);
		expect([delivery.status, delivery.started?.length]).toEqual([200, 1]);
	});
});
