import { existsSync } from 'node:fs';

import { runOrThrow } from '../n8nLab/processes';

export const chromiumPath = '/usr/bin/chromium';

/** Playwright's global setup: Debian's Chromium, installed with apt-get when missing (CI runs as root). */
export default async function ensureChromium(): Promise<void> {
	if (existsSync(chromiumPath)) return;
	console.log('installing Debian chromium (apt-get)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runOrThrow('apt-get', ['update'], { env, timeoutMs: 300_000 });
	await runOrThrow('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 600_000,
	});
}
