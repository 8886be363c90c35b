import { readFileSync } from 'node:fs';

/** The parts of V8's .cpuprofile (written by `node --cpu-prof`) the breakdown reads. */
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

interface Frame {
	name: string;
	url: string;
}

/** One sample: when it was taken (µs), how long it stands for, and its stack, leaf first. */
interface Sample {
	at: number;
	us: number;
	stack: Frame[];
}

interface Category {
	name: string;
	/** True when the sample's stack (leaf first) belongs here; the first matching category wins. */
	matches: (stack: Frame[]) => boolean;
}

export interface Breakdown {
	/** Wall time from the first to the last sample that ran the measured node's code. */
	windowMs: number;
	/** Milliseconds per category inside that window, in the order given, then "other". */
	categories: Array<{ name: string; ms: number }>;
	/** Milestones inside the window (ms after its start): first and last sample of each. */
	milestones: Record<string, { firstMs: number; lastMs: number } | undefined>;
	/** Functions with the most inclusive time in the window (each counted once per sample). */
	topInclusive: Array<{ name: string; ms: number }>;
	/** Leaf functions of the samples no category took, by self time. */
	topOther: Array<{ name: string; ms: number }>;
}

const CLERK_DIST = '/n8n-nodes-clerk-sign-in-token/dist/';

const ours =
	(...files: string[]) =>
	(f: Frame) =>
		f.url.includes(CLERK_DIST) && files.some((file) => f.url.endsWith(file));
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
export const measuredNode = {
	clerk: running(nodeFrames.clerk),
	helper: running(nodeFrames.helper),
	http: running(nodeFrames.http),
};

/** The first matching category wins, so the narrower ones come first. */
const categories: Category[] = [
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
		matches: has(
			ours('/pacer.js', '/pause.js', '/rateLimitModel.js', '/pacers.js', '/timeWindow.js'),
		),
	},
	{
		name: 'node: request wrapper and errors',
		matches: has(ours('/clerkClient.js', '/response.js', '/errors.js')),
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
const milestones: Record<string, (f: Frame) => boolean> = {
	'Clerk node prepare (reading + checking items)': (f) =>
		(f.name === 'read' || f.name === 'readAll') && f.url.includes(CLERK_DIST),
	getNodeParameter: named('getNodeParameter', '_getNodeParameter'),
	httpRequestWithAuthentication: named('httpRequestWithAuthentication'),
	'pacer acquire': ours('/pacer.js'),
};

function samplesOf(profile: CpuProfile): Sample[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const stacks = new Map<number, Frame[]>();
	const stackOf = (id: number): Frame[] => {
		const known = stacks.get(id);
		if (known) return known;
		const stack: Frame[] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const { functionName, url } = (byId.get(at) as ProfileNode).callFrame;
			stack.push({ name: functionName, url });
		}
		stacks.set(id, stack);
		return stack;
	};
	const samples: Sample[] = [];
	let at = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		at += profile.timeDeltas[i];
		samples.push({ at, us: profile.timeDeltas[i + 1] ?? 0, stack: stackOf(profile.samples[i]) });
	}
	return samples;
}

const describeFrame = (frame: Frame | undefined): string => {
	if (!frame) return '(none)';
	const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
	return `${frame.name || '(anonymous)'} ${file}`.trim();
};

/**
 * Splits the time of one `n8n execute` run's CPU profile, inside the window in which the measured
 * node ran, into the categories above. Idle samples count too: they are the time spent waiting
 * for answers (or timers), which is what concurrency is meant to overlap.
 */
export function breakdown(file: string, inNode: (stack: Frame[]) => boolean): Breakdown {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const samples = samplesOf(profile);
	const running = samples.filter((s) => inNode(s.stack));
	if (running.length === 0) throw new Error(`${file} has no sample of the measured node`);
	const start = running[0].at;
	const end = running[running.length - 1].at;
	const inWindow = samples.filter((s) => s.at >= start && s.at <= end);
	const totals = new Map<string, number>([
		...categories.map((c) => [c.name, 0] as const),
		['other', 0],
	]);
	const inclusive = new Map<string, number>();
	const other = new Map<string, number>();
	const add = (map: Map<string, number>, key: string, us: number) =>
		map.set(key, (map.get(key) ?? 0) + us);
	const top = (map: Map<string, number>, count: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, count)
			.map(([name, us]) => ({ name, ms: us / 1000 }));
	const marks: Breakdown['milestones'] = {};
	for (const sample of inWindow) {
		const category = categories.find((c) => c.matches(sample.stack))?.name ?? 'other';
		add(totals, category, sample.us);
		if (category === 'other') add(other, describeFrame(sample.stack[0]), sample.us);
		for (const name of new Set(sample.stack.map(describeFrame))) add(inclusive, name, sample.us);
		for (const [mark, test] of Object.entries(milestones)) {
			if (!sample.stack.some(test)) continue;
			const ms = (sample.at - start) / 1000;
			const seen = marks[mark];
			marks[mark] = { firstMs: seen?.firstMs ?? ms, lastMs: ms };
		}
	}
	for (const mark of Object.keys(milestones)) marks[mark] ??= undefined;
	return {
		windowMs: (end - start) / 1000,
		categories: [...totals].map(([name, us]) => ({ name, ms: us / 1000 })),
		milestones: marks,
		topInclusive: top(inclusive, 30),
		topOther: top(other, 20),
	};
}
