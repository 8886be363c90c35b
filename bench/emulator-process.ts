// Runs the Clerk emulator in its own process, so the node under test has a core to itself and the
// emulator's token store does not count towards the node's memory. Controlled over the emulator's
// own admin routes; prints one READY line for the parent.
import { startClerkEmulator } from '../test/emulator';
import type { Counters, EmulatorUser } from '../test/emulator';

import { benchEmail, benchEmailId, benchUserId } from './bench-users';

async function main(): Promise<void> {
	const extraUsers = Number(process.argv[2] ?? 0);
	const emulator = await startClerkEmulator({ recordRequests: false });
	const template = emulator.users[0];
	for (let i = 0; i < extraUsers; i++) emulator.users.push(benchUser(template, i));
	const arrivals = recordArrivals(emulator.counters);
	// The parent asks for arrival times over IPC: the admin routes have no clock of their own.
	process.on('message', (message: { type?: string }) => {
		if (message.type === 'arrivals')
			process.send?.({ type: 'arrivals', times: arrivals.splice(0) });
	});
	console.log(
		`READY ${JSON.stringify({ apiUrl: emulator.apiUrl, url: emulator.url, secretKey: emulator.secretKey })}`,
	);
	const stop = (): void => {
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	process.on('disconnect', stop);
}

/** When each /v1 request arrived: the emulator counts it on arrival, before any latency. */
function recordArrivals(counters: Counters): number[] {
	const arrivals: number[] = [];
	let total = counters.total;
	Object.defineProperty(counters, 'total', {
		enumerable: true,
		get: () => total,
		set: (value: number) => {
			if (value > total) arrivals.push(Date.now());
			total = value;
		},
	});
	return arrivals;
}

function benchUser(template: EmulatorUser, index: number): EmulatorUser {
	const id = benchUserId(index);
	const address = template.email_addresses[0];
	const emailId = benchEmailId(index);
	return {
		...template,
		id,
		username: null,
		first_name: 'Bench',
		last_name: `User ${index}`,
		primary_email_address_id: emailId,
		email_addresses: [{ ...address, id: emailId, email_address: benchEmail(index) }],
		created_at: template.created_at + 1000 + index,
		updated_at: template.created_at + 1000 + index,
	};
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
