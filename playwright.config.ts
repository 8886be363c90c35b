import { defineConfig } from '@playwright/test';

import { chromiumPath } from './e2e/editorSetup';

/**
 * The editor checks (e2e/*.spec.ts) in Debian's Chromium: Playwright's own browsers cannot be
 * downloaded here. One worker: the checks share one n8n server (a worker fixture).
 */
export default defineConfig({
	testDir: 'e2e',
	testMatch: '*.spec.ts',
	workers: 1,
	timeout: 120_000,
	reporter: [['list']],
	outputDir: 'test-results/editor',
	globalSetup: './e2e/editorSetup.ts',
	use: {
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		viewport: { width: 1440, height: 900 },
		actionTimeout: 20_000,
		launchOptions: {
			executablePath: chromiumPath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		},
	},
});
