import { expectThat, show } from './assert';
import type { CheckRunner } from './check-runner';
import { newSigningSecret } from '../../../emulator/webhooks/secrets';
import { deliver, signedDelivery } from './clerk-deliveries';
import { waitFor } from './free-port';
import type { N8nRestClient } from './n8n-rest';
import { expectStatus, waitForExecutions } from './trigger-checks';

export interface TriggerSafetyContext {
	rest: N8nRestClient;
	/** A workflow of one Clerk Trigger with Include Request Headers on, active, with its own credential. */
	workflowId: string;
	webhookUrl: string;
	signingSecret: string;
	credential: { id: string; name: string };
	body: string;
	/** Everything the n8n server printed so far. */
	serverOutput: () => string;
}

const credentialLogLine = 'Clerk Trigger cannot verify deliveries';

const occurrences = (text: string, part: string) => text.split(part).length - 1;

/**
 * What the trigger keeps out of n8n's stored data and answers to anonymous callers, checked where
 * n8n does the storing and answering: headers in the execution record, a broken credential's 500.
 */
export async function runTriggerSafetyChecks(
	runner: CheckRunner,
	ctx: TriggerSafetyContext,
): Promise<void> {
	const { rest, workflowId, webhookUrl, signingSecret, credential, body } = ctx;

	await runner.check(
		'Include Request Headers: the execution n8n stores has only allowlisted headers: no Authorization, Cookie, X-API-Key, gateway keys (x-functions-key, ocp-apim-subscription-key, cf-access-jwt-assertion, x-ms-client-principal) or the Svix signature',
		async () => {
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
			const delivery = signedDelivery(signingSecret, body);
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
			expectThat(headers, `the trigger output has no headers: ${show(run.nodes)}`);
			expectThat(
				headers['svix-id'] === delivery.id && headers['x-request-id'] === 'e2e-request-1',
				`svix-id and x-request-id should be kept: ${show(headers)}`,
			);
			const leaked = [...Object.keys(sensitive), 'svix-signature'].filter(
				(name) => name in headers,
			);
			expectThat(leaked.length === 0, `stored headers include ${leaked.join(', ')}`);
			const stored = JSON.stringify(run);
			expectThat(
				!stored.includes('e2e-leak') && !stored.includes(delivery.headers['svix-signature']),
				`a credential value is in the stored execution: ${show(headers)}`,
			);
		},
	);

	await runner.check(
		'A credential broken after activation: once the node reads it again (a delivery that does not verify with the key it holds, 10 s after its last read), each delivery gets a bare 500 and n8n logs the reason once, not per request',
		async () => {
			const linesBefore = occurrences(ctx.serverOutput(), credentialLogLine);
			await rest.updateCredential(credential.id, {
				...credential,
				type: 'clerkWebhookApi',
				data: { signingSecret: 'sk_test_e2e_not_a_signing_secret' },
			});
			// The node verifies with the key it read until a signature does not match it (or a minute
			// passes): a delivery signed with another secret makes it read the credential again.
			const rotated = newSigningSecret();
			await waitFor(
				'the trigger to read the broken credential',
				async () => (await deliver(webhookUrl, signedDelivery(rotated, body))).status === 500,
				75_000,
				2000,
			);
			const executionsBefore = (await rest.executions(workflowId)).length;
			for (let i = 1; i <= 3; i++) {
				const answer = await deliver(webhookUrl, signedDelivery(signingSecret, body));
				expectStatus(answer, 500, `delivery ${i} with a broken credential`);
				expectThat(
					answer.body === JSON.stringify({ message: 'Internal Server Error' }),
					`the 500 should say nothing about the setup: ${show(answer.body)}`,
				);
			}
			await waitFor(
				'the log line about the broken credential',
				async () => occurrences(ctx.serverOutput(), credentialLogLine) > linesBefore,
				10_000,
			);
			const lines = ctx
				.serverOutput()
				.split('\n')
				.filter((line) => line.includes(credentialLogLine));
			expectThat(
				lines.length === linesBefore + 1,
				`expected one log line for three requests, n8n printed ${show(lines)}`,
			);
			expectThat(
				/must start with "whsec_"/.test(lines[lines.length - 1]),
				`the log line should give the reason: ${show(lines)}`,
			);
			const executions = await rest.executions(workflowId);
			expectThat(
				executions.length === executionsBefore,
				`no execution should start, n8n lists ${show(executions)}`,
			);
		},
	);
}
