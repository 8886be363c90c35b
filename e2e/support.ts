import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { pack } from '../n8nLab/communityPackage';
import { ProcessGroup } from '../n8nLab/processes';

/** Short, single-line rendering of a value for failure messages. */
export function show(value: unknown, max = 600): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Registers one check of a suite (a node:test test). */
export type Check = (name: string, body: () => Promise<void>) => void;

/** What a suite's checks share: its work folder, its processes and the packed package. */
export interface SuiteLab {
	root: string;
	group: ProcessGroup;
	tarball: string;
}

let packed: Promise<string> | undefined;

/** The tarball every suite of this test file installs; its folder goes when the process ends. */
async function packForThisProcess(): Promise<string> {
	const dir = mkdtempSync(path.join(tmpdir(), 'clerk-e2e-pack-'));
	process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
	return await pack(dir);
}

/**
 * A suite of checks on one n8n setup, for use inside a `describe`. Nothing is started until the
 * first check that runs asks for the setup, so a suite the runner's filters leave out
 * (--test-name-pattern) costs nothing. After the suite every process it started is stopped; its
 * folder is deleted unless a check failed or E2E_KEEP=1.
 */
export function labSuite<T>(
	name: string,
	setUp: (lab: SuiteLab) => Promise<T>,
): { check: Check; ready: () => Promise<T & SuiteLab> } {
	let lab: SuiteLab | undefined;
	let started: Promise<T & SuiteLab> | undefined;
	let failed = false;
	const ready = async (): Promise<T & SuiteLab> => {
		started ??= (async () => {
			const root = mkdtempSync(path.join(tmpdir(), `clerk-e2e-${name}-`));
			const group = new ProcessGroup();
			group.stopOnSignals(() => console.error(`logs and user folders kept in ${root}`));
			// The npm script builds dist/ first; each test file packs it once, as npm would publish it.
			packed ??= packForThisProcess();
			lab = { root, group, tarball: await packed };
			return { ...(await setUp(lab)), ...lab };
		})();
		return await started;
	};
	const check: Check = (title, body) =>
		test(title, async () => {
			try {
				await body();
			} catch (error) {
				failed = true;
				throw error;
			}
		});
	after(async () => {
		if (!lab) return;
		await lab.group.stopAll();
		if (failed || process.env.E2E_KEEP === '1')
			console.log(`logs and user folders kept in ${lab.root}`);
		else rmSync(lab.root, { recursive: true, force: true });
	});
	return { check, ready };
}
