import type { Locator, Page } from '@playwright/test';

/** The n8n 2.x editor as a user drives it; selectors are n8n's own data-test-id hooks. */
export class EditorPage {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	testId(id: string): Locator {
		return this.page.locator(`[data-test-id="${id}"]`);
	}

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`);
		await this.page.fill('#emailOrLdapLoginId', email);
		await this.page.fill('#password', password);
		await this.testId('form-submit-button').click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	}

	/** A new workflow asks for a trigger first: add "Trigger manually" through the nodes panel. */
	async newWorkflowWithManualTrigger(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`);
		// The first canvas after n8n starts takes a while to render on a busy machine.
		await this.testId('canvas-add-button').click({ timeout: 60_000 });
		await this.testId('node-creator-search-bar').waitFor();
		await this.page.keyboard.type('Manual');
		await this.nodeCreatorItem(/^Trigger manually$/).waitFor();
		await this.page.keyboard.press('Enter');
		await this.testId('canvas-trigger-node').waitFor();
	}

	/** Opens the nodes panel from the trigger's "+" and searches. */
	async searchNodes(text: string): Promise<void> {
		await this.testId('canvas-handle-plus').first().click();
		await this.testId('node-creator-search-bar').waitFor();
		await this.page.keyboard.type(text);
	}

	nodeCreatorItem(name: RegExp): Locator {
		return this.testId('node-creator-item-name').filter({ hasText: name });
	}

	async nodeCreatorNames(): Promise<string[]> {
		await this.testId('node-creator-item-name').first().waitFor();
		return (await this.testId('node-creator-item-name').allInnerTexts()).map((s) => s.trim());
	}

	/** Names of the options of the element-plus dropdown that is open now (without their descriptions). */
	async openDropdownOptions(): Promise<string[]> {
		const items = this.page.locator('.el-select-dropdown__item:visible');
		await items.first().waitFor();
		return [
			...new Set(
				(await items.allInnerTexts()).map((s) => s.trim().split('\n')[0].trim()).filter(Boolean),
			),
		];
	}

	/** What a form control shows: its text plus the value of the input inside it. */
	async shownValue(locator: Locator): Promise<string> {
		return await locator.evaluate((el) => {
			const inputs = [...el.querySelectorAll('input')].map((i) => i.value);
			return [el.textContent ?? '', ...inputs].join(' ').replace(/\s+/g, ' ').trim();
		});
	}

	/** Escape closes the open dropdown; wait until it is gone so the next one is read alone. */
	async closeDropdown(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.page
			.locator('.el-select-dropdown__item:visible')
			.first()
			.waitFor({ state: 'hidden' });
	}

	async parameterLabels(): Promise<string[]> {
		const labels = this.testId('ndv').locator('[data-test-id="node-parameters"] label');
		return (await labels.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
	}

	async closeModalWithEscape(): Promise<void> {
		await this.page.keyboard.press('Escape');
		await this.page.waitForTimeout(300);
	}

	/** A new workflow with the Clerk node's create action added and its panel open. */
	async openCreateAction(): Promise<void> {
		await this.newWorkflowWithManualTrigger();
		await this.searchNodes('Clerk');
		await this.nodeCreatorItem(/^Clerk Sign-In Token$/).click();
		await this.nodeCreatorItem(/^Create a sign in token$/).click();
		await this.testId('ndv').waitFor();
		await this.testId('resource-locator-user').waitFor();
	}

	/** Adds an additional field of the open panel by its name. */
	async addField(name: string): Promise<void> {
		await this.testId('collection-parameter-add').first().click();
		await this.page.locator('.el-select-dropdown__item:visible', { hasText: name }).click();
	}
}
