import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import type { EmulatorUser } from '../emulator';
import { newSigningSecret } from '../emulator/webhooks/secrets';
import {
	deliver,
	signedDelivery,
	userCreatedBody,
	withOneByteChanged,
	type ClerkDelivery,
	type DeliveryAnswer,
} from '../n8nLab/deliveries';
import type { EmulatorProcess } from '../n8nLab/emulator';
import type { ParsedRun } from '../n8nLab/runs';
import type { ExecutionSummary, N8nRestClient } from '../n8nLab/n8nRest';
import { until } from '../n8nLab/processes';
import { show, type Check } from './support';

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
	await until(
		`${count} finished execution(s) of ${workflowId}`,
		async () => {
			seen = await rest.executions(workflowId);
			return seen.length >= count && seen.every((e) => terminal.has(e.status));
		},
		{ timeoutMs: 30_000 },
	).catch((error: Error) => {
		throw new Error(`${error.message}; n8n lists ${show(seen)}`);
	});
	assert.ok(
		seen.length === count,
		`expected ${count} execution(s), n8n lists ${seen.length}: ${show(seen)}`,
	);
	return seen;
}

export function expectStatus(answer: DeliveryAnswer, status: number, what: string): void {
	assert.ok(
		answer.status === status,
		`${what}: expected HTTP ${status}, got ${answer.status}: ${show(answer.body)}`,
	);
}

/**
 * The Clerk Trigger example behind a running n8n, driven the way Clerk drives it: signed (and
 * forged, and replayed) deliveries to its production URL; n8n's own execution records and the
 * emulator's tokens say what happened.
 */
export function triggerChecks(check: Check, ready: () => Promise<TriggerContext>): void {
	let ctx: TriggerContext;
	const tokensForUser = async () =>
		(await ctx.emulator.tokens()).filter((t) => t.userId === ctx.user.id);
	const executionsSettled = async (count: number) =>
		await waitForExecutions(ctx.rest, ctx.workflowId, count);

	const expectNothingStarted = async (
		executionsBefore: number,
		tokensBefore: number,
	): Promise<void> => {
		const { rest, workflowId } = ctx;
		await sleep(quietMs);
		const executions = await rest.executions(workflowId);
		assert.ok(
			executions.length === executionsBefore,
			`no execution should start, n8n lists ${show(executions)}`,
		);
		const tokens = await tokensForUser();
		assert.ok(
			tokens.length === tokensBefore,
			`no token should be created, the emulator has ${show(tokens)}`,
		);
	};

	/** The example's run for `delivery`: the event in, a token for the user, an email with the link. */
	const expectExampleRan = (run: ParsedRun, delivery: ClerkDelivery): string => {
		const { user } = ctx;
		const email = user.email_addresses[0]?.email_address;
		const event = run.nodes['Clerk Trigger']?.items[0];
		assert.ok(
			event,
			`Clerk Trigger produced no item; ran: ${Object.keys(run.nodes).join(', ')}; error ${show(run.error)}`,
		);
		assert.ok(event.type === 'user.created', `event type should be user.created: ${show(event)}`);
		assert.ok(
			event.svix_id === delivery.id,
			`svix_id should be ${delivery.id}, got ${show(event.svix_id)}`,
		);
		assert.ok(
			(event.data as { id?: string }).id === user.id,
			`event data.id should be ${user.id}: ${show(event.data)}`,
		);

		const create = run.nodes['Create sign-in token'];
		assert.ok(create && !create.error, `Create sign-in token failed: ${show(create?.error)}`);
		const token = create.items[0];
		assert.ok(
			create.items.length === 1,
			`Create should output one token, got ${show(create.items)}`,
		);
		assert.ok(
			token.object === 'sign_in_token' && token.status === 'pending' && token.user_id === user.id,
			`expected a pending token for ${user.id}: ${show(token)}`,
		);

		const mail = run.nodes['Compose email (replace with Send Email)']?.items[0];
		assert.ok(mail, `the email step produced nothing: ${show(run.nodes)}`);
		assert.ok(mail.to === email, `email should go to ${email}, got ${show(mail.to)}`);
		assert.ok(
			typeof token.link === 'string' && String(mail.text).includes(token.link),
			`email text should contain the link ${show(token.link)}: ${show(mail.text)}`,
		);
		return String(token.id);
	};

	/** The context, the event body, and how many executions and tokens there are before a check. */
	const start = async () => {
		ctx = await ready();
		const executionsBefore = (await ctx.rest.executions(ctx.workflowId)).length;
		const tokensBefore = (await tokensForUser()).length;
		return { ...ctx, body: userCreatedBody(ctx.user), executionsBefore, tokensBefore };
	};

	/** The first signed delivery; the replay checks send it again. */
	let first: ClerkDelivery;

	check(
		'The example workflow is active once n8n has started (activated with the CLI before it started)',
		async () => {
			ctx = await ready();
			const { rest, workflowId } = ctx;
			const workflow = await rest.workflow(workflowId);
			assert.ok(
				workflow.active === true,
				`workflow ${workflowId} should be active: ${show(workflow)}`,
			);
		},
	);

	check(
		'A signed user.created to the production URL answers 200 and runs the example to the email',
		async () => {
			ctx = await ready();
			const { rest, webhookUrl, signingSecret, user } = ctx;
			const body = userCreatedBody(user);
			const tokensBefore = (await tokensForUser()).length;
			first = signedDelivery(signingSecret, body);
			const accepted = await deliver(webhookUrl, first);
			expectStatus(accepted, 200, 'signed delivery');
			// The trigger answers itself, before n8n has stored the run (Svix reads only the status).
			assert.ok(
				accepted.body === '{"received":true}',
				`the 200 should be the trigger's own answer: ${show(accepted.body)}`,
			);
			const [execution] = await executionsSettled(1);
			assert.ok(
				execution.status === 'success' && execution.mode === 'webhook',
				`the execution should be a successful webhook run: ${show(execution)}`,
			);
			const tokenId = expectExampleRan(await rest.executionRun(execution.id), first);
			const tokens = await tokensForUser();
			assert.ok(
				tokens.length === tokensBefore + 1,
				`the emulator should hold one new token, has ${show(tokens)}`,
			);
			assert.ok(
				tokens.some((t) => t.id === tokenId && t.status === 'pending'),
				`the emulator should hold the token the run reported (${tokenId}): ${show(tokens)}`,
			);
		},
	);

	check(
		'Forged deliveries (another secret; body changed by one byte) answer 401 and start nothing',
		async () => {
			const { webhookUrl, signingSecret, body, executionsBefore, tokensBefore } = await start();
			const otherSecret = signedDelivery(newSigningSecret(), body);
			const tampered = withOneByteChanged(signedDelivery(signingSecret, body));
			assert.ok(
				tampered.body.length === body.length && tampered.body !== body,
				'the tampered body should differ by one byte',
			);
			for (const [what, delivery] of [
				['signed with another secret', otherSecret],
				['body changed by one byte', tampered],
			] as const) {
				const answer = await deliver(webhookUrl, delivery);
				expectStatus(answer, 401, what);
				assert.ok(
					!/signature|secret|timestamp/i.test(answer.body),
					`${what}: the 401 should not explain itself: ${show(answer.body)}`,
				);
			}
			await expectNothingStarted(executionsBefore, tokensBefore);
		},
	);

	check(
		'The same delivery again (same svix-id, a Svix retry) answers 200 and starts nothing',
		async () => {
			const { webhookUrl, signingSecret, body, executionsBefore, tokensBefore } = await start();
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

	check(
		'A new delivery afterwards still starts exactly one more run (nothing else was pending)',
		async () => {
			const { webhookUrl, signingSecret, body, executionsBefore, tokensBefore } = await start();
			const next = signedDelivery(signingSecret, body);
			expectStatus(await deliver(webhookUrl, next), 200, 'second signed delivery');
			const executions = await executionsSettled(executionsBefore + 1);
			assert.ok(
				executions[0].status === 'success',
				`the new execution should succeed: ${show(executions[0])}`,
			);
			expectExampleRan(await ctx.rest.executionRun(executions[0].id), next);
			const tokens = await tokensForUser();
			assert.ok(
				tokens.length === tokensBefore + 1,
				`exactly one new token expected, the emulator has ${show(tokens)}`,
			);
		},
	);
}
