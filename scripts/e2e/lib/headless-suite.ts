import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { CheckRunner } from './check-runner';
import { EmulatorProcess } from './emulator';
import { runHeadlessChecks } from './headless-checks';
import {
	echoingCredential,
	HostileNetwork,
	redirectingCredential,
	runHostileNetworkChecks,
} from './hostile-network';
import {
	headlessWorkflows,
	workflowIds,
	wrongKeyCredential,
	type HeadlessInputs,
} from './headless-workflows';
import { installIntoUserFolder } from './install-package';
import { N8nInstance } from './n8n-instance';
import type { InstalledN8n } from './n8n-lines';
import type { ProcessGroup } from './processes';
import { expectNoSecrets } from './secret-scan';
import { exampleCredential } from './workflows';

/** A Clerk-looking key unique to this run, so a hit in the scan can only come from this run. */
export function randomSecretKey(): string {
	return `sk_test_e2e${randomBytes(16).toString('hex')}`;
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

/** The whole headless suite on one n8n line, in a fresh user folder under `root`. */
export async function runHeadlessSuite(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	root: string,
): Promise<CheckRunner> {
	const runner = new CheckRunner(n8n.line.label);
	const userFolder = path.join(root, 'user');
	const instance = new N8nInstance(n8n, userFolder, path.join(root, 'work'));
	mkdirSync(path.join(root, 'emulator'), { recursive: true });
	const goodKey = randomSecretKey();
	const wrongKey = randomSecretKey();
	let emulator: EmulatorProcess | undefined;
	let network: HostileNetwork | undefined;
	try {
		await runner.check('n8n runs and reports its pinned version', async () => {
			const version = await instance.version();
			if (version !== n8n.line.version) throw new Error(`n8n --version said ${version}`);
		});
		emulator = await EmulatorProcess.start(group, {
			secretKey: goodKey,
			logFile: path.join(root, 'emulator', 'emulator.log'),
		});
		const started = emulator;
		network = await HostileNetwork.start();

		await installIntoUserFolder(userFolder, tarball);
		await instance.importCredentials([
			{ ...exampleCredential, secretKey: goodKey, baseUrl: started.apiUrl },
			{ ...wrongKeyCredential, secretKey: wrongKey, baseUrl: started.apiUrl },
			// The good key: the scan below then also proves these faults stored it nowhere.
			{ ...redirectingCredential, secretKey: goodKey, baseUrl: network.redirectingUrl },
			{ ...echoingCredential, secretKey: goodKey, baseUrl: network.echoingUrl },
		]);

		const userIdByEmail: Record<string, string> = {};
		for (const user of await started.users()) {
			for (const e of user.email_addresses) userIdByEmail[e.email_address] = user.id;
		}
		const inputs: HeadlessInputs = {
			byIdUserId: userIdByEmail['grace@example.com'],
			revokeUserId: userIdByEmail['alan@example.com'],
			usedTokenId: await usedToken(started, userIdByEmail['ada@example.com']),
			batchEmails: ['ada@example.com', 'nobody@example.com', 'grace@example.com'],
		};
		await instance.importWorkflows(headlessWorkflows(inputs));

		await runHeadlessChecks(runner, {
			instance,
			emulator: started,
			inputs,
			userIdByEmail,
			wrongKey,
		});
		await runHostileNetworkChecks(runner, {
			instance,
			network,
			goodKey,
			workflows: { redirecting: workflowIds.redirecting, echoing: workflowIds.echoing },
		});
	} catch (error) {
		await runner.check('suite setup', async () => {
			throw error;
		});
	} finally {
		if (emulator) await group.stop(emulator.process);
		await network?.close();
	}

	await runner.check('No secret key in anything n8n printed or stored', async () => {
		const roots = [userFolder, path.join(root, 'work')];
		const secrets = { 'the good key': goodKey, 'the wrong key': wrongKey };
		const scanned = expectNoSecrets(
			secrets,
			roots,
			{},
			{ secret: goodKey, root: path.join(root, 'emulator') },
		);
		console.log(`        scanned ${scanned} files`);
	});
	return runner;
}
