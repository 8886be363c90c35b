import type { INode, IWorkflowBase } from 'n8n-workflow';

import workflowJson from '../../examples/new-clerk-user-sign-in-link.json';
import examples from '../../emulator/webhooks/clerkWebhookExamples.json';
import { withServer } from './harness/withServer';
import { newSigningSecret, nowSeconds } from '../../emulator/webhooks/secrets';
import { signClerkWebhook } from '../../emulator/webhooks/sign';

const example = workflowJson as unknown as IWorkflowBase;
const nodeOfType = (type: string): INode => {
	const node = example.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`The example has no ${type} node`);
	return node;
};
const trigger = nodeOfType('n8n-nodes-clerk-sign-in-token.clerkTrigger');
const signInToken = nodeOfType('n8n-nodes-clerk-sign-in-token.clerkSignInToken');

describe('example "New Clerk user → sign-in link"', () => {
	it('chains Clerk Trigger (user.created) → Create sign-in token → the email step', () => {
		expect(example.name).toBe('New Clerk user → sign-in link');
		expect(trigger.parameters.events).toEqual(['user.created']);
		expect(Object.keys(trigger.credentials ?? {})).toEqual(['clerkWebhookApi']);
		expect(Object.keys(signInToken.credentials ?? {})).toEqual(['clerkApi']);
		expect(signInToken.parameters).toMatchObject({
			operation: 'create',
			user: { __rl: true, mode: 'id', value: '={{ $json.data.id }}' },
			additionalFields: { signInUrl: expect.stringMatching(/^https:\/\//) },
		});
		const next = (name: string) => example.connections[name]?.main?.[0]?.[0]?.node;
		expect(next(trigger.name)).toBe(signInToken.name);
		expect(next(signInToken.name)).toBe('Compose email (replace with Send Email)');
	});

	it("starts from a signed user.created with the new user's id where the next node reads it", async () => {
		const secret = newSigningSecret();
		const body = JSON.stringify(examples['user.created']);
		const [forged, signed] = await withServer(
			trigger.parameters,
			async (server) => [
				await server.post(
					signClerkWebhook(newSigningSecret(), 'msg_example_forged', nowSeconds(), body),
					body,
				),
				await server.post(signClerkWebhook(secret, 'msg_example_signed', nowSeconds(), body), body),
			],
			{ credential: { signingSecret: secret }, workflowId: 'wf-example' },
		);
		expect([forged.status, forged.started]).toEqual([401, undefined]);
		expect(signed.status).toBe(200);
		const data = signed.started![0][0].json.data as { id: string };
		expect(data.id).toBe(examples['user.created'].data.id);
	});
});
