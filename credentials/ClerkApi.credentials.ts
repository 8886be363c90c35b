import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_API_URL, USERS_PATH } from '../nodes/ClerkSignInToken/api/constants';

export class ClerkApi implements ICredentialType {
	name = 'clerkApi';

	displayName = 'Clerk API';

	icon: Icon = {
		light: 'file:../nodes/ClerkSignInToken/clerk.svg',
		dark: 'file:../nodes/ClerkSignInToken/clerk.dark.svg',
	};

	documentationUrl = 'https://clerk.com/docs/reference/backend-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk_live_…',
			description:
				"Your instance's secret key, from Clerk Dashboard → API Keys. It starts with sk_test_ (development instance) or sk_live_ (production instance).",
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_API_URL,
			description:
				'Clerk Backend API base URL. Keep the default unless you use a proxy or the Clerk emulator; https://api.clerk.dev/v1 is the legacy host.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '',
			placeholder: '2025-11-10',
			description:
				"Optional. Pins the Backend API version, sent as the Clerk-API-Version header. Leave empty to use your instance's default.",
		},
	];

	// A function rather than a generic header block: the version header is only sent when set,
	// and a key pasted with stray whitespace still authenticates.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const headers: Record<string, string> = {
			...(requestOptions.headers as Record<string, string> | undefined),
			Authorization: `Bearer ${String(credentials.secretKey ?? '').trim()}`,
		};
		const apiVersion = String(credentials.apiVersion ?? '').trim();
		if (apiVersion) headers['Clerk-API-Version'] = apiVersion;
		return { ...requestOptions, headers };
	};

	// The cheapest authenticated read: a wrong or revoked key answers 401 here.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ (String($credentials.baseUrl || "").trim() || "${DEFAULT_API_URL}").replace(/\\/+$/, "") }}`,
			url: USERS_PATH,
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Clerk rejected the secret key (HTTP 401). Paste the secret key from Clerk Dashboard → API Keys; it starts with sk_test_ or sk_live_.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `Clerk's API was not found at this API URL (HTTP 404). Use ${DEFAULT_API_URL}.`,
				},
			},
		],
	};
}
