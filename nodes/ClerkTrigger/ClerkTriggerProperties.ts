import type { INodeProperties } from 'n8n-workflow';

import { ANY_EVENT, CLERK_EVENTS } from './clerkEvents';

export const clerkTriggerProperties: INodeProperties[] = [
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
			...CLERK_EVENTS,
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
				description:
					'Whether to add the HTTP headers of the delivery to the output as `headers`. Headers that can carry credentials are left out: any whose name contains auth, cookie, token, secret, password, api-key (or apikey, api_key), session, csrf, xsrf or signature, such as Authorization, Cookie, Set-Cookie, Proxy-Authorization, X-API-Key and the Svix signature.',
			},
		],
	},
];
