import { CredentialTestContext, HookContext } from 'n8n-core';
import type { ICredentialsDecrypted, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import { ClerkWebhookApi } from '../../credentials/ClerkWebhookApi.credentials';
import { TestCredentialsHelper } from '../support/credentialsHelper';
import { clerkTriggerWorkflow, TRIGGER_NAME } from './harness/clerkTriggerWorkflow';
import { newSigningSecret } from '../../emulator/webhooks/secrets';

const trigger = new ClerkTrigger();

function hookContext(signingSecret: string): HookContext {
	const workflow = clerkTriggerWorkflow({ events: ['user.created'] });
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(
			{ clerkWebhookApi: new ClerkWebhookApi() },
			{ clerkWebhookApi: { signingSecret } },
		),
	} as unknown as IWorkflowExecuteAdditionalData;
	return new HookContext(
		workflow,
		workflow.getNode(TRIGGER_NAME)!,
		additionalData,
		'trigger',
		'activate',
	);
}

describe('Clerk Trigger when it starts listening', () => {
	const { create } = trigger.webhookMethods.default;

	it('starts listening with a well-formed signing secret', async () => {
		expect(await create.call(hookContext(newSigningSecret()))).toBe(true);
	});

	it('refuses to start with a secret of the wrong shape and says what to paste', async () => {
		await expect(create.call(hookContext('sk_live_0123456789abcdef'))).rejects.toMatchObject({
			message: expect.stringMatching(/must start with "whsec_"/),
			description: expect.stringMatching(/Clerk Dashboard → Webhooks/),
		});
	});
});

describe('testing the Clerk Webhook API credential', () => {
	const test = trigger.methods.credentialTest.clerkWebhookSigningSecret;
	const credential = (signingSecret: string): ICredentialsDecrypted => ({
		id: 'cred-1',
		name: 'Clerk webhook secret',
		type: 'clerkWebhookApi',
		data: { signingSecret },
	});

	it("is the test n8n runs for the node's credential (testedBy names it)", () => {
		const testedBy = trigger.description.credentials?.[0]?.testedBy;
		expect(Object.keys(trigger.methods.credentialTest)).toContain(testedBy);
	});

	it('passes a well-formed whsec_ secret', async () => {
		const result = await test.call(new CredentialTestContext(), credential(newSigningSecret()));
		expect(result.status).toBe('OK');
	});

	it('fails a wrong secret with a message that says where to find the right one', async () => {
		const result = await test.call(new CredentialTestContext(), credential('whsec_short'));
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/Clerk Dashboard → Webhooks/),
		});
	});
});
