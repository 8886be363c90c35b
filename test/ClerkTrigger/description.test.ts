import { ClerkTrigger } from '../../nodes/ClerkTrigger/ClerkTrigger.node';
import eventTypes from './fixtures/clerkWebhookEventTypes.json';

const { description } = new ClerkTrigger();

describe('Clerk Trigger description', () => {
	it('offers every event type of Clerk webhooks spec 2025-04-15, plus Any Event', () => {
		const events = description.properties.find((property) => property.name === 'events');
		const values = (events?.options ?? []).map((option) =>
			'value' in option ? option.value : undefined,
		);
		expect(values[0]).toBe('*');
		expect(values.slice(1)).toEqual(eventTypes);
	});

	it("labels each event in Title Case, as n8n labels options; the value stays Clerk's event type", () => {
		const events = description.properties.find((property) => property.name === 'events');
		const labels = Object.fromEntries(
			(events?.options ?? []).map((option) => ['value' in option ? option.value : '', option.name]),
		);
		expect(labels['user.created']).toBe('User Created');
		expect(labels['organizationInvitation.accepted']).toBe('Organization Invitation Accepted');
		expect(labels['subscriptionItem.freeTrialEnding']).toBe('Subscription Item Free Trial Ending');
		expect(labels['sms.created']).toBe('SMS Created');
	});

	it('listens for POST on one webhook, answered by the node itself as soon as it is verified', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		]);
	});

	it('is a trigger: no inputs, trigger group, not usable as an AI tool', () => {
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.usableAsTool).toBeUndefined();
	});

	it('tells the user in the panel what to paste where', () => {
		const notice = description.properties.find((property) => property.type === 'notice');
		expect(notice?.displayName).toMatch(/Clerk Dashboard → Webhooks/);
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Signing Secret/);
	});
});
