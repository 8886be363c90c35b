import { CLI_USAGE, parseCliArgs } from './cliArgs';
import { ADMIN_PREFIX } from './defaults';
import { startClerkEmulator } from './index';

async function main(): Promise<void> {
	const command = parseCliArgs(process.argv.slice(2));
	if (command.help) {
		console.log(CLI_USAGE);
		return;
	}
	const { options } = command;
	const emulator = await startClerkEmulator(options);
	const keys = options.secretKeys ?? [emulator.secretKey];
	const limit = options.rateLimit
		? `${options.rateLimit.limit} per ${options.rateLimit.windowMs} ms per key`
		: 'none';
	console.log(`Clerk Backend API emulator`);
	console.log(`API URL:     ${emulator.apiUrl}`);
	console.log(
		`Admin:       ${emulator.url}${ADMIN_PREFIX}/ (requests, arrivals, counters, faults, config, reset, users, tokens)`,
	);
	for (const key of keys) console.log(`Secret key:  ${key}`);
	console.log(`Rate limit:  ${limit}`);
	console.log(`Latency:     ${options.latencyMs ?? 0} ms`);
	console.log(`Seeded users (${emulator.users.length}):`);
	for (const user of emulator.users) {
		const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
		const email = user.email_addresses[0]?.email_address ?? '(no email)';
		console.log(`  ${user.id}  ${email.padEnd(32)} ${name}`);
	}
	for (const org of emulator.organizations) {
		console.log(`Organization: ${org.id}  ${org.name}  members: ${org.memberUserIds.join(', ')}`);
	}
	// A line scripts can wait for and parse.
	console.log(`READY ${emulator.apiUrl}`);

	let stopping = false;
	const stop = (reason: string): void => {
		if (stopping) return;
		stopping = true;
		console.log(`${reason}: stopping emulator`);
		emulator.close().then(
			() => process.exit(0),
			(err: unknown) => {
				console.error(err);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	// Started with an IPC channel (startEmulatorProcess): the parent's death closes it, so no
	// emulator outlives the benchmark or test that started it.
	process.on('disconnect', () => stop('parent process gone'));
}

main().catch((err: unknown) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
