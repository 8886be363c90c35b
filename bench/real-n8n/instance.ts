import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildAndPack, installIntoUserFolder } from '../../scripts/e2e/lib/install-package';
import { N8nInstance } from '../../scripts/e2e/lib/n8n-instance';
import {
	cacheRoot,
	ensureInstalled,
	n8nLines,
	NODE24_VERSION,
	type N8nLine,
} from '../../scripts/e2e/lib/n8n-lines';
import { BENCH_DEV_SECRET_KEY, type BenchEmulator } from '../emulator';
import { installHelperPackage } from './helper-package';
import { benchCredential, benchDevCredential } from './workflows';

/** n8n 2.x first: the line most users run and the headline; 1.x beside it. */
export const BENCH_N8N_LINES: N8nLine[] = n8nLines;
export const BENCH_N8N_LINE = n8nLines[0];

/** The lines a bench run measures: BENCH_LINES=2,1 (the default), or one of them. */
export function benchLines(): N8nLine[] {
	const wanted = (process.env.BENCH_LINES ?? '2,1').split(',').map((arg) => arg.trim());
	return BENCH_N8N_LINES.filter((line) => wanted.includes(line.installArg));
}

/**
 * The lines of `benchLines()` that are installed; each missing one is noted in `notes`, and
 * `complete` says whether every wanted line can run (a scenario missing one cannot meet its goal).
 */
export function installedBenchLines(notes: string[]): { lines: N8nLine[]; complete: boolean } {
	const lines: N8nLine[] = [];
	for (const line of benchLines()) {
		const missing = realN8nMissing(line);
		if (missing) notes.push(`${line.label} not run: ${missing}.`);
		else lines.push(line);
	}
	return { lines, complete: lines.length === benchLines().length };
}

/**
 * Why a line's real n8n cannot be used, or undefined when it can. Installing it takes minutes,
 * more than a scenario may, so the bench only uses an install the e2e suite already made.
 */
export function realN8nMissing(line: N8nLine = BENCH_N8N_LINE): string | undefined {
	const folders = [
		`n8n-${line.version}`,
		...(line.installArg === '2' ? [`node-${NODE24_VERSION}`] : []),
	];
	const missing = folders
		.map((folder) => path.join(cacheRoot, folder))
		.filter((folder) => !existsSync(path.join(folder, '.complete')));
	if (missing.length > 0) {
		return `${line.label} is not installed (${missing.join(', ')}); run \`bash scripts/e2e/install-n8n.sh ${line.installArg}\` (or the e2e suite) once, then the bench again`;
	}
	return undefined;
}

let packed: Promise<string> | undefined;
const instances = new Map<string, Promise<N8nInstance>>();

/** Built and packed once per bench run: every instance installs the same tarball. */
async function tarball(): Promise<string> {
	packed ??= buildAndPack(mkdtempSync(path.join(tmpdir(), 'clerk-bench-pack-')));
	return await packed;
}

/** One prepared instance per line and emulator for the whole bench run; scenarios add workflows. */
export async function sharedInstance(
	emulator: Pick<BenchEmulator, 'apiUrl' | 'secretKey'>,
	line: N8nLine,
): Promise<N8nInstance> {
	const key = `${line.version} ${emulator.apiUrl}`;
	let instance = instances.get(key);
	if (!instance) {
		instance = prepareInstance(emulator, line);
		instances.set(key, instance);
	}
	return await instance;
}

/**
 * A throwaway n8n user folder with this package installed as a community node, the helper-only
 * bench node beside it, and the emulator's key imported.
 */
export async function prepareInstance(
	emulator: Pick<BenchEmulator, 'apiUrl' | 'secretKey'>,
	line: N8nLine = BENCH_N8N_LINE,
): Promise<N8nInstance> {
	const installed = ensureInstalled(line);
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-bench-real-n8n-'));
	const instance = new N8nInstance(installed, path.join(root, 'user'), path.join(root, 'work'));
	// n8n's default level, as users run it: debug logging costs n8n time on every request.
	instance.logLevel = 'info';
	await installIntoUserFolder(instance.userFolder, await tarball());
	installHelperPackage(instance.userFolder);
	await instance.importCredentials([
		{ ...benchCredential, secretKey: emulator.secretKey, baseUrl: emulator.apiUrl },
		{ ...benchDevCredential, secretKey: BENCH_DEV_SECRET_KEY, baseUrl: emulator.apiUrl },
	]);
	return instance;
}
