import type { INodeProperties } from 'n8n-workflow';

import { ANY_EVENT, CLERK_EVENTS } from './eventTypes';
import { KEPT_HEADER_PREFIXES, KEPT_HEADERS, SENSITIVE_HEADER_PARTS } from './requestHeaders';

const ACRONYMS: Record<string, string> = { sms: 'SMS' };

/** "organizationInvitation.accepted" → "Organization Invitation Accepted", as n8n labels options. */
function eventLabel(type: string): string {
	return type
		.split(/[._]|(?=[A-Z])/)
		.filter(Boolean)
		.map((word) => ACRONYMS[word] ?? word[0].toUpperCase() + word.slice(1))
		.join(' ');
}

/** The node's parameters, in the order the panel shows them. */
export const properties: INodeProperties[] = [
	{
		displayName:
			'Clerk cannot be subscribed from n8n: in Clerk Dashboard → Webhooks → Add Endpoint, paste this node\'s Production URL (the Test URL only while "Listening for test event"), subscribe to the same events as below, create the endpoint, then copy its Signing Secret (whsec_…) into this node\'s credential. Requests without a valid Svix signature are answered 401 and start nothing.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'Which Clerk event types start the workflow. Others are answered 200 and start nothing.',
		options: [
			{
				name: 'Any Event',
				value: ANY_EVENT,
				description: 'Every event Clerk sends to this endpoint, including types added later',
			},
			...CLERK_EVENTS.map((event) => ({ ...event, name: eventLabel(String(event.value)) })),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Request Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description: `Whether to add the delivery's HTTP headers to the output as \`headers\`. Only these are kept: ${KEPT_HEADERS.join(', ')}, and those starting with ${KEPT_HEADER_PREFIXES.join(', ')}; never one whose name contains ${SENSITIVE_HEADER_PARTS.join(', ')} (such as svix-signature).`,
			},
		],
	},
];
