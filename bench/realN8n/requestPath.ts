// `npx ts-node --transpile-only bench/realN8n/requestPath.ts`: the CPU n8n 1.123.81's own request
// functions spend per request against the emulator (40 ms latency), outside any workflow: the
// path the Clerk node goes through (`httpRequest`, with the execution's abort signal and a
// timeout, as `httpRequestWithAuthentication` calls it) and the path the HTTP Request node goes
// through (`proxyRequestToAxios`, neither), at 100 and 1,000 requests in flight. It explains what
// is left of R-P3's gap on n8n 1.x; see docs/profile-real-n8n.md.
import { runMain } from '../env';

import { setMaxListeners } from 'node:events';
import path from 'node:path';

import { cacheRoot } from '../../n8nLab/lines';
import { setUp, startBenchEmulator, userIds, type BenchEmulator } from '../emulator';
import { alternate, benchRuns, median, spread } from '../runs';

const REQUESTS = 1000;
const ROUNDS = benchRuns(5);

interface RequestFunctions {
	httpRequest(options: Record<string, unknown>): Promise<unknown>;
	proxyRequestToAxios(
		workflow: undefined,
		additionalData: undefined,
		node: undefined,
		options: Record<string, unknown>,
	): Promise<unknown>;
}

const modulePath = path.join(
	cacheRoot,
	'n8n-1.123.81/node_modules/n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions.js',
);

type Path = 'httpRequest' | 'proxyRequestToAxios';

async function cpuPerRequest(
	fns: RequestFunctions,
	emulator: BenchEmulator,
	kind: Path,
	inFlight: number,
): Promise<number> {
	await setUp(emulator, { rateLimit: null, latencyMs: 40 });
	const ids = userIds(REQUESTS);
	const url = `${emulator.apiUrl}/sign_in_tokens`;
	const headers = { Authorization: `Bearer ${emulator.secretKey}` };
	// One signal for every request, as n8n hands each request its execution's cancel signal.
	const cancel = new AbortController();
	setMaxListeners(0, cancel.signal);
	let next = 0;
	const send = async (): Promise<void> => {
		for (let i = next++; i < ids.length; i = next++) {
			const body = { user_id: ids[i], expires_in_seconds: 3600 };
			if (kind === 'httpRequest')
				await fns.httpRequest({
					method: 'POST',
					url,
					body,
					headers,
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: 30_000,
					abortSignal: cancel.signal,
				});
			else
				await fns.proxyRequestToAxios(undefined, undefined, undefined, {
					method: 'POST',
					uri: url,
					body,
					headers,
					json: true,
				});
		}
	};
	const before = process.cpuUsage();
	await Promise.all(Array.from({ length: inFlight }, send));
	const used = process.cpuUsage(before);
	return (used.user + used.system) / 1000 / REQUESTS;
}

async function main(): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n 1.x's own module, loaded from its install
	const fns = require(modulePath) as RequestFunctions;
	const emulator = await startBenchEmulator(0);
	const cases = ([100, 1000] as const).flatMap((inFlight) =>
		(['httpRequest', 'proxyRequestToAxios'] as const).map((kind) => ({
			key: `${kind}, ${inFlight} in flight`,
			kind,
			inFlight,
		})),
	);
	const figures = await alternate(cases, ROUNDS, async (c) =>
		cpuPerRequest(fns, emulator, c.kind, c.inFlight),
	).finally(async () => await emulator.stop());
	console.log(`n8n 1.123.81 request functions, ${REQUESTS} creates at 40 ms, ${ROUNDS} rounds:`);
	for (const [label, values] of figures) {
		console.log(`  ${label}: ${spread(values, (v) => `${v.toFixed(2)} ms`)} of CPU per request`);
	}
	const ratio = (a: string, b: string) =>
		(median(figures.get(a) ?? []) / median(figures.get(b) ?? [])).toFixed(2);
	console.log(
		`  httpRequest / proxyRequestToAxios at 100 in flight: ${ratio('httpRequest, 100 in flight', 'proxyRequestToAxios, 100 in flight')}×; httpRequest at 100 / at 1000 in flight: ${ratio('httpRequest, 100 in flight', 'httpRequest, 1000 in flight')}×`,
	);
}

runMain(main);
