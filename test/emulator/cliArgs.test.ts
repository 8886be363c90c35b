import { parseCliArgs, parseRateLimit } from '../../emulator/cliArgs';

describe('emulator CLI arguments', () => {
	it('defaults to port 4010 and nothing else', () => {
		expect(parseCliArgs([])).toEqual({ help: false, options: { port: 4010 } });
	});

	it('reads every flag, with repeated keys and --flag=value', () => {
		const argv = '--port 0 --host=127.0.0.2 --key sk_a --key=sk_b --rate-limit 100/10s --latency 5';
		expect(parseCliArgs([...argv.split(' '), '--no-record'])).toEqual({
			help: false,
			options: {
				port: 0,
				host: '127.0.0.2',
				secretKeys: ['sk_a', 'sk_b'],
				rateLimit: { limit: 100, windowMs: 10_000 },
				latencyMs: 5,
				recordRequests: false,
				recordArrivals: false,
			},
		});
	});

	it.each([
		['1000/10s', { limit: 1000, windowMs: 10_000 }],
		['5/500ms', { limit: 5, windowMs: 500 }],
		['60/1m', { limit: 60, windowMs: 60_000 }],
		['3/2', { limit: 3, windowMs: 2_000 }],
	])('parses --rate-limit %s', (text, expected) => {
		expect(parseRateLimit(text)).toEqual(expected);
	});

	it.each([['100'], ['0/10s'], ['x/10s'], ['10/0s']])('rejects --rate-limit %s', (text) => {
		expect(() => parseRateLimit(text)).toThrow();
	});

	it('rejects unknown flags and bad numbers', () => {
		expect(() => parseCliArgs(['--prot', '1'])).toThrow(
			/Unknown option '--prot'[^]*Usage: npm run emulator/,
		);
		expect(() => parseCliArgs(['--latency', '-3'])).toThrow();
		expect(() => parseCliArgs(['--port'])).toThrow();
	});

	it('--help asks for usage', () => {
		expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ help: true });
	});
});
