import path from 'node:path';

import { newSigningSecret } from '../../../test/trigger/secrets';
import { CheckRunner } from './check-runner';
import { EmulatorProcess } from './emulator';
import { freePort } from './free-port';
import { randomSecretKey } from './headless-suite';
import { installIntoUserFolder } from './install-package';
import { N8nInstance } from './n8n-instance';
import type { InstalledN8n } from './n8n-lines';
import { N8nRestClient } from './n8n-rest';
import { startServerWithOwner, type RunningServer } from './n8n-server';
import type { ProcessGroup } from './processes';
import { expectNoSecrets } from './secret-scan';
import { runTriggerChecks } from './trigger-checks';
import { exampleCredential, examples, loadExample, node } from './workflows';

/** The signing-secret credential the trigger example references. */
export const webhookSecretCredential = {
	id: 'ClerkWebhookSecret',
	name: 'Clerk webhook signing secret',
};

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
		]);
		const workflow = loadExample(examples.newUserLink);
		await instance.importWorkflows([workflow]);
		await instance.activateWorkflow(workflow.id);
		server = await startServerWithOwner(group, instance, await freePort());

		const webhookId = node(workflow, 'Clerk Trigger').webhookId;
		if (!webhookId) throw new Error("the example's Clerk Trigger has no webhookId");
		const adaId = await emulator.userIdByEmail('ada@example.com');
		const user = (await emulator.users()).find((u) => u.id === adaId);
		if (!user) throw new Error(`the emulator lost user ${adaId}`);
		await runTriggerChecks(runner, {
			rest: await N8nRestClient.signIn(n8n, server.url, server.owner),
			emulator,
			workflowId: workflow.id,
			webhookUrl: `${server.url}/webhook/${webhookId}/webhook`,
			signingSecret,
			user,
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
			const secrets = { 'the signing secret': signingSecret, 'the Clerk secret key': clerkKey };
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
