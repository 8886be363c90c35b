import type { EmulatorEmailAddress, EmulatorOrganization, EmulatorUser, UserSeed } from './types';

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

const NAMED: SeedPerson[] = [
	{
		id: SEED_USER_IDS.ada,
		first_name: 'Ada',
		last_name: 'Lovelace',
		email: 'ada@example.com',
		username: 'ada',
		public_metadata: { plan: 'pro' },
	},
	{
		id: SEED_USER_IDS.grace,
		first_name: 'Grace',
		last_name: 'Hopper',
		email: 'grace@example.com',
		username: 'grace',
	},
	{
		id: SEED_USER_IDS.alan,
		first_name: 'Alan',
		last_name: 'Turing',
		email: 'alan@example.com',
		username: 'alan',
	},
	// Two people at one domain, so a partial query ("nasa") matches more than one user.
	{
		id: SEED_USER_IDS.katherine,
		first_name: 'Katherine',
		last_name: 'Johnson',
		email: 'katherine@nasa.example',
	},
	{
		id: SEED_USER_IDS.dorothy,
		first_name: 'Dorothy',
		last_name: 'Vaughan',
		email: 'dorothy@nasa.example',
	},
	// Clerk users need not have an email address; lookups by email must not find this one.
	{
		id: SEED_USER_IDS.noEmail,
		first_name: 'Linus',
		last_name: null,
		email: null,
		username: 'linus_no_email',
	},
	{
		id: SEED_USER_IDS.banned,
		first_name: 'Mallory',
		last_name: 'Banned',
		email: 'mallory@example.org',
		banned: true,
	},
];

function emailAddress(userId: string, email: string, at: number): EmulatorEmailAddress {
	return {
		id: userId.replace(/^user_/, 'idn_'),
		object: 'email_address',
		email_address: email,
		reserved: false,
		verification: {
			object: 'verification_admin',
			status: 'verified',
			strategy: 'admin',
			attempts: null,
			expire_at: null,
		},
		linked_to: [],
		matches_sso_connection: false,
		created_at: at,
		updated_at: at,
	};
}

function toUser(person: SeedPerson, createdAt: number): EmulatorUser {
	const emails = person.email ? [emailAddress(person.id, person.email, createdAt)] : [];
	return {
		id: person.id,
		object: 'user',
		external_id: null,
		primary_email_address_id: emails[0]?.id ?? null,
		primary_phone_number_id: null,
		primary_web3_wallet_id: null,
		username: person.username ?? null,
		first_name: person.first_name ?? null,
		last_name: person.last_name ?? null,
		locale: null,
		image_url: `https://img.clerk.com/emulator/${person.id}.png`,
		has_image: false,
		public_metadata: person.public_metadata ?? {},
		private_metadata: {},
		unsafe_metadata: {},
		email_addresses: emails,
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
		banned: person.banned ?? false,
		locked: false,
		lockout_expires_in_seconds: null,
		verification_attempts_remaining: null,
		created_at: createdAt,
		updated_at: createdAt,
		delete_self_enabled: true,
		create_organization_enabled: true,
		create_organizations_limit: null,
		last_active_at: null,
		legal_accepted_at: null,
	};
}

function generatedPeople(): SeedPerson[] {
	const people: SeedPerson[] = [];
	for (let i = 1; i <= GENERATED_USER_COUNT; i++) {
		const n = String(i).padStart(2, '0');
		people.push({
			id: seedId('user', `gen${n}`),
			first_name: 'Test',
			last_name: `User ${n}`,
			email: `test.user${n}@generated.example`,
		});
	}
	return people;
}

/** Fresh copies each call: one emulator's mutations never leak into another's. Seed order = creation order. */
export function seedUsers(): EmulatorUser[] {
	return [...NAMED, ...generatedPeople()].map((p, i) => toUser(p, SEED_EPOCH_MS + i * DAY_MS));
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
