import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildAndPack, installIntoUserFolder } from '../../scripts/e2e/lib/install-package';
import { N8nInstance } from '../../scripts/e2e/lib/n8n-instance';
import { cacheRoot, ensureInstalled, n8nLines } from '../../scripts/e2e/lib/n8n-lines';
import type { BenchEmulator } from '../emulator';
import { benchCredential } from './workflows';

export const BENCH_N8N_LINE = n8nLines[0];

// The Node that scripts/e2e/install-n8n.sh installs for n8n 2.x.
const NODE24_VERSION = '24.22.3';

/**
 * Why the real n8n cannot be used, or undefined when it can. Installing it takes minutes, more
 * than the whole bench may, so the bench only uses an install the e2e suite already made.
 */
export function realN8nMissing(): string | undefined {
	const folders = [
		`n8n-${BENCH_N8N_LINE.version}`,
		...(BENCH_N8N_LINE.installArg === '2' ? [`node-${NODE24_VERSION}`] : []),
	];
	const missing = folders
		.map((folder) => path.join(cacheRoot, folder))
		.filter((folder) => !existsSync(path.join(folder, '.complete')));
	if (missing.length > 0) {
		return `${BENCH_N8N_LINE.label} is not installed (${missing.join(', ')}); run \`bash scripts/e2e/install-n8n.sh ${BENCH_N8N_LINE.installArg}\` (or the e2e suite) once, then the bench again`;
	}
	return undefined;
}

/** A throwaway n8n user folder with this package installed as a community node and the emulator's key imported. */
export async function prepareInstance(emulator: BenchEmulator): Promise<N8nInstance> {
	const installed = ensureInstalled(BENCH_N8N_LINE);
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-bench-real-n8n-'));
	const instance = new N8nInstance(installed, path.join(root, 'user'), path.join(root, 'work'));
	const tarball = await buildAndPack(path.join(root, 'pack'));
	await installIntoUserFolder(instance.userFolder, tarball);
	await instance.importCredentials([
		{ ...benchCredential, secretKey: emulator.secretKey, baseUrl: emulator.apiUrl },
	]);
	return instance;
}
