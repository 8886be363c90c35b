import type { EmulatorOrganization, UserSeed } from './types';

/** Clerk-looking id: `<prefix>_2` + a readable stem padded to Clerk's 27 characters, so tests can name it. */
export function seedId(prefix: string, stem: string): string {
	return `${prefix}_2${stem}`.padEnd(prefix.length + 1 + 27, '0');
}

/** Ids of the named seed users, for tests to refer to. */
export const SEED_USER_IDS = {
	ada: seedId('user', 'ada'),
	grace: seedId('user', 'grace'),
	alan: seedId('user', 'alan'),
	katherine: seedId('user', 'katherine'),
	dorothy: seedId('user', 'dorothy'),
	noEmail: seedId('user', 'noemail'),
	banned: seedId('user', 'banned'),
} as const;

export const SEED_ORG_ID = seedId('org', 'analyticalengine');
const GENERATED_USER_COUNT = 23;

const DAY_MS = 86_400_000;
// Fixed origin so every run (and every emulator process) seeds identical objects.
const SEED_EPOCH_MS = Date.UTC(2024, 0, 15, 9, 30, 0);

type SeedPerson = UserSeed & { id: string };

function named(
	key: keyof typeof SEED_USER_IDS,
	first_name: string,
	last_name: string | null,
	email: string | null,
	more: UserSeed = {},
): SeedPerson {
	return { id: SEED_USER_IDS[key], first_name, last_name, email, ...more };
}

const NAMED: SeedPerson[] = [
	named('ada', 'Ada', 'Lovelace', 'ada@example.com', {
		username: 'ada',
		public_metadata: { plan: 'pro' },
	}),
	named('grace', 'Grace', 'Hopper', 'grace@example.com', { username: 'grace' }),
	named('alan', 'Alan', 'Turing', 'alan@example.com', { username: 'alan' }),
	// Two people at one domain, so a partial query ("nasa") matches more than one user.
	named('katherine', 'Katherine', 'Johnson', 'katherine@nasa.example'),
	named('dorothy', 'Dorothy', 'Vaughan', 'dorothy@nasa.example'),
	// Clerk users need not have an email address; lookups by email must not find this one.
	named('noEmail', 'Linus', null, null, { username: 'linus_no_email' }),
	named('banned', 'Mallory', 'Banned', 'mallory@example.org', { banned: true }),
];

function emailAddress(userId: string, email: string, at: number) {
	return {
		id: userId.replace(/^user_/, 'idn_'),
		object: 'email_address' as const,
		email_address: email,
		reserved: false,
		verification: {
			object: 'verification_admin' as const,
			status: 'verified' as const,
			strategy: 'admin' as const,
			attempts: null,
			expire_at: null,
		},
		linked_to: [] as { type: string; id: string }[],
		matches_sso_connection: false,
		created_at: at,
		updated_at: at,
	};
}

/** One of a user's email addresses, with the fields Clerk's EmailAddress schema requires. */
export type EmulatorEmailAddress = ReturnType<typeof emailAddress>;

/** What the spec's User requires and the emulator never varies: every user carries these values. */
const USER_CONSTANTS = {
	object: 'user',
	external_id: null,
	primary_phone_number_id: null,
	primary_web3_wallet_id: null,
	locale: null,
	has_image: false,
	private_metadata: {},
	unsafe_metadata: {},
	phone_numbers: [],
	web3_wallets: [],
	passkeys: [],
	password_enabled: false,
	two_factor_enabled: false,
	totp_enabled: false,
	backup_code_enabled: false,
	mfa_enabled_at: null,
	mfa_disabled_at: null,
	password_last_updated_at: null,
	external_accounts: [],
	saml_accounts: [],
	enterprise_accounts: [],
	last_sign_in_at: null,
	locked: false,
	lockout_expires_in_seconds: null,
	verification_attempts_remaining: null,
	delete_self_enabled: true,
	create_organization_enabled: true,
	create_organizations_limit: null,
	last_active_at: null,
	legal_accepted_at: null,
} as const;

/** A Clerk User object as the emulator sends it (the spec's required fields, checked by the schema tests). */
export type EmulatorUser = typeof USER_CONSTANTS & {
	id: string;
	primary_email_address_id: string | null;
	username: string | null;
	first_name: string | null;
	last_name: string | null;
	image_url: string;
	public_metadata: Record<string, unknown>;
	email_addresses: EmulatorEmailAddress[];
	banned: boolean;
	created_at: number;
	updated_at: number;
};

function toUser(person: SeedPerson, createdAt: number): EmulatorUser {
	const emails = person.email ? [emailAddress(person.id, person.email, createdAt)] : [];
	return {
		id: person.id,
		...USER_CONSTANTS,
		primary_email_address_id: emails[0]?.id ?? null,
		username: person.username ?? null,
		first_name: person.first_name ?? null,
		last_name: person.last_name ?? null,
		image_url: `https://img.clerk.com/emulator/${person.id}.png`,
		public_metadata: person.public_metadata ?? {},
		email_addresses: emails,
		banned: person.banned ?? false,
		created_at: createdAt,
		updated_at: createdAt,
	};
}

const GENERATED: SeedPerson[] = Array.from({ length: GENERATED_USER_COUNT }, (_, i) => {
	const n = String(i + 1).padStart(2, '0');
	const email = `test.user${n}@generated.example`;
	return { id: seedId('user', `gen${n}`), first_name: 'Test', last_name: `User ${n}`, email };
});

/** Fresh copies each call: one emulator's mutations never leak into another's. Seed order = creation order. */
export function seedUsers(): EmulatorUser[] {
	return [...NAMED, ...GENERATED].map((p, i) => toUser(p, SEED_EPOCH_MS + i * DAY_MS));
}

/**
 * Users made from `seeds`, created one second apart after the newest of `existing`, so they list
 * first. Ids left out are numbered after `existing`; emails are not checked for uniqueness, so
 * tests can seed two users sharing one address.
 */
export function usersFromSeeds(
	seeds: readonly UserSeed[],
	existing: readonly EmulatorUser[],
): EmulatorUser[] {
	const newest = Math.max(SEED_EPOCH_MS, ...existing.map((u) => u.created_at));
	return seeds.map((seed, i) => {
		const id = seed.id ?? seedId('user', `added${existing.length + i + 1}`);
		return toUser({ ...seed, id }, newest + (i + 1) * 1000);
	});
}

export function seedOrganizations(): EmulatorOrganization[] {
	return [
		{
			id: SEED_ORG_ID,
			name: 'Analytical Engine Society',
			memberUserIds: [SEED_USER_IDS.ada, SEED_USER_IDS.grace, SEED_USER_IDS.alan],
		},
	];
}
