import type { EmulatorOptions, RateLimit } from './types';

export const CLI_USAGE = `Usage: npm run emulator -- [options]
  --port N              listen port (default 4010; 0 = any free port)
  --host ADDR           listen address (default 127.0.0.1)
  --key SK              accepted secret key; repeat for several (default sk_test_emulator_0123456789abcdef)
  --rate-limit N/10s    sliding-window limit per key, e.g. 100/10s, 1000/10s, 5/500ms (default none)
  --latency MS          delay added before every /v1 response (default 0)
  --no-record           do not keep request records (long or heavy runs)
  --help                this text`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** "100/10s" -> { limit: 100, windowMs: 10000 }; a bare window number means seconds. */
export function parseRateLimit(text: string): RateLimit {
	const match = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
	if (!match) throw new Error(`--rate-limit expects N/WINDOW like 100/10s, got "${text}"`);
	const limit = Number(match[1]);
	const windowMs = Number(match[2]) * UNIT_MS[match[3] ?? 's'];
	if (limit < 1 || windowMs <= 0)
		throw new Error(`--rate-limit needs N >= 1 and a positive window, got "${text}"`);
	return { limit, windowMs };
}

function nonNegativeNumber(flag: string, value: string | undefined): number {
	const n = Number(value);
	if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0) {
		throw new Error(`${flag} expects a number >= 0, got "${value ?? ''}"`);
	}
	return n;
}

export type CliCommand =
	| { help: true }
	| { help: false; options: EmulatorOptions & { port: number } };

export function parseCliArgs(argv: readonly string[]): CliCommand {
	const options: EmulatorOptions & { port: number } = { port: 4010 };
	const keys: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] =
			arg.startsWith('--') && arg.includes('=')
				? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
				: [arg, undefined];
		const value = (): string | undefined => inline ?? argv[++i];
		switch (flag) {
			case '--help':
			case '-h':
				return { help: true };
			case '--port':
				options.port = nonNegativeNumber(flag, value());
				break;
			case '--host':
				options.host = value();
				break;
			case '--key': {
				const key = value();
				if (!key) throw new Error('--key expects a secret key');
				keys.push(key);
				break;
			}
			case '--rate-limit':
				options.rateLimit = parseRateLimit(value() ?? '');
				break;
			case '--latency':
				options.latencyMs = nonNegativeNumber(flag, value());
				break;
			case '--no-record':
				options.recordRequests = false;
				break;
			default:
				throw new Error(`unknown argument "${arg}"\n${CLI_USAGE}`);
		}
	}
	if (keys.length > 0) options.secretKeys = keys;
	return { help: false, options };
}
