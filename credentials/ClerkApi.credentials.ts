import { UserError } from 'n8n-workflow';
import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { API_URL_EXPRESSION, checkApiUrl } from '../nodes/ClerkSignInToken/api/apiUrl';
import { DEFAULT_API_URL, USERS_PATH } from '../nodes/ClerkSignInToken/api/constants';
import { redact } from '../nodes/ClerkSignInToken/api/redact';
import { explainApiUrlProblem } from '../nodes/ClerkSignInToken/errors';

/** Clerk's API never redirects: a 3xx comes from a wrong API URL or from someone in between. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

function redirectRule(value: number): IAuthenticateRuleResponseCode {
	return {
		type: 'responseCode',
		properties: {
			value,
			message: `The API URL answered with a redirect (HTTP ${value}), which was not followed: Clerk's API does not redirect. Set API URL to ${DEFAULT_API_URL}, or to a proxy that forwards requests without redirecting.`,
		},
	};
}

export class ClerkApi implements ICredentialType {
	// A literal (CREDENTIAL_TYPE in the node's code): n8n's scanner reads the name from this text.
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
			placeholder: 'e.g. sk_live_…',
			description:
				"Your instance's secret key, from Clerk Dashboard → API Keys. It starts with sk_test_ (development instance) or sk_live_ (production instance).",
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_API_URL,
			placeholder: `e.g. ${DEFAULT_API_URL}`,
			description:
				'Clerk Backend API base URL. Keep the default unless you use a proxy or the Clerk emulator; https://api.clerk.dev/v1 is the legacy host. Must be https:// (http:// only for localhost), without user:password@, ?query or #fragment.',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2025-11-10',
			description:
				"Optional. Pins the Backend API version, sent as the Clerk-API-Version header. Leave empty to use your instance's default.",
		},
	];

	// A function rather than a generic header block: the version header is only sent when set,
	// a key pasted with stray whitespace still authenticates, and the key is never sent to an API
	// URL the node would refuse (the credential test included).
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const apiUrl = checkApiUrl(credentials.baseUrl);
		if ('problem' in apiUrl) {
			const { message, fix } = explainApiUrlProblem(apiUrl.problem);
			// The URL field may hold a pasted secret key: the message quotes what was typed.
			throw new UserError(redact(`${message}. ${fix}`));
		}
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
			// n8n resolves it from $credentials; apiUrl.ts says why it is an expression, and keeps it in
			// step with checkApiUrl.
			baseURL: API_URL_EXPRESSION,
			url: USERS_PATH,
			method: 'GET',
			qs: { limit: 1 },
			// Without these n8n follows a redirect and sends the key along to wherever it points.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: [
			...REDIRECT_STATUSES.map(redirectRule),
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
