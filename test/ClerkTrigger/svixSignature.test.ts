import { Webhook } from 'svix';

import { parseSigningSecret } from '../../nodes/ClerkTrigger/signingSecret';
import {
	computeSvixSignature,
	verifySvixSignature,
	type SvixHeaders,
} from '../../nodes/ClerkTrigger/svixSignature';
import examples from '../../emulator/webhooks/clerkWebhookExamples.json';
import { newSigningSecret, nowSeconds } from '../../emulator/webhooks/secrets';
import { signClerkWebhook } from '../../emulator/webhooks/sign';

const body = Buffer.from(JSON.stringify(examples['user.created']));

function asSvixHeaders(headers: Record<string, string>): SvixHeaders {
	return {
		id: headers['svix-id'],
		timestamp: headers['svix-timestamp'],
		signature: headers['svix-signature'],
	};
}

function verify(
	secret: string,
	headers: Record<string, string>,
	payload: Buffer,
	now = nowSeconds(),
) {
	return verifySvixSignature(parseSigningSecret(secret), asSvixHeaders(headers), payload, now);
}

describe('verifySvixSignature, checked against signatures made by the svix library', () => {
	const secret = newSigningSecret();

	it('accepts a delivery signed with the endpoint secret', () => {
		const headers = signClerkWebhook(secret, 'msg_valid', nowSeconds(), body);
		expect(verify(secret, headers, body)).toEqual({
			valid: true,
			id: 'msg_valid',
			timestamp: Number(headers['svix-timestamp']),
		});
	});

	it('computes the same v1 signature as svix for the same content', () => {
		const sentAt = nowSeconds();
		const reference = new Webhook(secret).sign('msg_same', new Date(sentAt * 1000), body);
		expect(`v1,${computeSvixSignature(parseSigningSecret(secret), 'msg_same', sentAt, body)}`).toBe(
			reference,
		);
	});

	it('agrees with svix that its own accepted delivery is valid', () => {
		const headers = signClerkWebhook(secret, 'msg_agree', nowSeconds(), body);
		expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
		expect(verify(secret, headers, body).valid).toBe(true);
	});

	it('accepts a header carrying several signatures when one of them is valid', () => {
		const headers = signClerkWebhook(secret, 'msg_rotated', nowSeconds(), body);
		const other = signClerkWebhook(newSigningSecret(), 'msg_rotated', nowSeconds(), body);
		headers['svix-signature'] = [
			'v1a,ignored-other-scheme',
			other['svix-signature'],
			headers['svix-signature'],
		].join(' ');
		expect(verify(secret, headers, body).valid).toBe(true);
	});

	it('refuses a header whose signatures are all made with other secrets', () => {
		const headers = signClerkWebhook(newSigningSecret(), 'msg_multi', nowSeconds(), body);
		const another = signClerkWebhook(newSigningSecret(), 'msg_multi', nowSeconds(), body);
		headers['svix-signature'] = `${headers['svix-signature']} ${another['svix-signature']}`;
		expect(verify(secret, headers, body)).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('refuses the right HMAC under any version but v1 (v1a is asymmetric, others unknown)', () => {
		const headers = signClerkWebhook(secret, 'msg_scheme', nowSeconds(), body);
		const hmac = headers['svix-signature'].slice('v1,'.length);
		for (const scheme of ['v1a', 'v2', 'V1', '', 'v1 ']) {
			expect(verify(secret, { ...headers, 'svix-signature': `${scheme},${hmac}` }, body)).toEqual({
				valid: false,
				reason: 'no-matching-signature',
			});
		}
		expect(verify(secret, { ...headers, 'svix-signature': hmac }, body).valid).toBe(false);
	});

	it('refuses a delivery signed with another secret', () => {
		const headers = signClerkWebhook(newSigningSecret(), 'msg_wrong', nowSeconds(), body);
		expect(verify(secret, headers, body)).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('refuses a body changed by one byte', () => {
		const headers = signClerkWebhook(secret, 'msg_tampered', nowSeconds(), body);
		const tampered = Buffer.from(body);
		tampered[tampered.length - 2] ^= 0x01;
		expect(verify(secret, headers, tampered)).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('refuses the same JSON re-serialised with other spacing', () => {
		const headers = signClerkWebhook(secret, 'msg_spacing', nowSeconds(), body);
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
		expect(JSON.parse(reserialised.toString())).toEqual(JSON.parse(body.toString()));
		expect(verify(secret, headers, reserialised)).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('refuses a signature that reuses the id but claims another timestamp', () => {
		const sentAt = nowSeconds();
		const headers = signClerkWebhook(secret, 'msg_moved', sentAt, body);
		headers['svix-timestamp'] = String(sentAt - 1);
		expect(verify(secret, headers, body)).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('accepts timestamps up to 5 minutes off in either direction', () => {
		const now = nowSeconds();
		expect(
			verify(secret, signClerkWebhook(secret, 'msg_old_ok', now - 300, body), body, now).valid,
		).toBe(true);
		expect(
			verify(secret, signClerkWebhook(secret, 'msg_new_ok', now + 300, body), body, now).valid,
		).toBe(true);
	});

	it('refuses a stale timestamp, even with a valid signature', () => {
		const now = nowSeconds();
		const headers = signClerkWebhook(secret, 'msg_stale', now - 301, body);
		expect(verify(secret, headers, body, now)).toEqual({
			valid: false,
			reason: 'timestamp-too-old',
		});
	});

	it('refuses a timestamp from the future, even with a valid signature', () => {
		const now = nowSeconds();
		const headers = signClerkWebhook(secret, 'msg_future', now + 301, body);
		expect(verify(secret, headers, body, now)).toEqual({
			valid: false,
			reason: 'timestamp-too-new',
		});
	});

	it('refuses a timestamp that is not a plain number of seconds', () => {
		const headers = signClerkWebhook(secret, 'msg_iso', nowSeconds(), body);
		headers['svix-timestamp'] = new Date().toISOString();
		expect(verify(secret, headers, body)).toEqual({ valid: false, reason: 'malformed-timestamp' });
	});

	it.each(['svix-id', 'svix-timestamp', 'svix-signature'])(
		'refuses a delivery without %s',
		(name) => {
			const headers = signClerkWebhook(secret, 'msg_missing', nowSeconds(), body);
			delete headers[name];
			expect(verify(secret, headers, body)).toEqual({ valid: false, reason: 'missing-headers' });
		},
	);

	it('verifies a signed non-JSON body over its bytes (parsing is not its job)', () => {
		const notJson = Buffer.from('this is not json');
		const headers = signClerkWebhook(secret, 'msg_text', nowSeconds(), notJson);
		expect(verify(secret, headers, notJson).valid).toBe(true);
		expect(verify(secret, headers, Buffer.from('this is not json!')).valid).toBe(false);
	});
});
