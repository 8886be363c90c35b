import type { Category } from './cpuProfile';

type Frame = { name: string; url: string };

const CLERK_DIST = '/n8n-nodes-clerk-sign-in-token/dist/';

const ours = (file: string) => (f: Frame) => f.url.includes(CLERK_DIST) && f.url.endsWith(file);
const has = (test: (f: Frame) => boolean) => (stack: Frame[]) => stack.some(test);
const leaf = (name: string) => (stack: Frame[]) => stack[0]?.name === name;
const named =
	(...names: string[]) =>
	(f: Frame) =>
		names.includes(f.name);

// n8n's request helper and what it runs on: axios, its redirect wrapper, Node's HTTP client.
const REQUEST_STACK =
	/\/(axios|follow-redirects|proxy-from-env|form-data|agent-base|http-proxy-agent|https-proxy-agent)\/|node:_http|node:http|node:https|node:net|node:tls|node:dns|node:internal\/(http|net|dns|stream_base|streams)/;

const inGetNodeParameter = has(named('getNodeParameter', '_getNodeParameter'));

const nodeFrames = {
	clerk: (f: Frame) => f.url.includes(CLERK_DIST),
	helper: (f: Frame) => f.url.includes('/n8n-nodes-clerk-bench-helper/'),
	http: (f: Frame) => /\/HttpRequest\/V3\//.test(f.url),
};

// n8n loads every node's file at start-up; those samples are not the node running.
const loading = (f: Frame) => /nodes-loader|modules\/cjs\/loader|node:vm/.test(f.url);

const running = (test: (f: Frame) => boolean) => (stack: Frame[]) =>
	stack.some(test) && !stack.some(loading);

/** How a sample of the node running (not being loaded) is recognised. */
export const measuredNodeFrames = {
	clerk: running(nodeFrames.clerk),
	helper: running(nodeFrames.helper),
	http: running(nodeFrames.http),
};

/** The first matching category wins, so the narrower ones come first. */
export const categories: Category[] = [
	{ name: 'idle (waiting for answers or timers)', matches: leaf('(idle)') },
	{ name: 'garbage collection', matches: leaf('(garbage collector)') },
	{ name: '(program: V8/native, unattributed)', matches: leaf('(program)') },
	{
		name: 'getNodeParameter: expression evaluation',
		matches: (s) =>
			inGetNodeParameter(s) &&
			s.some(
				(f) =>
					f.name === 'resolveSimpleParameterValue' ||
					f.url.includes('/expression-runtime/') ||
					f.url.includes('/tournament/') ||
					/n8n-workflow\/dist\/(cjs\/)?(expression|workflow-data-proxy)/.test(f.url),
			),
	},
	{
		name: 'getNodeParameter: validateValueAgainstSchema',
		matches: (s) => inGetNodeParameter(s) && s.some(named('validateValueAgainstSchema')),
	},
	{ name: 'getNodeParameter: other (lookup, cleanup, extractValue)', matches: inGetNodeParameter },
	{ name: 'node: validation', matches: has(ours('/validation.js')) },
	{
		// n8n's request helper reads the credential from the database and decrypts it again for
		// every request; the query's callbacks run outside the helper's own stack.
		name: 'n8n: credential read + decrypt per request (sqlite, typeorm, crypto)',
		matches: has(
			(f) =>
				/credentials-helper|\/sqlite3\/|@n8n\/typeorm\/|\/typeorm\/|n8n-core\/dist\/encryption|n8n-core\/dist\/credentials/.test(
					f.url,
				) || f.url.startsWith('node:internal/crypto'),
		),
	},
	{
		name: 'request helper (httpRequestWithAuthentication, axios, Node http/net)',
		matches: (s) =>
			s.some(
				(f) =>
					f.name === 'httpRequestWithAuthentication' ||
					f.name === 'proxyRequestToAxios' ||
					REQUEST_STACK.test(f.url),
			),
	},
	{
		name: 'node: pacer',
		matches: has((f) =>
			['/pacer.js', '/pause.js', '/rateLimitModel.js', '/pacers.js', '/timeWindow.js'].some(
				(file) => ours(file)(f),
			),
		),
	},
	{
		name: 'node: request wrapper and errors',
		matches: has((f) =>
			['/clerkClient.js', '/response.js', '/errors.js'].some((file) => ours(file)(f)),
		),
	},
	{
		name: 'node: run loop, prepare and output building',
		matches: has((f) => f.url.includes(CLERK_DIST)),
	},
	{
		name: 'other node code (helper-only / HTTP Request node)',
		matches: has((f) => nodeFrames.helper(f) || nodeFrames.http(f)),
	},
];

/** When each phase first and last ran, to see whether reading items overlaps the requests. */
export const milestones: Record<string, (f: Frame) => boolean> = {
	'Clerk node prepare (reading + checking items)': (f) =>
		(f.name === 'read' || f.name === 'readAll') && f.url.includes(CLERK_DIST),
	getNodeParameter: named('getNodeParameter', '_getNodeParameter'),
	httpRequestWithAuthentication: named('httpRequestWithAuthentication'),
	'pacer acquire': (f) => ours('/pacer.js')(f),
};
