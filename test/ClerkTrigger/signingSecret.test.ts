import { parseSigningSecret, SigningSecretError } from '../../nodes/ClerkTrigger/signingSecret';
import { newSigningSecret } from '../../emulator/webhooks/secrets';

/** The error parseSigningSecret throws for `value`. */
function refusal(value: unknown): SigningSecretError {
	try {
		parseSigningSecret(value);
	} catch (error) {
		expect(error).toBeInstanceOf(SigningSecretError);
		return error as SigningSecretError;
	}
	throw new Error('the secret was accepted');
}

describe('parseSigningSecret', () => {
	it('decodes the base64 after whsec_ into the HMAC key', () => {
		const key = Buffer.alloc(24, 7);
		expect(parseSigningSecret(`whsec_${key.toString('base64')}`)).toEqual(key);
	});

	it('tolerates the spaces and newline a copy-paste brings along', () => {
		const secret = newSigningSecret();
		expect(parseSigningSecret(`  ${secret}\n`)).toEqual(parseSigningSecret(secret));
	});

	it.each([
		['an empty value', '', /is empty/],
		['no value at all', undefined, /is empty/],
		[
			'a secret without the whsec_ prefix',
			Buffer.alloc(24, 1).toString('base64'),
			/must start with "whsec_"/,
		],
		[
			'a Clerk secret key pasted by mistake',
			'sk_test_abcdefghijklmnopqrstuvwxyz',
			/must start with "whsec_"/,
		],
		['characters outside base64', 'whsec_abc$def!ghijklmnopqrstuvwxyz012', /not valid base64/],
		['a truncated secret', 'whsec_AAAAAAAA', /too short/],
		[
			'a secret of 21 bytes (three cut off)',
			`whsec_${Buffer.alloc(21, 7).toString('base64')}`,
			/too short: it holds 21 bytes, and Clerk's are at least 24/,
		],
	])('rejects %s with a message that says where to find the right one', (_case, value, reason) => {
		const { message } = refusal(value);
		expect(message).toMatch(reason);
		expect(message).toContain('Clerk Dashboard → Webhooks');
	});

	it('never repeats the secret in its message', () => {
		const damaged = 'whsec_c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw$$';
		expect(refusal(damaged).message).not.toContain('c2VjcmV0');
	});
});
