import { parseArgs } from 'node:util';
import { DEFAULT_CLI_PORT, DEFAULT_HOST, DEFAULT_SECRET_KEY } from './defaults';
import type { EmulatorOptions, RateLimit } from './types';

export const CLI_USAGE = `Usage: npm run emulator -- [options]
  --port N              listen port (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host ADDR           listen address (default ${DEFAULT_HOST})
  --key SK              accepted secret key; repeat for several (default ${DEFAULT_SECRET_KEY})
  --rate-limit N/10s    sliding-window limit per key, e.g. 100/10s, 1000/10s, 5/500ms (default none)
  --latency MS          delay added before every /v1 response (default 0)
  --no-record           keep no request records or arrival times (long or heavy runs)
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

function nonNegativeNumber(flag: string, value: string): number {
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
		throw new Error(`${flag} expects a number >= 0, got "${value}"`);
	}
	return n;
}

export type CliCommand =
	| { help: true }
	| { help: false; options: EmulatorOptions & { port: number } };

function readFlags(argv: readonly string[]) {
	return parseArgs({
		args: [...argv],
		options: {
			help: { type: 'boolean', short: 'h' },
			port: { type: 'string' },
			host: { type: 'string' },
			key: { type: 'string', multiple: true },
			'rate-limit': { type: 'string' },
			latency: { type: 'string' },
			'no-record': { type: 'boolean' },
		},
	});
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
	let values: ReturnType<typeof readFlags>['values'];
	try {
		values = readFlags(argv).values;
	} catch (error) {
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n${CLI_USAGE}`);
	}
	if (values.help) return { help: true };
	const options: EmulatorOptions & { port: number } = { port: DEFAULT_CLI_PORT };
	if (values.port !== undefined) options.port = nonNegativeNumber('--port', values.port);
	if (values.host !== undefined) options.host = values.host;
	if (values.key !== undefined) options.secretKeys = values.key;
	if (values['rate-limit'] !== undefined) options.rateLimit = parseRateLimit(values['rate-limit']);
	if (values.latency !== undefined)
		options.latencyMs = nonNegativeNumber('--latency', values.latency);
	if (values['no-record']) {
		options.recordRequests = false;
		options.recordArrivals = false;
	}
	return { help: false, options };
}
