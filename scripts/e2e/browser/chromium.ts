import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { runOrThrow } from '../lib/run-command';

export const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium (no browser download: only Debian's packages are reachable here). */
export async function ensureChromium(): Promise<void> {
	if (existsSync(chromiumPath)) return;
	console.log('  installing Debian chromium (apt-get)…');
	await runOrThrow('apt-get', ['update'], { timeoutMs: 300_000 });
	await runOrThrow('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		timeoutMs: 600_000,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/** A headless Chromium with a fresh profile, offline-friendly flags and a desktop-sized window. */
export async function launchChromium(): Promise<BrowserContext> {
	const profile = mkdtempSync(path.join(tmpdir(), 'clerk-e2e-chromium-'));
	return await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
