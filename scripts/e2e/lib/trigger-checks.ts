import { newSigningSecret } from '../../../emulator/webhooks/secrets';
import { expectThat, show } from './assert';
import type { CheckRunner } from './check-runner';
import {
	deliver,
	signedDelivery,
	userCreatedBody,
	withOneByteChanged,
	type ClerkDelivery,
	type DeliveryAnswer,
} from './clerk-deliveries';
import type { EmulatorUser } from '../../../emulator';
import type { EmulatorProcess } from './emulator';
import { waitFor } from './free-port';
import type { ExecutionSummary, N8nRestClient } from './n8n-rest';
import type { ParsedRun } from './n8n-instance';

export interface TriggerContext {
	rest: N8nRestClient;
	emulator: EmulatorProcess;
	workflowId: string;
	/** The example's production webhook URL on the running n8n. */
	webhookUrl: string;
	signingSecret: string;
	/** The emulator's user the deliveries are about. */
	user: EmulatorUser;
}

/**
 * A request that starts nothing leaves no trace to wait for; this long without a new execution
 * or token counts as "started nothing". The check after them proves the pipeline was still live.
 */
const quietMs = 1500;

const terminal = new Set(['success', 'error', 'crashed', 'canceled']);

/** Waits until the workflow has `count` executions, all finished, and returns them (newest first). */
export async function waitForExecutions(
	rest: N8nRestClient,
	workflowId: string,
	count: number,
): Promise<ExecutionSummary[]> {
	let seen: ExecutionSummary[] = [];
	await waitFor(
		`${count} finished execution(s) of ${workflowId}`,
		async () => {
			seen = await rest.executions(workflowId);
			return seen.length >= count && seen.every((e) => terminal.has(e.status));
		},
		30_000,
	).catch((error: Error) => {
		throw new Error(`${error.message}; n8n lists ${show(seen)}`);
	});
	expectThat(
		seen.length === count,
		`expected ${count} execution(s), n8n lists ${seen.length}: ${show(seen)}`,
	);
	return seen;
}

export const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

export function expectStatus(answer: DeliveryAnswer, status: number, what: string): void {
	expectThat(
		answer.status === status,
		`${what}: expected HTTP ${status}, got ${answer.status}: ${show(answer.body)}`,
	);
}

export async function runTriggerChecks(runner: CheckRunner, ctx: TriggerContext): Promise<void> {
	const { rest, emulator, workflowId, webhookUrl, signingSecret, user } = ctx;
	const email = user.email_addresses[0]?.email_address;
	const tokensForUser = async () => (await emulator.tokens()).filter((t) => t.userId === user.id);

	const executionsSettled = async (count: number) =>
		await waitForExecutions(rest, workflowId, count);

	const expectNothingStarted = async (
		executionsBefore: number,
		tokensBefore: number,
	): Promise<void> => {
		await sleep(quietMs);
		const executions = await rest.executions(workflowId);
		expectThat(
			executions.length === executionsBefore,
			`no execution should start, n8n lists ${show(executions)}`,
		);
		const tokens = await tokensForUser();
		expectThat(
			tokens.length === tokensBefore,
			`no token should be created, the emulator has ${show(tokens)}`,
		);
	};

	/** The example's run for `delivery`: the event in, a token for the user, an email with the link. */
	const expectExampleRan = (run: ParsedRun, delivery: ClerkDelivery): string => {
		const event = run.nodes['Clerk Trigger']?.items[0];
		expectThat(
			event,
			`Clerk Trigger produced no item; ran: ${Object.keys(run.nodes).join(', ')}; error ${show(run.error)}`,
		);
		expectThat(event.type === 'user.created', `event type should be user.created: ${show(event)}`);
		expectThat(
			event.svix_id === delivery.id,
			`svix_id should be ${delivery.id}, got ${show(event.svix_id)}`,
		);
		expectThat(
			(event.data as { id?: string }).id === user.id,
			`event data.id should be ${user.id}: ${show(event.data)}`,
		);

		const create = run.nodes['Create sign-in token'];
		expectThat(create && !create.error, `Create sign-in token failed: ${show(create?.error)}`);
		const token = create.items[0];
		expectThat(
			create.items.length === 1,
			`Create should output one token, got ${show(create.items)}`,
		);
		expectThat(
			token.object === 'sign_in_token' && token.status === 'pending' && token.user_id === user.id,
			`expected a pending token for ${user.id}: ${show(token)}`,
		);

		const mail = run.nodes['Compose email (replace with Send Email)']?.items[0];
		expectThat(mail, `the email step produced nothing: ${show(run.nodes)}`);
		expectThat(mail.to === email, `email should go to ${email}, got ${show(mail.to)}`);
		expectThat(
			typeof token.link === 'string' && String(mail.text).includes(token.link),
			`email text should contain the link ${show(token.link)}: ${show(mail.text)}`,
		);
		return String(token.id);
	};

	const body = userCreatedBody(user);
	const first = signedDelivery(signingSecret, body);

	await runner.check(
		'The example workflow is active once n8n has started (activated with the CLI before it started)',
		async () => {
			const workflow = await rest.workflow(workflowId);
			expectThat(
				workflow.active === true,
				`workflow ${workflowId} should be active: ${show(workflow)}`,
			);
		},
	);

	await runner.check(
		'A signed user.created to the production URL answers 200 and runs the example to the email',
		async () => {
			const tokensBefore = (await tokensForUser()).length;
			const accepted = await deliver(webhookUrl, first);
			expectStatus(accepted, 200, 'signed delivery');
			// The trigger answers itself, before n8n has stored the run (Svix reads only the status).
			expectThat(
				accepted.body === '{"received":true}',
				`the 200 should be the trigger's own answer: ${show(accepted.body)}`,
			);
			const [execution] = await executionsSettled(1);
			expectThat(
				execution.status === 'success' && execution.mode === 'webhook',
				`the execution should be a successful webhook run: ${show(execution)}`,
			);
			const tokenId = expectExampleRan(await rest.executionRun(execution.id), first);
			const tokens = await tokensForUser();
			expectThat(
				tokens.length === tokensBefore + 1,
				`the emulator should hold one new token, has ${show(tokens)}`,
			);
			expectThat(
				tokens.some((t) => t.id === tokenId && t.status === 'pending'),
				`the emulator should hold the token the run reported (${tokenId}): ${show(tokens)}`,
			);
		},
	);

	await runner.check(
		'Forged deliveries (another secret; body changed by one byte) answer 401 and start nothing',
		async () => {
			const executionsBefore = (await rest.executions(workflowId)).length;
			const tokensBefore = (await tokensForUser()).length;
			const otherSecret = signedDelivery(newSigningSecret(), body);
			const tampered = withOneByteChanged(signedDelivery(signingSecret, body));
			expectThat(
				tampered.body.length === body.length && tampered.body !== body,
				'the tampered body should differ by one byte',
			);
			for (const [what, delivery] of [
				['signed with another secret', otherSecret],
				['body changed by one byte', tampered],
			] as const) {
				const answer = await deliver(webhookUrl, delivery);
				expectStatus(answer, 401, what);
				expectThat(
					!/signature|secret|timestamp/i.test(answer.body),
					`${what}: the 401 should not explain itself: ${show(answer.body)}`,
				);
			}
			await expectNothingStarted(executionsBefore, tokensBefore);
		},
	);

	await runner.check(
		'The same delivery again (same svix-id, a Svix retry) answers 200 and starts nothing',
		async () => {
			const executionsBefore = (await rest.executions(workflowId)).length;
			const tokensBefore = (await tokensForUser()).length;
			expectStatus(await deliver(webhookUrl, first), 200, 'replayed delivery');
			// A retry is re-signed with a new timestamp but keeps its id: also nothing.
			expectStatus(
				await deliver(webhookUrl, signedDelivery(signingSecret, body, first.id)),
				200,
				're-signed retry',
			);
			await expectNothingStarted(executionsBefore, tokensBefore);
		},
	);

	await runner.check(
		'A new delivery afterwards still starts exactly one more run (nothing else was pending)',
		async () => {
			const executionsBefore = (await rest.executions(workflowId)).length;
			const tokensBefore = (await tokensForUser()).length;
			const next = signedDelivery(signingSecret, body);
			expectStatus(await deliver(webhookUrl, next), 200, 'second signed delivery');
			const executions = await executionsSettled(executionsBefore + 1);
			expectThat(
				executions[0].status === 'success',
				`the new execution should succeed: ${show(executions[0])}`,
			);
			expectExampleRan(await rest.executionRun(executions[0].id), next);
			const tokens = await tokensForUser();
			expectThat(
				tokens.length === tokensBefore + 1,
				`exactly one new token expected, the emulator has ${show(tokens)}`,
			);
		},
	);
}
