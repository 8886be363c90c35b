import { expectThat, show } from './assert';
import type { CheckRunner } from './check-runner';
import type { EmulatorProcess } from './emulator';
import { workflowIds, type HeadlessInputs } from './headless-workflows';
import type { ExecuteResult, N8nInstance, NodeRun } from './n8n-instance';

export interface HeadlessContext {
	instance: N8nInstance;
	emulator: EmulatorProcess;
	inputs: HeadlessInputs;
	userIdByEmail: Record<string, string>;
	/** The wrong key the wrong-key credential holds (must never be printed). */
	wrongKey: string;
}

function nodeRun(result: ExecuteResult, nodeName: string): NodeRun {
	const run = result.run;
	expectThat(
		run,
		`n8n execute printed no run data (exit ${result.code})\n${show(result.stdout, 2000)}\n${show(result.stderr, 2000)}`,
	);
	const found = run.nodes[nodeName];
	expectThat(
		found,
		`node "${nodeName}" did not run; ran: ${Object.keys(run.nodes).join(', ')}; error: ${show(run.error)}`,
	);
	return found;
}

function succeeded(result: ExecuteResult): void {
	expectThat(
		result.code === 0 && result.run?.finished === true && !result.run.error,
		`expected a successful run, got exit ${result.code}, error ${show(result.run?.error)}\n${show(result.stderr, 2000)}`,
	);
}

function onlyItem(run: NodeRun, nodeName: string): Record<string, unknown> {
	expectThat(
		run.items.length === 1,
		`"${nodeName}" should output one item, got ${run.items.length}: ${show(run.items)}`,
	);
	return run.items[0];
}

/** A pending SignInToken for `userId` with the node's extra `expires_at` (ms). */
function expectPendingToken(
	token: Record<string, unknown>,
	userId: string,
	expiresInSeconds: number,
): void {
	expectThat(
		token.object === 'sign_in_token',
		`expected a sign_in_token object, got ${show(token)}`,
	);
	expectThat(
		typeof token.id === 'string' && token.id.startsWith('sit_'),
		`token id should start with sit_: ${show(token.id)}`,
	);
	expectThat(token.status === 'pending', `new token should be pending, got ${show(token.status)}`);
	expectThat(token.user_id === userId, `token should be for ${userId}, got ${show(token.user_id)}`);
	expectThat(
		typeof token.token === 'string' && token.token.length > 0,
		`token should carry its ticket: ${show(token)}`,
	);
	const expected = Date.now() + expiresInSeconds * 1000;
	expectThat(
		typeof token.expires_at === 'number' && Math.abs(token.expires_at - expected) < 5 * 60_000,
		`expires_at should be about ${new Date(expected).toISOString()} (ms), got ${show(token.expires_at)}`,
	);
}

function failureText(result: ExecuteResult): string {
	const run = result.run;
	const parts = [run?.error?.message, run?.error?.description];
	for (const n of Object.values(run?.nodes ?? {}))
		parts.push(n.error?.message, n.error?.description);
	return parts.filter(Boolean).join(' | ');
}

export async function runHeadlessChecks(runner: CheckRunner, ctx: HeadlessContext): Promise<void> {
	const { instance, emulator, inputs } = ctx;
	const ada = ctx.userIdByEmail['ada@example.com'];

	await runner.check(
		'Email example: create by email, link and expiry in the email text',
		async () => {
			const result = await instance.execute(workflowIds.emailLink);
			succeeded(result);
			const token = onlyItem(nodeRun(result, 'Create sign-in token'), 'Create sign-in token');
			expectPendingToken(token, ada, 900);
			expectThat(
				typeof token.link === 'string' &&
					token.link.startsWith('https://app.example.com/sign-in?') &&
					token.link.includes(`__clerk_ticket=${encodeURIComponent(String(token.token))}`),
				`link should be signInUrl + __clerk_ticket, got ${show(token.link)}`,
			);
			const email = onlyItem(
				nodeRun(result, 'Compose email (replace with Send Email)'),
				'Compose email',
			);
			expectThat(
				email.to === 'ada@example.com',
				`email should go to ada@example.com, got ${show(email.to)}`,
			);
			const text = String(email.text);
			expectThat(
				text.includes(String(token.link)),
				`email text should contain the link: ${show(text)}`,
			);
			const expiry = new Date(token.expires_at as number).toUTCString();
			expectThat(
				text.includes(expiry),
				`email text should contain the expiry "${expiry}": ${show(text)}`,
			);
		},
	);

	await runner.check('Create by user id', async () => {
		const result = await instance.execute(workflowIds.createById);
		succeeded(result);
		expectPendingToken(
			onlyItem(nodeRun(result, 'Create sign-in token'), 'Create'),
			inputs.byIdUserId,
			900,
		);
	});

	await runner.check('Create then revoke', async () => {
		const result = await instance.execute(workflowIds.createThenRevoke);
		succeeded(result);
		const created = onlyItem(nodeRun(result, 'Create'), 'Create');
		expectPendingToken(created, inputs.revokeUserId, 600);
		const revoked = onlyItem(nodeRun(result, 'Revoke'), 'Revoke');
		expectThat(
			revoked.id === created.id,
			`revoke should answer for ${show(created.id)}, got ${show(revoked.id)}`,
		);
		expectThat(
			revoked.status === 'revoked',
			`revoked token status should be revoked, got ${show(revoked.status)}`,
		);
	});

	await runner.check('Revoke of a used token fails with "already used or revoked"', async () => {
		const result = await instance.execute(workflowIds.revokeUsed);
		expectThat(
			result.code !== 0 || result.run?.error,
			`revoking a used token should fail, got exit ${result.code}`,
		);
		const text = failureText(result) || result.stdout + result.stderr;
		expectThat(
			/already used or revoked/i.test(text),
			`error should say "already used or revoked", got: ${show(text)}`,
		);
		expectThat(
			text.includes(inputs.usedTokenId),
			`error should name the token ${inputs.usedTokenId}: ${show(text)}`,
		);
	});

	await runner.check(
		'Several items with continue-on-error: good items pass, the bad one carries its error',
		async () => {
			const result = await instance.execute(workflowIds.continueOnError);
			succeeded(result);
			const { items } = nodeRun(result, 'Create');
			expectThat(
				items.length === 3,
				`expected 3 items (one per email), got ${items.length}: ${show(items)}`,
			);
			const [first, middle, last] = items;
			expectPendingToken(first, ctx.userIdByEmail[inputs.batchEmails[0]], 300);
			expectPendingToken(last, ctx.userIdByEmail[inputs.batchEmails[2]], 300);
			expectThat(
				typeof middle.error === 'string' || typeof middle.error === 'object',
				`middle item should carry an error: ${show(middle)}`,
			);
			expectThat(
				show(middle.error).includes(inputs.batchEmails[1]),
				`the error should name ${inputs.batchEmails[1]}: ${show(middle)}`,
			);
		},
	);

	await runner.check('Wrong secret key: clear 401 message, key not printed', async () => {
		const result = await instance.execute(workflowIds.wrongKey);
		expectThat(
			result.code !== 0 || result.run?.error,
			`a wrong key should fail the run, got exit ${result.code}`,
		);
		const text = failureText(result);
		expectThat(
			/401|secret key|unauthori[sz]ed|authenticat/i.test(text),
			`error should explain the key was refused: ${show(text)}`,
		);
		const printed = result.stdout + result.stderr;
		expectThat(!printed.includes(ctx.wrongKey), 'n8n printed the wrong secret key');
	});

	await runner.check('A 429 with Retry-After: 1 is waited out', async () => {
		const postsBefore = (await emulator.requests()).filter(
			(r) => r.method === 'POST' && r.path === '/v1/sign_in_tokens',
		).length;
		await emulator.injectFault({
			fault: {
				kind: 'status',
				status: 429,
				headers: { 'Retry-After': '1' },
				body: {
					errors: [
						{
							code: 'too_many_requests',
							message: 'Too many requests',
							long_message: 'Too many requests',
						},
					],
				},
			},
			method: 'POST',
			path: '/v1/sign_in_tokens',
			times: 1,
		});
		const result = await instance.execute(workflowIds.createById);
		succeeded(result);
		expectPendingToken(
			onlyItem(nodeRun(result, 'Create sign-in token'), 'Create'),
			inputs.byIdUserId,
			900,
		);
		const postsAfter = (await emulator.requests()).filter(
			(r) => r.method === 'POST' && r.path === '/v1/sign_in_tokens',
		).length;
		expectThat(
			postsAfter - postsBefore === 2,
			`expected the refused POST and its retry (2), saw ${postsAfter - postsBefore}`,
		);
	});
}
