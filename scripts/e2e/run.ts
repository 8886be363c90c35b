/**
 * `npm run test:e2e`: the package in real n8n installs, headless on every n8n line, the Clerk
 * Trigger example behind each line's server, and the editor in Chromium on n8n 2.x. Exits non-zero
 * if any check fails; stops every process it started.
 *
 * Environment:
 *   E2E_N8N_LINES=2,1   which n8n lines to run (default both)
 *   E2E_SKIP_BROWSER=1  skip the editor checks (CI runs them)
 *   E2E_SKIP_HEADLESS=1 only the editor checks (while working on them)
 *   E2E_SKIP_TRIGGER=1  skip the Clerk Trigger checks (an n8n server per line, signed deliveries)
 *   E2E_SKIP_QUEUE=1    skip n8n 2.x queue mode (Postgres 17, Redis, a main and two workers)
 *   E2E_QUEUE_STORM=300 webhook deliveries in the queue-mode storms (E2E_QUEUE_STORM_RATE=100 per s
 *                       into n8n's Webhook node, E2E_QUEUE_TRIGGER_STORM_RATE=30 per s into the Clerk Trigger)
 *   E2E_TRIGGER_STORM=300 signed deliveries through the Clerk Trigger behind `n8n start` (100 per s)
 *   E2E_SKIP_BUILD=1    pack the dist/ that is there instead of building first
 *   E2E_KEEP=1          keep the temporary user folders and logs (kept anyway on failure)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runEditorSuite } from './browser/editor-suite';
import { CheckRunner } from './lib/check-runner';
import { runHeadlessSuite } from './lib/headless-suite';
import { buildAndPack } from './lib/install-package';
import {
	ensureInstalled,
	installScript,
	looksInstalled,
	n8nLines,
	type InstalledN8n,
} from './lib/n8n-lines';
import { ProcessGroup } from './lib/processes';
import { runTriggerSuite } from './lib/trigger-suite';
import { runQueueSuite } from './queue/queue-suite';

async function main(): Promise<number> {
	const started = Date.now();
	const group = new ProcessGroup();
	const root = mkdtempSync(path.join(tmpdir(), 'clerk-e2e-'));
	group.stopOnSignals(() => console.error(`logs and user folders kept in ${root}`));
	const wanted = (process.env.E2E_N8N_LINES ?? '2,1').split(',').map((s) => s.trim());
	const lines = n8nLines.filter((l) => wanted.includes(l.installArg));
	const outcomes: Array<{ label: string; runner: CheckRunner }> = [];
	try {
		console.log(`E2E: building and packing the package (work folder ${root})`);
		// A cold cache: install the later lines in the background while the first one is tested
		// (the installer locks each folder, so the foreground call below waits for it to finish).
		for (const line of lines.slice(1).filter((l) => !looksInstalled(l))) {
			const log = path.join(root, `install-n8n-${line.version}.log`);
			console.log(`E2E: installing ${line.label} in the background (log: ${log})`);
			group.start(`install ${line.label}`, 'bash', [installScript, line.installArg], {
				logFile: log,
				toFileOnly: true,
			});
		}
		const tarball = await buildAndPack(path.join(root, 'pack'), {
			skipBuild: process.env.E2E_SKIP_BUILD === '1',
		});
		for (const line of lines) {
			console.log(`\n== ${line.label}: installing (cached after the first run)`);
			let n8n: InstalledN8n;
			try {
				n8n = ensureInstalled(line);
			} catch (error) {
				// One line failing to install should not hide the other line's results.
				const runner = new CheckRunner(line.label);
				await runner.check('install', async () => {
					throw error;
				});
				outcomes.push({ label: `${line.label} (install)`, runner });
				continue;
			}
			if (process.env.E2E_SKIP_HEADLESS !== '1') {
				console.log(`== ${line.label}: headless checks`);
				outcomes.push({
					label: `${line.label} (headless)`,
					runner: await runHeadlessSuite(
						group,
						n8n,
						tarball,
						path.join(root, `n8n-${line.version}`),
					),
				});
				if (process.env.E2E_SKIP_TRIGGER !== '1') {
					console.log(`== ${line.label}: Clerk Trigger behind the n8n server`);
					outcomes.push({
						label: `${line.label} (Clerk Trigger)`,
						runner: await runTriggerSuite(
							group,
							n8n,
							tarball,
							path.join(root, `trigger-${line.version}`),
						),
					});
				}
			}
			if (line.installArg === '2' && process.env.E2E_SKIP_QUEUE !== '1') {
				console.log(`== ${line.label}: queue mode (Postgres 17, Redis, a main and two workers)`);
				outcomes.push({
					label: `${line.label} (queue mode)`,
					runner: await runQueueSuite(
						group,
						n8n,
						tarball,
						path.join(root, `queue-${line.version}`),
					),
				});
			}
			if (line.installArg === '2' && process.env.E2E_SKIP_BROWSER !== '1') {
				console.log(`== ${line.label}: editor in Chromium`);
				outcomes.push({
					label: `${line.label} (editor)`,
					runner: await runEditorSuite(
						group,
						n8n,
						tarball,
						path.join(root, `editor-${line.version}`),
					),
				});
			}
		}
	} finally {
		await group.stopAll();
	}

	const results = outcomes.flatMap((o) => o.runner.results);
	const failed = results.filter((r) => !r.passed).length;
	console.log('\nE2E summary');
	for (const { label, runner } of outcomes)
		console.log(`  ${runner.passed ? 'PASSED' : 'FAILED'}  ${label}`);
	for (const line of n8nLines.filter((l) => !lines.includes(l)))
		console.log(`  SKIPPED ${line.label}`);
	console.log(`  took ${Math.round((Date.now() - started) / 1000)} s`);
	const ok = failed === 0 && outcomes.length > 0;
	if (ok && process.env.E2E_KEEP !== '1') rmSync(root, { recursive: true, force: true });
	else console.log(`  logs and user folders kept in ${root}`);
	console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
	return ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		process.exit(1);
	},
);
