import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { newSigningSecret } from '../../../emulator/webhooks/secrets';
import { CheckRunner } from './check-runner';
import { EmulatorProcess } from './emulator';
import { freePort } from './free-port';
import { randomSecretKey } from './headless-suite';
import { installIntoUserFolder } from './install-package';
import { N8nInstance } from './n8n-instance';
import type { InstalledN8n } from './n8n-lines';
import { runCredentialTestRedirectCheck } from './hostile-network';
import { N8nRestClient } from './n8n-rest';
import { startServerWithOwner, type RunningServer } from './n8n-server';
import type { ProcessGroup } from './processes';
import { expectNoSecrets } from './secret-scan';
import { stormUsers, userCreatedBody } from './clerk-deliveries';
import { positiveSetting } from './settings';
import { runTriggerChecks } from './trigger-checks';
import { runTriggerSafetyChecks } from './trigger-safety-checks';
import { runTriggerStormCheck } from './trigger-storm-check';
import { derive, exampleCredential, examples, loadExample, node, type Workflow } from './workflows';

/** The signing-secret credential the trigger example references. */
export const webhookSecretCredential = {
	id: 'ClerkWebhookSecret',
	name: 'Clerk webhook signing secret',
};

/** Svix-style burst through the example in `n8n start`: 300 events in 3 s (E2E_TRIGGER_STORM). */
const TRIGGER_STORM = { deliveries: positiveSetting('E2E_TRIGGER_STORM', 300), perSecond: 100 };

/** The credential of the headers workflow, broken on purpose by the last check. */
const headersSecretCredential = {
	id: 'ClerkWebhookSecretB',
	name: 'Clerk webhook secret (headers)',
};

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

/**
 * The Clerk Trigger example in a real n8n server, driven the way Clerk drives it: the workflow is
 * imported and activated, then signed (and forged, and replayed) deliveries are POSTed to its
 * production URL, and n8n's own execution records and the emulator's tokens say what happened.
 */
export async function runTriggerSuite(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	root: string,
): Promise<CheckRunner> {
	const runner = new CheckRunner(`${n8n.line.label}, Clerk Trigger`);
	const userFolder = path.join(root, 'user');
	const workDir = path.join(root, 'work');
	const instance = new N8nInstance(n8n, userFolder, workDir);
	const clerkKey = randomSecretKey();
	const signingSecret = newSigningSecret();
	const headersSigningSecret = newSigningSecret();
	let emulator: EmulatorProcess | undefined;
	let server: RunningServer | undefined;
	try {
		emulator = await EmulatorProcess.start(group, {
			secretKey: clerkKey,
			logFile: path.join(root, 'emulator', 'emulator.log'),
		});
		await installIntoUserFolder(userFolder, tarball);
		await instance.importCredentialRecords([
			{
				...exampleCredential,
				type: 'clerkApi',
				data: { secretKey: clerkKey, baseUrl: emulator.apiUrl, apiVersion: '' },
			},
			{ ...webhookSecretCredential, type: 'clerkWebhookApi', data: { signingSecret } },
			{
				...headersSecretCredential,
				type: 'clerkWebhookApi',
				data: { signingSecret: headersSigningSecret },
			},
		]);
		const workflow = loadExample(examples.newUserLink);
		const withHeaders = headersWorkflow(workflow);
		await instance.importWorkflows([workflow, withHeaders]);
		await instance.activateWorkflow(workflow.id);
		await instance.activateWorkflow(withHeaders.id);
		server = await startServerWithOwner(group, instance, await freePort());

		const webhookId = node(workflow, 'Clerk Trigger').webhookId;
		if (!webhookId) throw new Error("the example's Clerk Trigger has no webhookId");
		const adaId = await emulator.userIdByEmail('ada@example.com');
		const user = (await emulator.users()).find((u) => u.id === adaId);
		if (!user) throw new Error(`the emulator lost user ${adaId}`);
		const rest = await N8nRestClient.signIn(n8n, server.url, server.owner);
		await runTriggerChecks(runner, {
			rest,
			emulator,
			workflowId: workflow.id,
			webhookUrl: `${server.url}/webhook/${webhookId}/webhook`,
			signingSecret,
			user,
		});
		await runTriggerStormCheck(runner, {
			rest,
			emulator,
			workflowId: workflow.id,
			webhookUrl: `${server.url}/webhook/${webhookId}/webhook`,
			signingSecret,
			users: stormUsers(await emulator.users()),
			deliveries: TRIGGER_STORM.deliveries,
			perSecond: TRIGGER_STORM.perSecond,
		});
		const running = server;
		await runTriggerSafetyChecks(runner, {
			rest,
			workflowId: withHeaders.id,
			webhookUrl: `${server.url}/webhook/${node(withHeaders, 'Clerk Trigger').webhookId}/webhook`,
			signingSecret: headersSigningSecret,
			credential: headersSecretCredential,
			body: userCreatedBody(user),
			serverOutput: () => running.process.output(),
		});
		await runCredentialTestRedirectCheck(runner, {
			rest,
			credential: exampleCredential,
			secretKey: clerkKey,
			rulesApply: n8n.line.installArg === '2',
		});
	} catch (error) {
		await runner.check('suite setup', async () => {
			throw error;
		});
	} finally {
		if (server) await group.stop(server.process);
		if (emulator) await group.stop(emulator.process);
	}

	await runner.check(
		'Neither the signing secret nor the Clerk key in anything n8n printed or stored',
		async () => {
			const roots = [userFolder, workDir];
			const secrets = {
				'the signing secret': signingSecret,
				"the headers workflow's signing secret": headersSigningSecret,
				'the Clerk secret key': clerkKey,
			};
			const output = { 'n8n server output': server?.process.output() ?? '' };
			const scanned = expectNoSecrets(secrets, roots, output, {
				secret: clerkKey,
				root: path.join(root, 'emulator'),
			});
			console.log(`        scanned ${scanned} files`);
		},
	);
	return runner;
}
