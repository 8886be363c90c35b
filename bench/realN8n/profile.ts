// `npx ts-node --transpile-only bench/realN8n/profile.ts [2] [1]`: where a 1,000-item Create run
// spends its time inside the real n8n (`n8n execute` with `--cpu-prof`), for the Clerk node (user
// by ID as an expression and as a fixed value), the helper-only bench node and the HTTP Request
// node. Prints Markdown, and writes the summary tables to bench/realN8n/profileTables.md (which
// BENCHMARKS.md shows) or PROFILE_OUT=<file>. PROFILE_FROM=2=<work dir>,1=<work dir> re-reads the
// profiles an earlier run left instead of running n8n again.
import { runMain } from '../env';

import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { n8nLines, notInstalled, type N8nLine } from '../../n8nLab/lines';
import type { Workflow } from '../../n8nLab/workflows';
import {
	startBenchEmulator,
	userIds,
	type BenchEmulator,
	type EmulatorSettings,
} from '../emulator';
import { mdRow } from '../report';
import { loadNow, machineInfo, writeFormatted } from '../resultsFile';
import { breakdown, measuredNode, type Breakdown } from './cpuProfile';
import { executeMeasured, type Measured } from './execute';
import { benchInstance } from './instance';
import { clerkStep, helperOnlyStep, httpStep, itemsInto } from './workflows';

const ITEMS = Number(process.env.PROFILE_ITEMS ?? 1000);
const SETTINGS: EmulatorSettings = { rateLimit: null, latencyMs: 40 };

interface Subject {
	label: string;
	/** Its column in the summary table. */
	short: string;
	kind: keyof typeof measuredNode;
	workflow: Workflow;
}

const subjectsFor = (e: BenchEmulator, ids = userIds(ITEMS)): Subject[] => [
	{
		short: 'Clerk, expr',
		label: 'Clerk node, user By ID = {{ $json.userId }}',
		kind: 'clerk',
		workflow: itemsInto('profClerkExpr', ids, clerkStep()),
	},
	{
		short: 'Clerk, fixed ID',
		label: 'Clerk node, user By ID = fixed user_… value',
		kind: 'clerk',
		workflow: itemsInto('profClerkFixed', ids, clerkStep({ user: ids[0] })),
	},
	{
		short: 'helper only',
		label: 'helper-only node (expression + httpRequestWithAuthentication)',
		kind: 'helper',
		workflow: itemsInto('profHelper', ids, helperOnlyStep(e.apiUrl)),
	},
	{
		short: 'helper only, credential once',
		label: 'helper-only node handing httpRequestWithAuthentication the credential it read once',
		kind: 'helper',
		workflow: itemsInto('profHelperReuse', ids, helperOnlyStep(e.apiUrl, true)),
	},
	{
		short: 'HTTP Request',
		label: 'HTTP Request node (same expression in its JSON body)',
		kind: 'http',
		workflow: itemsInto('profHttp', ids, httpStep(e, '$json.userId')),
	},
];

interface Profiled {
	subject: Subject;
	b: Breakdown;
	/** executionTime without and with the profiler; absent when re-reading old profiles. */
	plain?: Measured;
	profiled?: Measured;
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const cell = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0));

/** The details of one subject's profiled run, printed only. */
function table({ subject, plain, profiled, b }: Profiled): string[] {
	const timing =
		plain && profiled
			? `executionTime ${ms(plain.ms)} without the profiler, ${ms(profiled.ms)} with it; ${plain.failed} failed; `
			: '';
	const functions = (list: Breakdown['topOther']) =>
		list.map((f) => mdRow(`\`${f.name}\``, f.ms.toFixed(0)));
	return [
		`#### ${subject.label}`,
		'',
		`${timing}profile window ${ms(b.windowMs)}.`,
		'',
		mdRow('Where the time went (profiled run)', 'ms', 'share'),
		mdRow('---', '---:', '---:'),
		...b.categories
			.filter((c) => c.ms > 0)
			.map((c) => mdRow(c.name, cell(c.ms), `${((100 * c.ms) / b.windowMs).toFixed(1)} %`)),
		'',
		mdRow('Milestone', 'first (ms into the window)', 'last'),
		mdRow('---', '---:', '---:'),
		...Object.entries(b.milestones).map(([name, at]) =>
			mdRow(name, cell(at?.firstMs), cell(at?.lastMs)),
		),
		'',
		'<details><summary>Top functions</summary>',
		'',
		mdRow('Self time of samples in "other"', 'ms'),
		mdRow('---', '---:'),
		...functions(b.topOther),
		'',
		mdRow('Function', 'ms'),
		mdRow('---', '---:'),
		...functions(b.topInclusive),
		'',
		'</details>',
		'',
	];
}

/** One table per line: CPU milliseconds per category (idle apart) for every subject side by side. */
function summary(rows: Profiled[]): string[] {
	const each = (name: string, value: (p: Profiled) => number | undefined) =>
		mdRow(name, ...rows.map((r) => cell(value(r))));
	const cpu = (p: Profiled) =>
		p.b.categories.filter((c) => !c.name.startsWith('idle')).reduce((sum, c) => sum + c.ms, 0);
	return [
		mdRow(`ms (1 ms samples, ${ITEMS} items)`, ...rows.map((r) => r.subject.short)),
		mdRow('---', ...rows.map(() => '---:')),
		...(rows.some((r) => r.plain)
			? [each('executionTime, unprofiled run', (r) => r.plain?.ms)]
			: []),
		each('profile window (node running)', (r) => r.b.windowMs),
		each('CPU in the window (all but idle)', cpu),
		...(rows[0]?.b.categories ?? []).map(({ name }) =>
			each(name, (r) => r.b.categories.find((c) => c.name === name)?.ms),
		),
		each(
			'first request sent at (ms into the window)',
			(r) => r.b.milestones.httpRequestWithAuthentication?.firstMs,
		),
		each('last getNodeParameter at', (r) => r.b.milestones.getNodeParameter?.lastMs),
		'',
	];
}

/** The breakdown of the profile in `dir` that ran the measured node (n8n's task runner writes one too). */
function analyse(dir: string, subject: Subject): Breakdown {
	for (const file of readdirSync(dir)) {
		try {
			return breakdown(path.join(dir, file), measuredNode[subject.kind]);
		} catch {
			// Not the process that ran the node.
		}
	}
	throw new Error(`no CPU profile in ${dir} ran the measured node`);
}

async function profileLine(emulator: BenchEmulator, line: N8nLine): Promise<Profiled[]> {
	const subjects = subjectsFor(emulator);
	// PROFILE_FROM=2=<work dir>,1=<work dir>: re-read the profiles of an earlier run instead.
	const earlier = (process.env.PROFILE_FROM ?? '')
		.split(',')
		.find((entry) => entry.startsWith(`${line.installArg}=`))
		?.slice(2);
	if (earlier)
		return subjects.map((subject) => ({
			subject,
			b: analyse(path.join(earlier, 'cpu', subject.workflow.id), subject),
		}));
	const instance = await benchInstance(emulator, line);
	await instance.importWorkflows(subjects.map((s) => s.workflow));
	const rows: Profiled[] = [];
	for (const subject of subjects) {
		const { id } = subject.workflow;
		const plain = await executeMeasured(instance, emulator, id, SETTINGS, ITEMS);
		const dir = path.join(instance.workDir, 'cpu', id);
		mkdirSync(dir, { recursive: true });
		const profiled = await executeMeasured(instance, emulator, id, SETTINGS, ITEMS, {
			nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
		});
		rows.push({ subject, plain, profiled, b: analyse(dir, subject) });
		console.log(`${line.label}: ${subject.label}: profiles in ${dir}`);
	}
	return rows;
}

runMain(async () => {
	const wanted = process.argv.slice(2);
	const machine = machineInfo();
	const details: string[] = [];
	const out: string[] = [
		`Profile of ${ITEMS} creates at ${SETTINGS.latencyMs} ms emulator latency, no limit, default settings (${process.env.PROFILE_FROM ? 'profiles re-read from an earlier run' : `${machine.date}, ${machine.cores} cores, ${loadNow()} at the start`}).`,
		'',
	];
	const emulator = await startBenchEmulator(0);
	try {
		for (const line of n8nLines.filter(
			(l) => wanted.length === 0 || wanted.includes(l.installArg),
		)) {
			const missing = notInstalled(line);
			out.push(`#### ${line.label}`, '');
			if (missing) {
				out.push(`Not run: ${missing}.`, '');
				continue;
			}
			const rows = await profileLine(emulator, line);
			out.push(...summary(rows));
			details.push(`### ${line.label}`, '', ...rows.flatMap(table));
		}
	} finally {
		await emulator.stop();
	}
	console.log([...out, ...details].join('\n'));
	await writeFormatted(
		process.env.PROFILE_OUT ?? path.join(__dirname, 'profileTables.md'),
		out.join('\n'),
	);
});
