/**
 * Prints what verification costs: deliveries verified per second for Clerk's user.created example,
 * and the heap held by a full replay cache. Run: npx ts-node --transpile-only test/trigger/bench-verification.ts
 */
import { ReplayCache } from '../../nodes/ClerkTrigger/replayCache';
import { parseSigningSecret } from '../../nodes/ClerkTrigger/signingSecret';
import { verifySvixSignature } from '../../nodes/ClerkTrigger/svixSignature';
import examples from './fixtures/clerk-webhook-examples.json';
import { newSigningSecret, nowSeconds } from './secrets';
import { signClerkWebhook } from './sign';

const ROUNDS = 20_000;
const secret = newSigningSecret();
const key = parseSigningSecret(secret);
const body = Buffer.from(JSON.stringify(examples['user.created']));
const signed = signClerkWebhook(secret, 'msg_bench', nowSeconds(), body);
const headers = {
	id: signed['svix-id'],
	timestamp: signed['svix-timestamp'],
	signature: signed['svix-signature'],
};

const started = process.hrtime.bigint();
for (let i = 0; i < ROUNDS; i++) {
	if (!verifySvixSignature(key, headers, body, nowSeconds()).valid)
		throw new Error('bench signature invalid');
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
	`verify: ${ROUNDS} deliveries of ${body.length} bytes in ${seconds.toFixed(3)} s = ${Math.round(ROUNDS / seconds)}/s`,
);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().heapUsed;
const cache = new ReplayCache(10_000, 600_000);
for (let i = 0; i < 20_000; i++) {
	cache.firstSighting(
		`wf-0123456789abcdef/node-0123-4567-89ab/webhook/msg_2g7np7Hrk0SN6kj5EDMLDa${i}`,
		i,
	);
}
gc?.();
const held = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
console.log(
	`replay cache: ${cache.size} ids held (cap ${cache.maxEntries}), ~${held.toFixed(2)} MiB heap${gc ? '' : ' (run with --expose-gc for a steadier figure)'}`,
);
