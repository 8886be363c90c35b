/** The credential type every Clerk call authenticates with. */
export const CREDENTIAL_TYPE = 'clerkApi';

/** The prefixes of the Clerk IDs the node takes, as in user_2abc…, sit_2abc…, org_2abc…. */
export const CLERK_ID_PREFIX = { user: 'user', signInToken: 'sit', organization: 'org' } as const;

/** Clerk's Backend API, used when the credential's API URL is empty. */
export const DEFAULT_API_URL = 'https://api.clerk.com/v1';

/** Clerk counts requests per secret key in a sliding window of this length. */
export const CLERK_RATE_WINDOW_MS = 10_000;

/** `GET /users`: also the credential test's request, the cheapest authenticated read. */
export const USERS_PATH = '/users';
