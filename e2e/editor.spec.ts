/**
 * The editor of a real n8n 2.x in Chromium, checked the way a user would look at it: the node in
 * the nodes panel, its panel, the user list from the emulator, the credential test, the example
 * run from the canvas. Playwright keeps a trace and a screenshot of each failed check
 * (test-results/editor); E2E_UPDATE_SCREENSHOT=1 refreshes the README's picture.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test as base } from '@playwright/test';

import { pack } from '../n8nLab/communityPackage';
import { randomSecretKey } from '../n8nLab/emulator';
import { expectLabKeepsNoSecrets } from '../n8nLab/lab';
import { ensureInstalled, latestLine, repoRoot } from '../n8nLab/lines';
import { startPlayground, type Playground } from '../n8nLab/playground';
import { ProcessGroup } from '../n8nLab/processes';
import { EditorPage } from './editorPage';

const readmeScreenshot = path.join(repoRoot, 'docs', 'node-panel.png');

interface EditorLab extends Playground {
	goodKey: string;
	badKey: string;
	/** Stops n8n and the emulator (the secret scan runs after it). */
	stop: () => Promise<void>;
}

const test = base.extend<{ editor: EditorPage }, { lab: EditorLab }>({
	lab: [
		// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern
		async ({}, use) => {
			const root = mkdtempSync(path.join(tmpdir(), 'clerk-e2e-editor-'));
			const group = new ProcessGroup();
			const goodKey = randomSecretKey();
			const n8n = ensureInstalled(latestLine);
			const tarball = await pack(path.join(root, 'pack'));
			const playground = await startPlayground(group, n8n, tarball, { root, secretKey: goodKey });
			await use({
				...playground,
				goodKey,
				badKey: randomSecretKey(),
				stop: async () => await group.stopAll(),
			});
			await group.stopAll();
			if (process.env.E2E_KEEP === '1') console.log(`logs and user folder kept in ${root}`);
			else rmSync(root, { recursive: true, force: true });
		},
		{ scope: 'worker', timeout: 900_000 },
	],
	editor: async ({ page, lab }, use) => {
		await use(new EditorPage(page, lab.server.url));
	},
});

test.describe(`editor, ${latestLine.label}`, () => {
	test.beforeEach(async ({ editor, lab }) => {
		await editor.signIn(lab.server.owner.email, lab.server.owner.password);
	});

	test('Sign in as the owner', async ({ page }) => {
		expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
	});

	test('Searching "Clerk" in the nodes panel (after adding a trigger) finds the node', async ({
		editor,
	}) => {
		await editor.newWorkflowWithManualTrigger();
		await editor.searchNodes('Clerk');
		// The panel shows its categories until the search results render.
		await editor
			.nodeCreatorItem(/^Clerk Sign-In Token$/)
			.waitFor()
			.catch(() => undefined);
		expect(await editor.nodeCreatorNames()).toContain('Clerk Sign-In Token');
		await editor.nodeCreatorItem(/^Clerk Sign-In Token$/).click();
		await editor.nodeCreatorItem(/^Create a sign in token$/).waitFor();
		const actions = await editor.nodeCreatorNames();
		expect(actions).toContain('Create a sign in token');
		expect(actions).toContain('Revoke a sign in token');
	});

	test('The create action opens its panel: credential, operation, user, expiry, additional fields', async ({
		editor,
		page,
	}) => {
		await editor.openCreateAction();
		const labels = await editor.parameterLabels();
		for (const label of [
			'Credential',
			'Operation',
			'User',
			'Expires In (Seconds)',
			'Additional Fields',
		])
			expect(
				labels.some((l) => l.startsWith(label)),
				`panel should show "${label}": ${labels.join(', ')}`,
			).toBe(true);
		expect(await editor.shownValue(editor.testId('node-credentials-select'))).toContain(
			'Clerk (emulator)',
		);

		await editor.testId('parameter-input-operation').click();
		const operations = await editor.openDropdownOptions();
		expect(operations).toEqual(expect.arrayContaining(['Create', 'Revoke']));
		await editor.closeDropdown();

		await editor.testId('collection-parameter-add').first().click();
		const fields = await editor.openDropdownOptions();
		expect(fields).toEqual(expect.arrayContaining(['Organization ID', 'Sign-In URL']));
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'Sign-In URL' }).click();
		await editor.testId('parameter-input-signInUrl').waitFor();
	});

	test('User locator offers From list / By ID / By Email', async ({ editor, page }) => {
		await editor.openCreateAction();
		await editor.testId('rlc-mode-selector').click();
		await editor.testId('mode-list').waitFor();
		const modes = (await page.locator('[data-test-id^="mode-"]:visible').allInnerTexts()).map((s) =>
			s.trim().toLowerCase(),
		);
		expect(modes).toEqual(expect.arrayContaining(['from list', 'by id', 'by email']));
		await editor.testId('mode-list').click();
	});

	test("From list shows the emulator's users and searches them", async ({ editor, page, lab }) => {
		await editor.openCreateAction();
		await editor.addField('Sign-In URL');
		await editor.testId('rlc-input').click();
		await editor.testId('rlc-item').first().waitFor();
		const firstPage = await editor.testId('rlc-item').allInnerTexts();
		expect(
			firstPage.length,
			`the list should show the emulator's users: ${firstPage.join(', ')}`,
		).toBeGreaterThanOrEqual(5);
		await page.keyboard.type('ada');
		const ada = editor.testId('rlc-item').filter({ hasText: 'ada@example.com' });
		await ada.first().waitFor();
		await expect(ada.filter({ hasText: 'Ada Lovelace' }).first()).toBeVisible();
		await ada.first().click();
		const adaId = await lab.emulator.userIdByEmail('ada@example.com');
		const chosen = await editor.shownValue(editor.testId('resource-locator-user'));
		expect(
			chosen.includes('Ada Lovelace') || chosen.includes(adaId),
			`Ada should be selected: ${chosen}`,
		).toBe(true);
		const signInUrl = editor.testId('parameter-input-signInUrl').locator('input, textarea').first();
		await signInUrl.fill('https://app.example.com/sign-in');
		// Leave the field so it renders as a user sees it when done (a click outside would close the
		// panel, Tab would open the next dropdown).
		await signInUrl.blur();
		await editor.testId('ndv').waitFor();
		if (!existsSync(readmeScreenshot) || process.env.E2E_UPDATE_SCREENSHOT === '1') {
			await page.waitForTimeout(600); // let the Add Field dropdown finish closing
			mkdirSync(path.dirname(readmeScreenshot), { recursive: true });
			await page.screenshot({ path: readmeScreenshot });
		}
	});

	test('Revoke shows the Sign-In Token ID field', async ({ editor, page }) => {
		await editor.openCreateAction();
		await editor.testId('parameter-input-operation').click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'Revoke' }).first().click();
		await editor.testId('parameter-input-signInLinkId').waitFor();
	});

	test('Credential Test reports success for the good key', async ({ editor }) => {
		await editor.openCreateAction();
		await editor.testId('credential-edit-button').click();
		await editor.testId('credential-edit-dialog').waitFor();
		const success = editor.testId('credentials-config-container-test-success');
		await success.waitFor();
		await success.getByRole('button', { name: 'Retry' }).click();
		await expect(success).toContainText(/tested successfully/i);
		await editor.closeModalWithEscape();
	});

	test('Credential Test reports failure for a bad key', async ({ editor, lab }) => {
		await editor.openCreateAction();
		await editor.testId('node-credentials-select').click();
		await editor.testId('node-credentials-select-item-new').click();
		const dialog = editor.testId('credential-edit-dialog');
		await dialog.waitFor();
		const fields = editor.testId('credential-connection-parameter');
		await fields.filter({ hasText: 'Secret Key' }).locator('input').fill(lab.badKey);
		await fields.filter({ hasText: 'API URL' }).locator('input').fill(lab.emulator.apiUrl);
		await editor.testId('credential-save-button').click();
		await dialog
			.getByText(/couldn.t connect/i)
			.first()
			.waitFor();
		await dialog.getByText('More details').click();
		// The credential's test rule for 401 turns n8n's bare "Unauthorized" into a message that says what to fix.
		await expect(dialog.getByText(/Clerk rejected the secret key/).first()).toContainText(
			/Clerk rejected the secret key \(HTTP 401\)/,
		);
		await expect(dialog).not.toContainText(/tested successfully/i, { useInnerText: true });
		await editor.closeModalWithEscape();
	});

	test('The example workflow runs from the canvas', async ({ editor, page, lab }) => {
		await page.goto(`${lab.server.url}/workflow/ClerkMagicLink01`);
		await editor.testId('execute-workflow-button').click();
		const composed = editor.testId('canvas-node').filter({ hasText: 'Compose email' });
		await composed
			.locator('[data-test-id="canvas-node-status-success"]')
			.waitFor({ timeout: 60_000 });
		await composed.dblclick();
		await editor.testId('ndv').waitFor();
		await expect(editor.testId('output-panel')).toContainText(/__clerk_ticket=/);
	});

	test('No secret key in anything the n8n server printed or stored', async ({ lab }) => {
		await lab.stop();
		expectLabKeepsNoSecrets(lab, {
			'the emulator key': lab.goodKey,
			'the key typed into the credential': lab.badKey,
		});
	});
});
