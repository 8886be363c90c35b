// `npx ts-node --transpile-only bench/realN8n/profile.ts [2] [1]`: where a 1,000-item Create run
// spends its time inside the real n8n (`n8n execute` with `--cpu-prof`), for the Clerk node (user
// by ID as an expression and as a fixed value), the helper-only bench node and the HTTP Request
// node. Prints Markdown, and writes the summary tables to bench/realN8n/profileTables.md (which
// BENCHMARKS.md shows) or PROFILE_OUT=<file>. PROFILE_FROM=2=<work dir>,1=<work dir> re-reads the
// profiles an earlier run left instead of running n8n again.
import '../env';

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
import { loadNow, machineInfo, writeFormatted } from '../resultsFile';
import { breakdown, measuredNode, type Breakdown } from './cpuProfile';
import { executeMeasured, type Measured } from './execute';
import { benchInstance } from './instance';
import { clerkNodeWorkflow, helperOnlyWorkflow, httpRequestWorkflow } from './workflows';

const ITEMS = Number(process.env.PROFILE_ITEMS ?? 1000);
const SETTINGS: EmulatorSettings = { rateLimit: null, latencyMs: 40 };

interface Subject {
	id: string;
	label: string;
	/** Its column in the summary table. */
	short: string;
	kind: keyof typeof measuredNode;
	workflow: (emulator: BenchEmulator) => Workflow;
}

const subjects: Subject[] = [
	{
		id: 'profClerkExpr',
		short: 'Clerk, expr',
		label: 'Clerk node, user By ID = {{ $json.userId }}',
		kind: 'clerk',
		workflow: () => clerkNodeWorkflow('profClerkExpr', userIds(ITEMS)),
	},
	{
		id: 'profClerkFixed',
		short: 'Clerk, fixed ID',
		label: 'Clerk node, user By ID = fixed user_… value',
		kind: 'clerk',
		workflow: () => clerkNodeWorkflow('profClerkFixed', userIds(ITEMS), { user: userIds(1)[0] }),
	},
	{
		id: 'profHelper',
		short: 'helper only',
		label: 'helper-only node (expression + httpRequestWithAuthentication)',
		kind: 'helper',
		workflow: (e) => helperOnlyWorkflow('profHelper', e.apiUrl, userIds(ITEMS)),
	},
	{
		id: 'profHelperReuse',
		short: 'helper only, credential once',
		label: 'helper-only node handing httpRequestWithAuthentication the credential it read once',
		kind: 'helper',
		workflow: (e) => helperOnlyWorkflow('profHelperReuse', e.apiUrl, userIds(ITEMS), true),
	},
	{
		id: 'profHttp',
		short: 'HTTP Request',
		label: 'HTTP Request node (same expression in its JSON body)',
		kind: 'http',
		workflow: (e) => httpRequestWorkflow('profHttp', e, userIds(ITEMS)),
	},
];

const ms = (value: number): string => `${value.toFixed(0)} ms`;

function table({ subject, plain, profiled, b }: Profiled): string[] {
	const timing =
		plain && profiled
			? `executionTime ${ms(plain.ms)} without the profiler, ${ms(profiled.ms)} with it; ${plain.failed} failed; `
			: '';
	const lines = [
		`#### ${subject.label}`,
		'',
		`${timing}profile window ${ms(b.windowMs)}.`,
		'',
		'| Where the time went (profiled run) | ms | share |',
		'| --- | ---: | ---: |',
		...b.categories
			.filter((c) => c.ms > 0)
			.map(
				(c) => `| ${c.name} | ${c.ms.toFixed(0)} | ${((100 * c.ms) / b.windowMs).toFixed(1)} % |`,
			),
		'',
		'| Milestone | first (ms into the window) | last |',
		'| --- | ---: | ---: |',
		...Object.entries(b.milestones).map(([name, at]) =>
			at
				? `| ${name} | ${at.firstMs.toFixed(0)} | ${at.lastMs.toFixed(0)} |`
				: `| ${name} | - | - |`,
		),
		'',
		'<details><summary>Top functions</summary>',
		'',
		'| Self time of samples in "other" | ms |',
		'| --- | ---: |',
		...b.topOther.map((f) => `| \`${f.name}\` | ${f.ms.toFixed(0)} |`),
		'',
		'| Function | ms |',
		'| --- | ---: |',
		...b.topInclusive.slice(0, 30).map((f) => `| \`${f.name}\` | ${f.ms.toFixed(0)} |`),
		'',
		'</details>',
		'',
	];
	return lines;
}

interface Profiled {
	subject: Subject;
	b: Breakdown;
	/** executionTime without and with the profiler; absent when re-reading old profiles. */
	plain?: Measured;
	profiled?: Measured;
}

/** One table per line: CPU milliseconds per category (idle apart) for every subject side by side. */
function summary(rows: Profiled[]): string[] {
	const at = (p: Profiled, mark: string) => p.b.milestones[mark];
	const cell = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0));
	const names = rows[0]?.b.categories.map((c) => c.name) ?? [];
	const cpu = (p: Profiled) =>
		p.b.categories.filter((c) => !c.name.startsWith('idle')).reduce((sum, c) => sum + c.ms, 0);
	return [
		`| ms (1 ms samples, ${ITEMS} items) | ${rows.map((r) => r.subject.short).join(' | ')} |`,
		`| --- | ${rows.map(() => '---:').join(' | ')} |`,
		...(rows.some((r) => r.plain)
			? [`| executionTime, unprofiled run | ${rows.map((r) => cell(r.plain?.ms)).join(' | ')} |`]
			: []),
		`| profile window (node running) | ${rows.map((r) => cell(r.b.windowMs)).join(' | ')} |`,
		`| CPU in the window (all but idle) | ${rows.map((r) => cell(cpu(r))).join(' | ')} |`,
		...names.map(
			(name) =>
				`| ${name} | ${rows.map((r) => cell(r.b.categories.find((c) => c.name === name)?.ms)).join(' | ')} |`,
		),
		`| first request sent at (ms into the window) | ${rows.map((r) => cell(at(r, 'httpRequestWithAuthentication')?.firstMs)).join(' | ')} |`,
		`| last getNodeParameter at | ${rows.map((r) => cell(at(r, 'getNodeParameter')?.lastMs)).join(' | ')} |`,
		'',
	];
}

function analyse(dir: string, subject: Subject): Breakdown {
	const found = readdirSync(dir)
		.map((f) => path.join(dir, f))
		.map((file) => {
			try {
				return breakdown(file, measuredNode[subject.kind]);
			} catch {
				return undefined;
			}
		})
		.find((b) => b !== undefined);
	if (!found) throw new Error(`no CPU profile in ${dir} ran the measured node`);
	return found;
}

/** PROFILE_FROM=2=<work dir>,1=<work dir>: re-read the profiles of an earlier run instead of running n8n. */
function earlierRuns(): Map<string, string> {
	return new Map(
		(process.env.PROFILE_FROM ?? '')
			.split(',')
			.filter((entry) => entry.includes('='))
			.map((entry) => entry.split('=', 2) as [string, string]),
	);
}

async function profileLine(emulator: BenchEmulator, line: N8nLine): Promise<Profiled[]> {
	const earlier = earlierRuns().get(line.installArg);
	if (earlier) {
		return subjects.map((subject) => ({
			subject,
			b: analyse(path.join(earlier, 'cpu', subject.id), subject),
		}));
	}
	const instance = await benchInstance(emulator, line);
	await instance.importWorkflows(subjects.map((s) => s.workflow(emulator)));
	const rows: Profiled[] = [];
	for (const subject of subjects) {
		const plain = await executeMeasured(instance, emulator, subject.id, SETTINGS, ITEMS);
		const dir = path.join(instance.workDir, 'cpu', subject.id);
		mkdirSync(dir, { recursive: true });
		const profiled = await executeMeasured(instance, emulator, subject.id, SETTINGS, ITEMS, {
			nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
		});
		rows.push({ subject, plain, profiled, b: analyse(dir, subject) });
		console.log(`${line.label}: ${subject.label}: profiles in ${dir}`);
	}
	return rows;
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const lines = n8nLines.filter((l) => wanted.length === 0 || wanted.includes(l.installArg));
	const machine = machineInfo();
	const details: string[] = [];
	const out: string[] = [
		process.env.PROFILE_FROM
			? `Profile of ${ITEMS} creates at ${SETTINGS.latencyMs} ms emulator latency, no limit, default settings (profiles re-read from an earlier run).`
			: `Profile of ${ITEMS} creates at ${SETTINGS.latencyMs} ms emulator latency, no limit, default settings (${machine.date}, ${machine.cores} cores, ${loadNow()} at the start).`,
		'',
	];
	const emulator = await startBenchEmulator(0);
	try {
		for (const line of lines) {
			const missing = notInstalled(line);
			if (missing) {
				out.push(`#### ${line.label}`, '', `Not run: ${missing}.`, '');
				continue;
			}
			const rows = await profileLine(emulator, line);
			out.push(`#### ${line.label}`, '', ...summary(rows));
			details.push(`### ${line.label}`, '');
			for (const row of rows) details.push(...table(row));
		}
	} finally {
		await emulator.stop();
	}
	console.log([...out, ...details].join('\n'));
	await writeFormatted(
		process.env.PROFILE_OUT ?? path.join(__dirname, 'profileTables.md'),
		out.join('\n'),
	);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
