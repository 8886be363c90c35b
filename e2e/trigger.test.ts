/**
 * The Clerk Trigger example in a real n8n server on each line, driven the way Clerk drives it: the
 * workflow is imported and activated, then signed (and forged, and replayed) deliveries, a
 * Svix-style burst, and deliveries with credential headers are POSTed to its production URL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { newSigningSecret } from '../emulator/webhooks/secrets';
import { expectLabKeepsNoSecrets, startLab } from '../n8nLab/lab';
import {
	deliver,
	formatAnswers,
	signedDelivery,
	stormUsers,
	summariseAnswers,
	svixStorm,
	userCreatedBody,
	usersWithWrongTokenCount,
} from '../n8nLab/deliveries';
import { randomSecretKey } from '../n8nLab/emulator';
import { ensureInstalled, n8nLines } from '../n8nLab/lines';
import { clerkApiCredential, clerkWebhookCredential } from '../n8nLab/n8nInstance';
import { N8nRestClient } from '../n8nLab/n8nRest';
import { positiveSetting, until } from '../n8nLab/processes';
import {
	derive,
	exampleCredential,
	examples,
	loadExample,
	node,
	webhookSecretCredential,
	type Workflow,
} from '../n8nLab/workflows';
import { credentialTestRedirectCheck } from './hostileNetwork';
import { labSuite, show } from './support';
import { expectStatus, triggerChecks, waitForExecutions } from './triggerChecks';

/** Svix-style burst through the example in `n8n start`: 300 events in 3 s (E2E_TRIGGER_STORM). */
const deliveries = positiveSetting('E2E_TRIGGER_STORM', 300);
const perSecond = 100;
const DEVELOPMENT_LIMIT = { limit: 100, windowMs: 10_000 };
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The credential of the headers workflow, broken on purpose by the last check. */
const headersSecretCredential = {
	id: 'ClerkWebhookSecretB',
	name: 'Clerk webhook secret (headers)',
};

const credentialLogLine = 'Clerk Trigger cannot verify deliveries';

const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** The example's trigger alone, with Include Request Headers on, its own URL and credential. */
function headersWorkflow(example: Workflow): Workflow {
	return derive(example, 'ClerkTriggerHeaders1', 'Clerk Trigger with headers', (w) => {
		const trigger = node(w, 'Clerk Trigger');
		trigger.parameters.options = { includeHeaders: true };
		trigger.webhookId = randomUUID();
		trigger.credentials = { clerkWebhookApi: headersSecretCredential };
		w.nodes = [trigger];
		w.connections = {};
	});
}

for (const line of n8nLines)
	describe(`Clerk Trigger, ${line.label}`, () => {
		const clerkKey = randomSecretKey();
		const signingSecret = newSigningSecret();
		const headersSecret = newSigningSecret();
		const { check, ready } = labSuite(
			`trigger-${line.version}`,
			async ({ root, group, tarball }) => {
				const n8n = ensureInstalled(line);
				const lab = await startLab(group, n8n, tarball, {
					root,
					secretKey: clerkKey,
					credentials: ({ apiUrl }) => [
						clerkApiCredential(exampleCredential, clerkKey, apiUrl),
						clerkWebhookCredential(webhookSecretCredential, signingSecret),
						clerkWebhookCredential(headersSecretCredential, headersSecret),
					],
				});
				const { instance, emulator } = lab;
				const workflow = loadExample(examples.newUserLink);
				const withHeaders = headersWorkflow(workflow);
				await instance.importActive([workflow, withHeaders]);
				const server = await instance.startServer(group);
				const adaId = await emulator.userIdByEmail('ada@example.com');
				const user = (await emulator.users()).find((u) => u.id === adaId);
				if (!user) throw new Error(`the emulator lost user ${adaId}`);
				const rest = await N8nRestClient.signIn(n8n, server.url, server.owner);
				return { lab, emulator, workflow, withHeaders, server, user, rest };
			},
		);

		triggerChecks(check, async () => {
			const { rest, emulator, workflow, server, user } = await ready();
			return {
				rest,
				emulator,
				workflowId: workflow.id,
				webhookUrl: server.webhookUrl(workflow),
				signingSecret,
				user,
			};
		});

		/**
		 * The product's named use in a real n8n server: a burst of signed user.created events
		 * delivered the way Svix delivers them (15 s per attempt, retried with the same id), at
		 * Clerk's development limit. Each event must run exactly once and make one token; none may
		 * be lost.
		 */
		check(
			`A burst of ${deliveries} signed user.created (${perSecond}/s, Svix's rules: 15 s per attempt, retried with the same id) at Clerk's development limit: each event runs exactly once, one token each, none lost`,
			async () => {
				const { rest, emulator, workflow, server } = await ready();
				const workflowId = workflow.id;
				const users = stormUsers(await emulator.users());
				const before = await rest.executionCount(workflowId);
				const succeededBefore = await rest.executionCount(workflowId, ['success']);
				await emulator.reset();
				await emulator.configure({ rateLimit: DEVELOPMENT_LIMIT });
				const userAt = (i: number) => users[i % users.length];
				try {
					const results = await svixStorm({
						url: server.webhookUrl(workflow),
						secret: signingSecret,
						bodies: Array.from({ length: deliveries }, (_, i) => userCreatedBody(userAt(i))),
						perSecond,
					});
					const answers = summariseAnswers(results);
					console.log(`Svix: ${formatAnswers(answers)}`);
					assert.equal(answers.undelivered, 0, 'events never got a 2xx');

					let finished = 0;
					await until(
						`${deliveries} finished executions`,
						async () => {
							finished = (await rest.executionCount(workflowId, FINISHED)) - before;
							return finished >= deliveries;
						},
						{ timeoutMs: 300_000, everyMs: 1000 },
					).catch((error: Error) => {
						throw new Error(`${error.message}: ${finished} finished`);
					});
					// A duplicate run would start after the first ones; give it time to show.
					await sleep(3000);
					const executions = (await rest.executionCount(workflowId)) - before;
					const succeeded = (await rest.executionCount(workflowId, ['success'])) - succeededBefore;
					const tokens = await emulator.tokens();
					const counters = await emulator.counters();
					console.log(
						`        ${executions} executions (${succeeded} succeeded), ${tokens.length} tokens, ${counters.total} requests to Clerk (${counters.byStatus[429] ?? 0} answered 429)`,
					);
					assert.deepEqual(
						[executions, succeeded, tokens.length],
						[deliveries, deliveries, deliveries],
					);
					const named = Array.from({ length: deliveries }, (_, i) => userAt(i).id);
					assert.deepEqual(
						usersWithWrongTokenCount(named, tokens),
						[],
						'wrong token count per user',
					);
				} finally {
					await emulator.configure({ rateLimit: null });
				}
			},
		);

		/**
		 * What the trigger keeps out of n8n's stored data and answers to anonymous callers, checked
		 * where n8n does the storing and answering: headers in the execution record, a broken
		 * credential's 500.
		 */
		check(
			'Include Request Headers: the execution n8n stores has only allowlisted headers: no Authorization, Cookie, X-API-Key, gateway keys (x-functions-key, ocp-apim-subscription-key, cf-access-jwt-assertion, x-ms-client-principal) or the Svix signature',
			async () => {
				const { rest, server, user, withHeaders } = await ready();
				const workflowId = withHeaders.id;
				const webhookUrl = server.webhookUrl(withHeaders);
				const body = userCreatedBody(user);
				const sensitive = {
					authorization: 'Bearer e2e-leak-bearer',
					cookie: 'sid=e2e-leak-cookie',
					'proxy-authorization': 'Basic e2e-leak-proxy',
					'x-api-key': 'e2e-leak-api-key',
					'x-auth-token': 'e2e-leak-auth-token',
					'x-functions-key': 'e2e-leak-functions-key',
					'ocp-apim-subscription-key': 'e2e-leak-apim-key',
					'cf-access-jwt-assertion': 'e2e-leak-cf-jwt',
					'x-ms-client-principal': 'e2e-leak-principal',
					'x-webhook-key': 'e2e-leak-webhook-key',
				};
				const delivery = signedDelivery(headersSecret, body);
				const answer = await deliver(webhookUrl, {
					...delivery,
					headers: { ...delivery.headers, ...sensitive, 'x-request-id': 'e2e-request-1' },
				});
				expectStatus(answer, 200, 'signed delivery with credential headers');
				const [execution] = await waitForExecutions(rest, workflowId, 1);
				const run = await rest.executionRun(execution.id);
				const headers = run.nodes['Clerk Trigger']?.items[0]?.headers as
					| Record<string, unknown>
					| undefined;
				assert.ok(headers, `the trigger output has no headers: ${show(run.nodes)}`);
				assert.deepEqual(
					[headers['svix-id'], headers['x-request-id']],
					[delivery.id, 'e2e-request-1'],
				);
				const leaked = [...Object.keys(sensitive), 'svix-signature'].filter((h) => h in headers);
				assert.deepEqual(leaked, [], 'stored headers the trigger should drop');
				const stored = JSON.stringify(run);
				assert.ok(
					!stored.includes('e2e-leak') && !stored.includes(delivery.headers['svix-signature']),
					`a credential value is in the stored execution: ${show(headers)}`,
				);
			},
		);

		check(
			'A credential broken after activation: once the node reads it again (a delivery that does not verify with the key it holds, 10 s after its last read), each delivery gets a bare 500 and n8n logs the reason once, not per request',
			async () => {
				const { rest, server, user, withHeaders } = await ready();
				const workflowId = withHeaders.id;
				const webhookUrl = server.webhookUrl(withHeaders);
				const body = userCreatedBody(user);
				const linesBefore = occurrences(server.process.output(), credentialLogLine);
				await rest.updateCredential(
					clerkWebhookCredential(headersSecretCredential, 'sk_test_e2e_not_a_signing_secret'),
				);
				// The node verifies with the key it read until a signature does not match it (or a minute
				// passes): a delivery signed with another secret makes it read the credential again.
				const rotated = newSigningSecret();
				await until(
					'the trigger to read the broken credential',
					async () => (await deliver(webhookUrl, signedDelivery(rotated, body))).status === 500,
					{ timeoutMs: 75_000, everyMs: 2000 },
				);
				const executionsBefore = (await rest.executions(workflowId)).length;
				for (let i = 1; i <= 3; i++) {
					const answer = await deliver(webhookUrl, signedDelivery(headersSecret, body));
					expectStatus(answer, 500, `delivery ${i} with a broken credential`);
					assert.equal(answer.body, JSON.stringify({ message: 'Internal Server Error' }));
				}
				await until(
					'the log line about the broken credential',
					async () => occurrences(server.process.output(), credentialLogLine) > linesBefore,
					{ timeoutMs: 10_000 },
				);
				const lines = server.process
					.output()
					.split('\n')
					.filter((line) => line.includes(credentialLogLine));
				assert.equal(lines.length, linesBefore + 1, `one line for three requests: ${show(lines)}`);
				assert.match(lines[lines.length - 1], /must start with "whsec_"/);
				const executions = await rest.executions(workflowId);
				assert.equal(executions.length, executionsBefore, `started: ${show(executions)}`);
			},
		);

		credentialTestRedirectCheck(check, async () => {
			const { rest } = await ready();
			return {
				rest,
				credential: exampleCredential,
				secretKey: clerkKey,
				rulesApply: line.installArg === '2',
			};
		});

		check(
			'Neither the signing secret nor the Clerk key in anything n8n printed or stored',
			async () => {
				const { lab, group, server } = await ready();
				await group.stopAll();
				expectLabKeepsNoSecrets(
					lab,
					{
						'the signing secret': signingSecret,
						"the headers workflow's signing secret": headersSecret,
						'the Clerk secret key': clerkKey,
					},
					{ 'n8n server output': server.process.output() },
				);
			},
		);
	});
