import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildAndPack, installIntoUserFolder } from '../../n8nLab/communityPackage';
import { installHelperPackage } from '../../n8nLab/helperPackage';
import {
	ensureInstalled,
	latestLine,
	n8nLines,
	notInstalled,
	type N8nLine,
} from '../../n8nLab/lines';
import { clerkApiCredential, N8nInstance } from '../../n8nLab/n8nInstance';
import { BENCH_DEV_SECRET_KEY, type BenchEmulator } from '../emulator';
import { benchCredential, benchDevCredential } from './workflows';

/** n8n 2.x first: the line most users run and the headline; 1.x beside it. */
export const BENCH_N8N_LINES: N8nLine[] = n8nLines;
export const BENCH_N8N_LINE = latestLine;

/** The lines a bench run measures: BENCH_LINES=2,1 (the default), or one of them. */
export function benchLines(): N8nLine[] {
	const wanted = (process.env.BENCH_LINES ?? '2,1').split(',').map((arg) => arg.trim());
	return BENCH_N8N_LINES.filter((line) => wanted.includes(line.installArg));
}

/**
 * The lines of `benchLines()` that are installed; each missing one is noted in `notes`, and
 * `complete` says whether every wanted line can run (a scenario missing one cannot meet its goal).
 * Installing takes minutes, more than a scenario may, so the bench only uses an install the e2e
 * suite (or n8nLab/installN8n.sh) already made.
 */
export function installedBenchLines(notes: string[]): { lines: N8nLine[]; complete: boolean } {
	const lines: N8nLine[] = [];
	for (const line of benchLines()) {
		const missing = notInstalled(line);
		if (missing) notes.push(`${line.label} not run: ${missing}.`);
		else lines.push(line);
	}
	return { lines, complete: lines.length === benchLines().length };
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
 * node beside it, and the emulator's keys imported; n8n logs at info, its default, as users run
 * it (debug logging costs n8n time on every request).
 */
export async function prepareInstance(
	emulator: Pick<BenchEmulator, 'apiUrl' | 'secretKey'>,
	line: N8nLine = BENCH_N8N_LINE,
): Promise<N8nInstance> {
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-bench-real-n8n-'));
	const instance = new N8nInstance(
		ensureInstalled(line),
		path.join(root, 'user'),
		path.join(root, 'work'),
		'info',
	);
	await installIntoUserFolder(instance.userFolder, await tarball());
	installHelperPackage(instance.userFolder);
	await instance.importCredentials([
		clerkApiCredential(benchCredential, emulator.secretKey, emulator.apiUrl),
		clerkApiCredential(benchDevCredential, BENCH_DEV_SECRET_KEY, emulator.apiUrl),
	]);
	return instance;
}
