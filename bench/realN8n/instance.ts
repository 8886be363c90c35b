import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { newSigningSecret } from '../../emulator/webhooks/secrets';
import { buildAndPack, installIntoUserFolder } from '../../n8nLab/communityPackage';
import { installHelperPackage } from '../../n8nLab/helperPackage';
import {
	ensureInstalled,
	latestLine,
	n8nLines,
	notInstalled,
	type N8nLine,
} from '../../n8nLab/lines';
import {
	clerkApiCredential,
	clerkWebhookCredential,
	N8nInstance,
	type RunningServer,
} from '../../n8nLab/n8nInstance';
import { ProcessGroup } from '../../n8nLab/processes';
import type { Workflow } from '../../n8nLab/workflows';
import { BENCH_DEV_SECRET_KEY, type BenchEmulator } from '../emulator';
import type { ScenarioResult } from '../report';
import { benchCredential, benchDevCredential, benchWebhookCredential } from './workflows';

/** The Clerk Trigger's signing secret in every bench instance, new for each bench run. */
export const BENCH_SIGNING_SECRET = newSigningSecret();

let packed: Promise<string> | undefined;
const instances = new Map<string, Promise<N8nInstance>>();

/**
 * A throwaway n8n user folder per line for the whole bench run (scenarios add workflows): this
 * package installed as a community node (built and packed once), the helper-only node beside it,
 * the emulator's keys and the signing secret imported. n8n logs at info, its default, as users run
 * it (debug logging costs n8n time on every request).
 */
export async function benchInstance(
	emulator: BenchEmulator,
	line: N8nLine = latestLine,
): Promise<N8nInstance> {
	const key = `${line.version} ${emulator.apiUrl}`;
	const instance = instances.get(key) ?? prepare(emulator, line);
	instances.set(key, instance);
	return await instance;
}

async function prepare(emulator: BenchEmulator, line: N8nLine): Promise<N8nInstance> {
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-bench-real-n8n-'));
	const instance = new N8nInstance(ensureInstalled(line), root, 'info');
	packed ??= buildAndPack(path.join(root, 'pack'));
	await installIntoUserFolder(instance.userFolder, await packed);
	installHelperPackage(instance.userFolder);
	await instance.importCredentials([
		clerkApiCredential(benchCredential, emulator.secretKey, emulator.apiUrl),
		clerkApiCredential(benchDevCredential, BENCH_DEV_SECRET_KEY, emulator.apiUrl),
		clerkWebhookCredential(benchWebhookCredential, BENCH_SIGNING_SECRET),
	]);
	return instance;
}

/**
 * Measures on each line of BENCH_LINES (2,1 by default: n8n 2.x, the headline, then 1.x) that is
 * installed (installing takes minutes, more than a scenario may, so the bench only uses an install
 * the e2e suite or n8nLab/installN8n.sh made). Each line adds its figures and a part of the ratio;
 * the goal is met when every wanted line ran and met it.
 */
export async function onEveryLine(
	result: ScenarioResult,
	measure: (line: N8nLine) => Promise<{ ratio: string; met: boolean }>,
): Promise<ScenarioResult> {
	const wanted = (process.env.BENCH_LINES ?? '2,1').split(',').map((arg) => arg.trim());
	const ratios: string[] = [];
	let met = true;
	for (const line of n8nLines.filter((l) => wanted.includes(l.installArg))) {
		const missing = notInstalled(line);
		if (missing) result.notes.push(`${line.label} not run: ${missing}.`);
		const measured = missing ? { ratio: '', met: false } : await measure(line);
		if (measured.ratio) ratios.push(measured.ratio);
		met &&= measured.met;
	}
	result.ratio = ratios.join('; ') || 'not measured';
	result.met = ratios.length > 0 ? met : undefined;
	return result;
}

/**
 * Runs `measure` against `n8n start` of the n8n 2.x bench instance serving these webhook workflows
 * (once every webhook answers; the probes reach no Clerk API and each run sets the emulator up
 * anew), then stops the server. When that n8n is not installed the result says so, unmeasured.
 */
export async function withServer(
	result: ScenarioResult,
	emulator: BenchEmulator,
	workflows: Workflow[],
	measure: (server: RunningServer) => Promise<void>,
): Promise<ScenarioResult> {
	const missing = notInstalled(latestLine);
	if (missing) {
		result.notes.push(`Not run: ${missing}.`);
		return result;
	}
	const instance = await benchInstance(emulator);
	await instance.importActive(workflows);
	const group = new ProcessGroup();
	// Ctrl-C or a kill of the bench must not leave an n8n server behind.
	group.stopOnSignals();
	try {
		const server = await instance.startServer(group);
		await measure(server);
	} finally {
		await group.stopAll();
	}
	return result;
}
