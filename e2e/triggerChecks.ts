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
		{ timeoutMs: 60_000 },
	).catch((error: Error) => {
		throw new Error(`${error.message}; n8n lists ${show(seen)}`);
	});
	assert.equal(seen.length, count, `n8n lists ${show(seen)}`);
	return seen;
}

export function expectStatus(answer: DeliveryAnswer, status: number, what: string): void {
	assert.equal(answer.status, status, `${what}: ${show(answer.body)}`);
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
		assert.equal(executions.length, executionsBefore, `an execution started: ${show(executions)}`);
		const tokens = await tokensForUser();
		assert.equal(tokens.length, tokensBefore, `a token was created: ${show(tokens)}`);
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
		assert.deepEqual(
			[event.type, event.svix_id, (event.data as { id?: string }).id],
			['user.created', delivery.id, user.id],
		);

		const create = run.nodes['Create sign-in token'];
		assert.ok(create && !create.error, `Create sign-in token failed: ${show(create?.error)}`);
		assert.equal(create.items.length, 1, `Create should output one token: ${show(create.items)}`);
		const token = create.items[0];
		const { object, status, user_id } = token;
		assert.deepEqual(
			{ object, status, user_id },
			{ object: 'sign_in_token', status: 'pending', user_id: user.id },
		);

		const mail = run.nodes['Compose email (replace with Send Email)']?.items[0];
		assert.ok(mail, `the email step produced nothing: ${show(run.nodes)}`);
		assert.equal(mail.to, email);
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
			assert.equal((await rest.workflow(workflowId)).active, true);
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
			assert.equal(accepted.body, '{"received":true}');
			const [execution] = await executionsSettled(1);
			assert.deepEqual([execution.status, execution.mode], ['success', 'webhook']);
			const tokenId = expectExampleRan(await rest.executionRun(execution.id), first);
			const tokens = await tokensForUser();
			assert.equal(tokens.length, tokensBefore + 1, `one new token expected: ${show(tokens)}`);
			assert.ok(
				tokens.some((t) => t.id === tokenId && t.status === 'pending'),
				`the emulator does not hold the run's token ${tokenId}: ${show(tokens)}`,
			);
		},
	);

	check(
		'Forged deliveries (another secret; body changed by one byte) answer 401 and start nothing',
		async () => {
			const { webhookUrl, signingSecret, body, executionsBefore, tokensBefore } = await start();
			const otherSecret = signedDelivery(newSigningSecret(), body);
			const tampered = withOneByteChanged(signedDelivery(signingSecret, body));
			assert.ok(tampered.body.length === body.length && tampered.body !== body);
			for (const [what, delivery] of [
				['signed with another secret', otherSecret],
				['body changed by one byte', tampered],
			] as const) {
				const answer = await deliver(webhookUrl, delivery);
				expectStatus(answer, 401, what);
				assert.doesNotMatch(
					answer.body,
					/signature|secret|timestamp/i,
					`${what}: the 401 explains itself`,
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
			const [newest] = await executionsSettled(executionsBefore + 1);
			assert.equal(newest.status, 'success', show(newest));
			expectExampleRan(await ctx.rest.executionRun(newest.id), next);
			const tokens = await tokensForUser();
			assert.equal(tokens.length, tokensBefore + 1, `one new token expected: ${show(tokens)}`);
		},
	);
}
