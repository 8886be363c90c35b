import { newSigningSecret } from '../../../emulator/webhooks/secrets';
import { CheckRunner } from '../lib/check-runner';
import { randomSecretKey } from '../lib/headless-suite';
import type { CredentialRecord } from '../lib/n8n-instance';
import type { InstalledN8n } from '../lib/n8n-lines';
import type { ProcessGroup } from '../lib/processes';
import { expectNoSecrets } from '../lib/secret-scan';
import { webhookSecretCredential } from '../lib/trigger-suite';
import { exampleCredential, examples, loadExample } from '../lib/workflows';
import { runQueueChecks } from './queue-checks';
import { QueueEnvironment, type StartedQueue } from './queue-environment';
import { createThenRevokeWorkflow, stormWorkflow } from './queue-workflows';
import { positiveSetting } from '../lib/settings';

/**
 * The package in n8n 2.x queue mode: a main process and two workers over Postgres 17 and Redis,
 * all loading the package from one user folder's nodes. Webhook-started runs go to the workers;
 * the checks prove they ran there, that the Clerk Trigger example works behind the main, and that
 * a webhook storm at Clerk's development limit loses nothing.
 */
export async function runQueueSuite(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	root: string,
): Promise<CheckRunner> {
	const runner = new CheckRunner(`${n8n.line.label}, queue mode`);
	const environment = new QueueEnvironment(group, n8n, root);
	const clerkKey = randomSecretKey();
	const signingSecret = newSigningSecret();
	const createThenRevoke = createThenRevokeWorkflow();
	const storm = stormWorkflow();
	const trigger = loadExample(examples.newUserLink);
	let queue: StartedQueue | undefined;
	try {
		queue = await environment.start(tarball, {
			clerkKey,
			credentials: (baseUrl): CredentialRecord[] => [
				{
					...exampleCredential,
					type: 'clerkApi',
					data: { secretKey: clerkKey, baseUrl, apiVersion: '' },
				},
				{ ...webhookSecretCredential, type: 'clerkWebhookApi', data: { signingSecret } },
			],
			workflows: [createThenRevoke.workflow, storm.workflow, trigger],
			workers: 2,
			concurrency: 10,
		});
		await runQueueChecks(runner, queue, {
			createThenRevoke,
			storm,
			trigger: { workflow: trigger, signingSecret },
			storms: {
				deliveries: positiveSetting('E2E_QUEUE_STORM', 300),
				perSecond: positiveSetting('E2E_QUEUE_STORM_RATE', 100),
				// Through the Clerk Trigger Svix gives up after 15 s and sends again, which adds to a
				// main already behind. A main, two workers, Postgres and Redis on two cores kept up with
				// 100/s alone but lost runs to n8n's database timeouts when the machine was also busy
				// (README → Clerk Trigger → Limits; the queue storm bench measures 100/s); the check
				// runs at a rate they keep up with either way.
				triggerPerSecond: positiveSetting('E2E_QUEUE_TRIGGER_STORM_RATE', 30),
			},
		});
	} catch (error) {
		await runner.check('queue mode setup', async () => {
			throw error;
		});
	} finally {
		await environment.stop();
	}

	await runner.check(
		'Neither the signing secret nor the Clerk key in any log, the user folder or the database',
		async () => {
			const secrets = { 'the signing secret': signingSecret, 'the Clerk secret key': clerkKey };
			const scanned = expectNoSecrets(secrets, environment.scanRoots(), environment.outputs(), {
				secret: clerkKey,
				root: environment.emulatorDir,
			});
			console.log(`        scanned ${scanned} files`);
		},
	);
	environment.removeDatabase();
	return runner;
}
