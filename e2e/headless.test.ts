/**
 * The package headless in each n8n line: the examples and variants of them run with `n8n execute`
 * against the Clerk emulator, with faults (a 429, a wrong key, a redirecting API URL, a proxy
 * echoing the key), then a scan for the secret keys in everything n8n printed or stored.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import { expectLabKeepsNoSecrets, startLab } from '../n8nLab/lab';
import { EmulatorProcess, randomSecretKey } from '../n8nLab/emulator';
import { ensureInstalled, n8nLines } from '../n8nLab/lines';
import { clerkApiCredential, type ExecuteResult } from '../n8nLab/n8nInstance';
import type { NodeRun } from '../n8nLab/runs';
import {
	createStep,
	derive,
	exampleCredential,
	examples,
	linearWorkflow,
	loadExample,
	node,
	oneItemEach,
	revokeStep,
	setField,
	triggers,
	useCredential,
} from '../n8nLab/workflows';
import { echoingCredential, HostileNetwork, redirectingCredential } from './hostileNetwork';
import { labSuite, show } from './support';

const wrongKeyCredential = { id: 'ClerkWrongKey001', name: 'Clerk (wrong key)' };

interface HeadlessInputs {
	byIdUserId: string;
	revokeUserId: string;
	/** A token that the suite accepted (used) through the emulator before the run. */
	usedTokenId: string;
	/** Emails for the continue-on-error run; the middle one belongs to no user. */
	batchEmails: [string, string, string];
}

/**
 * The examples as shipped plus variants that exercise each behaviour the suite checks (n8n ids:
 * 16 alphanumerics).
 */
function headlessWorkflows(inputs: HeadlessInputs) {
	const emailLink = loadExample(examples.emailLink);
	const revokeLink = loadExample(examples.revokeLink);
	const createById = derive(emailLink, 'E2eCreateById001', 'E2E: create by user id', (w) => {
		node(w, 'Create sign-in token').parameters.user = {
			__rl: true,
			mode: 'id',
			value: inputs.byIdUserId,
		};
	});
	const withCredential = (id: string, name: string, credential: typeof exampleCredential) =>
		derive(createById, id, name, (w) => useCredential(w, credential));
	return {
		emailLink,
		revokeLink,
		createById,
		redirecting: withCredential(
			'E2eRedirecting01',
			'E2E: redirecting API URL',
			redirectingCredential,
		),
		echoing: withCredential('E2eEchoingProxy1', 'E2E: proxy echoing the key', echoingCredential),
		wrongKey: derive(emailLink, 'E2eWrongKey00001', 'E2E: wrong secret key', (w) =>
			useCredential(w, wrongKeyCredential),
		),
		createThenRevoke: linearWorkflow(
			'E2eCreateRevoke1',
			'E2E: create then revoke',
			triggers.manual(),
			[createStep({ user: inputs.revokeUserId }), revokeStep()],
		),
		revokeUsed: derive(revokeLink, 'E2eRevokeUsed001', 'E2E: revoke a used token', (w) => {
			setField(w, 'Which link to revoke', 'signInTokenId', inputs.usedTokenId);
		}),
		continueOnError: linearWorkflow(
			'E2eContinueErr01',
			'E2E: several items, continue on error',
			triggers.manual(),
			[
				...oneItemEach(inputs.batchEmails, 'email'),
				createStep({
					user: '={{ $json.email }}',
					mode: 'email',
					expiresInSeconds: 300,
					continueOnError: true,
				}),
			],
		),
	};
}

/** Creates a token through the emulator's Backend API and accepts it, as a user clicking the link would. */
async function usedToken(emulator: EmulatorProcess, userId: string): Promise<string> {
	const res = await emulator.api('POST', '/sign_in_tokens', {
		body: { user_id: userId, expires_in_seconds: 600 },
	});
	const token = res.json as { id?: string } | undefined;
	if (res.status !== 200 || !token?.id)
		throw new Error(`emulator refused to create a token: ${res.status} ${res.text}`);
	await emulator.acceptToken(token.id);
	return token.id;
}

function nodeRun(result: ExecuteResult, nodeName: string): NodeRun {
	const run = result.run;
	assert.ok(
		run,
		`n8n execute printed no run data (exit ${result.code})\n${show(result.stdout, 2000)}\n${show(result.stderr, 2000)}`,
	);
	const found = run.nodes[nodeName];
	assert.ok(
		found,
		`node "${nodeName}" did not run; ran: ${Object.keys(run.nodes).join(', ')}; error: ${show(run.error)}`,
	);
	return found;
}

function succeeded(result: ExecuteResult): void {
	assert.ok(
		result.code === 0 && result.run?.finished === true && !result.run.error,
		`expected a successful run, got exit ${result.code}, error ${show(result.run?.error)}\n${show(result.stderr, 2000)}`,
	);
}

function failed(result: ExecuteResult): void {
	assert.ok(result.code !== 0 || result.run?.error, `the run should fail, exit ${result.code}`);
}

function onlyItem(run: NodeRun, nodeName: string): Record<string, unknown> {
	assert.equal(run.items.length, 1, `"${nodeName}" should output one item: ${show(run.items)}`);
	return run.items[0];
}

/** A pending SignInToken for `userId` with the node's extra `expires_at` (ms). */
function expectPendingToken(
	token: Record<string, unknown>,
	userId: string,
	expiresInSeconds: number,
): void {
	const { object, status, user_id } = token;
	assert.deepEqual(
		{ object, status, user_id },
		{ object: 'sign_in_token', status: 'pending', user_id: userId },
	);
	assert.ok(typeof token.id === 'string' && token.id.startsWith('sit_'), `id: ${show(token.id)}`);
	assert.ok(typeof token.token === 'string' && token.token.length > 0, `no ticket: ${show(token)}`);
	const expected = Date.now() + expiresInSeconds * 1000;
	assert.ok(
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

for (const line of n8nLines)
	describe(`headless, ${line.label}`, () => {
		const goodKey = randomSecretKey();
		const wrongKey = randomSecretKey();
		const { check, ready } = labSuite(
			`headless-${line.version}`,
			async ({ root, group, tarball }) => {
				const network = await HostileNetwork.start();
				group.onStop(async () => await network.close());
				const lab = await startLab(group, ensureInstalled(line), tarball, {
					root,
					secretKey: goodKey,
					credentials: ({ apiUrl }) => [
						clerkApiCredential(exampleCredential, goodKey, apiUrl),
						clerkApiCredential(wrongKeyCredential, wrongKey, apiUrl),
						// The good key: the scan below then also proves these faults stored it nowhere.
						clerkApiCredential(redirectingCredential, goodKey, network.redirectingUrl),
						clerkApiCredential(echoingCredential, goodKey, network.echoingUrl),
					],
				});
				const { instance, emulator } = lab;
				const userIdByEmail: Record<string, string> = {};
				for (const user of await emulator.users())
					for (const e of user.email_addresses) userIdByEmail[e.email_address] = user.id;
				const inputs: HeadlessInputs = {
					byIdUserId: userIdByEmail['grace@example.com'],
					revokeUserId: userIdByEmail['alan@example.com'],
					usedTokenId: await usedToken(emulator, userIdByEmail['ada@example.com']),
					batchEmails: ['ada@example.com', 'nobody@example.com', 'grace@example.com'],
				};
				const workflows = headlessWorkflows(inputs);
				await instance.importWorkflows(Object.values(workflows));
				return { lab, instance, emulator, network, inputs, userIdByEmail, workflows };
			},
		);

		/** Runs "create by user id" and expects one pending token for that user. */
		const expectCreatedById = async () => {
			const { instance, inputs, workflows } = await ready();
			const result = await instance.execute(workflows.createById.id);
			succeeded(result);
			const token = onlyItem(nodeRun(result, 'Create sign-in token'), 'Create');
			expectPendingToken(token, inputs.byIdUserId, 900);
		};

		check('n8n runs and reports its pinned version', async () => {
			const { instance } = await ready();
			assert.equal(await instance.version(), line.version);
		});

		check('Email example: create by email, link and expiry in the email text', async () => {
			const { instance, userIdByEmail, workflows } = await ready();
			const result = await instance.execute(workflows.emailLink.id);
			succeeded(result);
			const token = onlyItem(nodeRun(result, 'Create sign-in token'), 'Create sign-in token');
			expectPendingToken(token, userIdByEmail['ada@example.com'], 900);
			assert.ok(
				typeof token.link === 'string' &&
					token.link.startsWith('https://app.example.com/sign-in?') &&
					token.link.includes(`__clerk_ticket=${encodeURIComponent(String(token.token))}`),
				`link should be signInUrl + __clerk_ticket, got ${show(token.link)}`,
			);
			const composer = 'Compose email (replace with Send Email)';
			const email = onlyItem(nodeRun(result, composer), composer);
			assert.equal(email.to, 'ada@example.com');
			const text = String(email.text);
			assert.ok(text.includes(String(token.link)), `no link in the email: ${show(text)}`);
			const expiry = new Date(token.expires_at as number).toUTCString();
			assert.ok(text.includes(expiry), `no expiry "${expiry}" in the email: ${show(text)}`);
		});

		check('Create by user id', expectCreatedById);

		check('Create then revoke', async () => {
			const { instance, inputs, workflows } = await ready();
			const result = await instance.execute(workflows.createThenRevoke.id);
			succeeded(result);
			const created = onlyItem(nodeRun(result, 'Create'), 'Create');
			expectPendingToken(created, inputs.revokeUserId, 600);
			const revoked = onlyItem(nodeRun(result, 'Revoke'), 'Revoke');
			assert.deepEqual([revoked.id, revoked.status], [created.id, 'revoked']);
		});

		check('Revoke of a used token fails with "already used or revoked"', async () => {
			const { instance, inputs, workflows } = await ready();
			const result = await instance.execute(workflows.revokeUsed.id);
			failed(result);
			const text = failureText(result) || result.stdout + result.stderr;
			assert.match(text, /already used or revoked/i);
			assert.ok(text.includes(inputs.usedTokenId), `the token is not named: ${show(text)}`);
		});

		check(
			'Several items with continue-on-error: good items pass, the bad one carries its error',
			async () => {
				const { instance, inputs, userIdByEmail, workflows } = await ready();
				const result = await instance.execute(workflows.continueOnError.id);
				succeeded(result);
				const { items } = nodeRun(result, 'Create');
				assert.equal(items.length, 3, `one item per email expected: ${show(items)}`);
				const [first, middle, last] = items;
				expectPendingToken(first, userIdByEmail[inputs.batchEmails[0]], 300);
				expectPendingToken(last, userIdByEmail[inputs.batchEmails[2]], 300);
				assert.ok(middle.error, `the middle item carries no error: ${show(middle)}`);
				assert.ok(show(middle.error).includes(inputs.batchEmails[1]), show(middle));
			},
		);

		check('Wrong secret key: clear 401 message, key not printed', async () => {
			const { instance, workflows } = await ready();
			const result = await instance.execute(workflows.wrongKey.id);
			failed(result);
			assert.match(failureText(result), /401|secret key|unauthori[sz]ed|authenticat/i);
			const printed = result.stdout + result.stderr;
			assert.ok(!printed.includes(wrongKey), 'n8n printed the wrong secret key');
		});

		check('A 429 with Retry-After: 1 is waited out', async () => {
			const { emulator } = await ready();
			const creates = async () =>
				(await emulator.requests()).filter(
					(r) => r.method === 'POST' && r.path === '/v1/sign_in_tokens',
				).length;
			const before = await creates();
			// Without a body the emulator answers Clerk's own 429 error.
			await emulator.injectFault({
				fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
				method: 'POST',
				path: '/v1/sign_in_tokens',
				times: 1,
			});
			await expectCreatedById();
			assert.equal((await creates()) - before, 2, 'expected the refused POST and its retry');
		});

		check(
			'A redirecting API URL: the run fails naming the API URL, the other host gets no key',
			async () => {
				const { instance, network, workflows } = await ready();
				const result = await instance.execute(workflows.redirecting.id);
				const text = failureText(result);
				const said = `The API URL ${network.redirectingUrl} answered with a redirect (HTTP 307)`;
				assert.ok(text.includes(said), `the error should say "${said}": ${show(text)}`);
				assert.ok(text.includes("Clerk's API does not redirect"), show(text));
				assert.deepEqual(network.reachedOtherHost, [], 'the redirect was followed');
			},
		);

		check(
			'A proxy echoing the Authorization header in a 502: the error says so without the key',
			async () => {
				const { instance, workflows } = await ready();
				const result = await instance.execute(workflows.echoing.id);
				const text = failureText(result);
				assert.ok(text.includes('upstream said: Bearer [redacted] was refused'), show(text));
				const printed = result.stdout + result.stderr + JSON.stringify(result.run ?? {});
				assert.ok(!printed.includes(goodKey), 'n8n printed or output the secret key');
			},
		);

		check('No secret key in anything n8n printed or stored', async () => {
			const { lab, group } = await ready();
			await group.stopAll();
			expectLabKeepsNoSecrets(lab, { 'the good key': goodKey, 'the wrong key': wrongKey });
		});
	});
