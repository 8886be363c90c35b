import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import type { BrowserContext } from 'playwright-core';

import { expectThat, show } from '../lib/assert';
import { CheckRunner } from '../lib/check-runner';
import { freePort } from '../lib/free-port';
import { randomSecretKey } from '../lib/headless-suite';
import { expectNoSecrets } from '../lib/secret-scan';
import { repoRoot, type InstalledN8n } from '../lib/n8n-lines';
import { startPlayground, type Playground } from '../lib/playground';
import type { ProcessGroup } from '../lib/processes';
import { ensureChromium, launchChromium } from './chromium';
import { EditorPage } from './editor-page';

/** Git-ignored; the README's picture is copied from here to docs/. */
export const screenshotDir = path.join(repoRoot, 'test-results', 'e2e-screenshots');
const readmeScreenshot = path.join(repoRoot, 'docs', 'node-panel.png');

/** The editor of a real n8n 2.x in Chromium, checked the way a user would look at it. */
export async function runEditorSuite(
	group: ProcessGroup,
	n8n: InstalledN8n,
	tarball: string,
	root: string,
): Promise<CheckRunner> {
	const runner = new CheckRunner(`${n8n.line.label}, editor`);
	mkdirSync(screenshotDir, { recursive: true });
	const shot = (name: string) => path.join(screenshotDir, `${name}.png`);
	let playground: Playground | undefined;
	let browser: BrowserContext | undefined;
	const goodKey = randomSecretKey();
	const badKey = randomSecretKey();
	try {
		await ensureChromium();
		playground = await startPlayground(group, n8n, tarball, {
			root,
			n8nPort: await freePort(),
			secretKey: goodKey,
		});
		const { server, emulator } = playground;
		browser = await launchChromium();
		const page = await browser.newPage();
		page.setDefaultTimeout(20_000);
		const editor = new EditorPage(page, server.url);
		let failures = 0;
		const check = async (name: string, body: () => Promise<void>) =>
			await runner.check(name, async () => {
				try {
					await body();
				} catch (error) {
					await editor.screenshot(shot(`failed-${++failures}`)).catch(() => undefined);
					throw error;
				}
			});

		await check('Sign in as the owner', async () => {
			await editor.signIn(server.owner.email, server.owner.password);
		});

		await check(
			'Searching "Clerk" in the nodes panel (after adding a trigger) finds the node',
			async () => {
				await editor.newWorkflowWithManualTrigger();
				await editor.searchNodes('Clerk');
				// The panel shows its categories until the search results render.
				await editor
					.nodeCreatorItem(/^Clerk Sign-In Token$/)
					.waitFor()
					.catch(() => undefined);
				const names = await editor.nodeCreatorNames();
				await editor.screenshot(shot('01-search-clerk'));
				expectThat(
					names.includes('Clerk Sign-In Token'),
					`search results should list "Clerk Sign-In Token": ${show(names)}`,
				);
				await editor.nodeCreatorItem(/^Clerk Sign-In Token$/).click();
				await editor.nodeCreatorItem(/^Create a sign in token$/).waitFor();
				const actions = await editor.nodeCreatorNames();
				await editor.screenshot(shot('02-actions'));
				for (const action of ['Create a sign in token', 'Revoke a sign in token']) {
					expectThat(
						actions.includes(action),
						`actions should include "${action}": ${show(actions)}`,
					);
				}
			},
		);

		await check(
			'The create action opens its panel: credential, operation, user, expiry, additional fields',
			async () => {
				await editor.nodeCreatorItem(/^Create a sign in token$/).click();
				await editor.testId('ndv').waitFor();
				await editor.testId('resource-locator-user').waitFor();
				const labels = await editor.parameterLabels();
				for (const label of [
					'Credential',
					'Operation',
					'User',
					'Expires In (Seconds)',
					'Additional Fields',
				]) {
					expectThat(
						labels.some((l) => l.startsWith(label)),
						`panel should show "${label}": ${show(labels)}`,
					);
				}
				const credential = await editor.shownValue(editor.testId('node-credentials-select'));
				expectThat(
					credential.includes('Clerk (emulator)'),
					`credential should default to "Clerk (emulator)": ${show(credential)}`,
				);

				await editor.testId('parameter-input-operation').click();
				const operations = await editor.openDropdownOptions();
				expectThat(
					operations.includes('Create') && operations.includes('Revoke'),
					`operations: ${show(operations)}`,
				);
				await editor.closeDropdown();

				await editor.testId('collection-parameter-add').first().click();
				const fields = await editor.openDropdownOptions();
				expectThat(
					fields.includes('Organization ID') && fields.includes('Sign-In URL'),
					`additional fields: ${show(fields)}`,
				);
				await page.locator('.el-select-dropdown__item:visible', { hasText: 'Sign-In URL' }).click();
				await editor.testId('parameter-input-signInUrl').waitFor();
			},
		);

		await check('User locator offers From list / By ID / By Email', async () => {
			await editor.testId('rlc-mode-selector').click();
			await editor.testId('mode-list').waitFor();
			const modes = (
				await editor
					.testId('resource-locator-user')
					.page()
					.locator('[data-test-id^="mode-"]:visible')
					.allInnerTexts()
			).map((s) => s.trim());
			expectThat(
				['From list', 'By ID', 'By Email'].every((m) =>
					modes.some((x) => x.toLowerCase() === m.toLowerCase()),
				),
				`user modes should be From list, By ID, By Email: ${show(modes)}`,
			);
			await editor.testId('mode-list').click();
		});

		await check("From list shows the emulator's users and searches them", async () => {
			await editor.testId('rlc-input').click();
			await editor.testId('rlc-item').first().waitFor();
			const firstPage = await editor.testId('rlc-item').allInnerTexts();
			expectThat(
				firstPage.length >= 5,
				`the list should show the emulator's users: ${show(firstPage)}`,
			);
			await page.keyboard.type('ada');
			await editor.testId('rlc-item').filter({ hasText: 'ada@example.com' }).waitFor();
			const filtered = await editor.testId('rlc-item').allInnerTexts();
			await editor.screenshot(shot('03-user-list'));
			expectThat(
				filtered.some((t) => t.includes('Ada Lovelace') && t.includes('ada@example.com')),
				`searching "ada" should offer Ada Lovelace (ada@example.com): ${show(filtered)}`,
			);
			await editor.testId('rlc-item').filter({ hasText: 'ada@example.com' }).first().click();
			const users = await emulator.users();
			const ada = users.find((u) =>
				u.email_addresses.some((e) => e.email_address === 'ada@example.com'),
			);
			const chosen = await editor.shownValue(editor.testId('resource-locator-user'));
			expectThat(
				chosen.includes('Ada Lovelace') || (ada && chosen.includes(ada.id)),
				`Ada should be selected: ${show(chosen)}`,
			);
			const signInUrl = editor
				.testId('parameter-input-signInUrl')
				.locator('input, textarea')
				.first();
			await signInUrl.fill('https://app.example.com/sign-in');
			// Leave the field so it renders as a user sees it when done (a click outside would close the
			// panel, Tab would open the next dropdown).
			await signInUrl.blur();
			await editor.testId('ndv').waitFor();
			await page.waitForTimeout(600); // let the Add Field dropdown finish closing
			await editor.screenshot(shot('04-node-panel'));
			if (!existsSync(readmeScreenshot) || process.env.E2E_UPDATE_SCREENSHOT === '1') {
				mkdirSync(path.dirname(readmeScreenshot), { recursive: true });
				copyFileSync(shot('04-node-panel'), readmeScreenshot);
			}
		});

		await check('Revoke shows the Sign-In Token ID field', async () => {
			await editor.testId('parameter-input-operation').click();
			await page
				.locator('.el-select-dropdown__item:visible', { hasText: 'Revoke' })
				.first()
				.click();
			await editor.testId('parameter-input-signInLinkId').waitFor();
			await editor.screenshot(shot('05-revoke-panel'));
		});

		await check('Credential Test reports success for the good key', async () => {
			await editor.openNode('Clerk Sign-In Token');
			await editor.testId('credential-edit-button').click();
			await editor.testId('credential-edit-dialog').waitFor();
			const success = editor.testId('credentials-config-container-test-success');
			await success.waitFor();
			await success.getByRole('button', { name: 'Retry' }).click();
			await success.waitFor();
			await editor.screenshot(shot('06-credential-good'));
			const text = await success.innerText();
			expectThat(
				/tested successfully/i.test(text),
				`expected "Connection tested successfully": ${show(text)}`,
			);
			await editor.closeModalWithEscape();
		});

		await check('Credential Test reports failure for a bad key', async () => {
			await editor.openNode('Clerk Sign-In Token');
			await editor.testId('node-credentials-select').click();
			await editor.testId('node-credentials-select-item-new').click();
			await editor.testId('credential-edit-dialog').waitFor();
			const fields = editor.testId('credential-connection-parameter');
			await fields.filter({ hasText: 'Secret Key' }).locator('input').fill(badKey);
			await fields.filter({ hasText: 'API URL' }).locator('input').fill(emulator.apiUrl);
			await editor.testId('credential-save-button').click();
			const failure = editor
				.testId('credential-edit-dialog')
				.getByText(/couldn.t connect/i)
				.first();
			await failure.waitFor();
			await editor.testId('credential-edit-dialog').getByText('More details').click();
			// The credential's test rule for 401 turns n8n's bare "Unauthorized" into a message that says what to fix.
			const details = editor
				.testId('credential-edit-dialog')
				.getByText(/Clerk rejected the secret key/)
				.first();
			await details.waitFor();
			const why = await details.innerText();
			await editor.screenshot(shot('07-credential-bad'));
			expectThat(
				/Clerk rejected the secret key \(HTTP 401\)/.test(why),
				`the failure should say the key was rejected: ${show(why)}`,
			);
			const dialog = await editor.testId('credential-edit-dialog').innerText();
			expectThat(!/tested successfully/i.test(dialog), 'a bad key must not test successfully');
			await editor.closeModalWithEscape();
		});

		await check('The example workflow runs from the canvas', async () => {
			const runPage = await browser!.newPage();
			const run = new EditorPage(runPage, server.url);
			await runPage.goto(`${server.url}/workflow/ClerkMagicLink01`);
			await run.testId('execute-workflow-button').click();
			const composed = run.testId('canvas-node').filter({ hasText: 'Compose email' });
			await composed
				.locator('[data-test-id="canvas-node-status-success"]')
				.waitFor({ timeout: 60_000 });
			await run.screenshot(shot('08-example-run'));
			await composed.dblclick();
			await run.testId('ndv').waitFor();
			await run
				.testId('output-panel')
				.getByText(/__clerk_ticket=/)
				.first()
				.waitFor()
				.catch(() => undefined);
			const output = await run.testId('output-panel').innerText();
			await run.screenshot(shot('09-example-output'));
			expectThat(
				/__clerk_ticket=/.test(output),
				`the composed email should contain the sign-in link: ${show(output)}`,
			);
		});
	} catch (error) {
		await runner.check('editor suite setup', async () => {
			throw error;
		});
	} finally {
		await browser?.close().catch(() => undefined);
		if (playground) {
			await group.stop(playground.server.process);
			await group.stop(playground.emulator.process);
		}
	}
	await runner.check('No secret key in anything the n8n server printed or stored', async () => {
		const roots = [path.join(root, 'user'), path.join(root, 'work')];
		const secrets = { 'the emulator key': goodKey, 'the key typed into the credential': badKey };
		expectNoSecrets(secrets, roots, {}, { secret: goodKey, root: path.join(root, 'emulator.log') });
	});
	return runner;
}
