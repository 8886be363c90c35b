// `npx ts-node --transpile-only bench/real-n8n/profile.ts [2] [1]`: where a 1,000-item Create run
// spends its time inside the real n8n (`n8n execute` with `--cpu-prof`), for the Clerk node (user
// by ID as an expression and as a fixed value), the helper-only bench node and the HTTP Request
// node. Prints Markdown; PROFILE_OUT=<file> also writes it there.
import '../env';

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Workflow } from '../../scripts/e2e/lib/workflows';
import { BenchEmulator, type EmulatorSettings } from '../emulator';
import { loadNow, machineInfo } from '../machine';
import { userIds } from '../seed-items';
import { breakdown, type Breakdown } from './cpu-profile';
import { executeMeasured, type Measured } from './execute';
import { BENCH_N8N_LINES, prepareInstance, realN8nMissing } from './instance';
import { categories, measuredNodeFrames, milestones } from './profile-categories';
import { clerkNodeWorkflow, helperOnlyWorkflow, httpRequestWorkflow } from './workflows';

const ITEMS = Number(process.env.PROFILE_ITEMS ?? 1000);
const SETTINGS: EmulatorSettings = { rateLimit: null, latencyMs: 40 };

interface Subject {
	id: string;
	label: string;
	kind: keyof typeof measuredNodeFrames;
	workflow: (emulator: BenchEmulator) => Workflow;
}

const subjects: Subject[] = [
	{
		id: 'profClerkExpr',
		label: 'Clerk node, user By ID = {{ $json.userId }}',
		kind: 'clerk',
		workflow: () => clerkNodeWorkflow('profClerkExpr', userIds(ITEMS)),
	},
	{
		id: 'profClerkFixed',
		label: 'Clerk node, user By ID = fixed user_… value',
		kind: 'clerk',
		workflow: () => clerkNodeWorkflow('profClerkFixed', userIds(ITEMS), { user: 'fixed' }),
	},
	{
		id: 'profHelper',
		label: 'helper-only node (expression + httpRequestWithAuthentication)',
		kind: 'helper',
		workflow: (e) => helperOnlyWorkflow('profHelper', e.apiUrl, userIds(ITEMS)),
	},
	{
		id: 'profHelperReuse',
		label: 'helper-only node handing httpRequestWithAuthentication the credential it read once',
		kind: 'helper',
		workflow: (e) => helperOnlyWorkflow('profHelperReuse', e.apiUrl, userIds(ITEMS), true),
	},
	{
		id: 'profHttp',
		label: 'HTTP Request node (same expression in its JSON body)',
		kind: 'http',
		workflow: (e) => httpRequestWorkflow('profHttp', e.apiUrl, e.secretKey, userIds(ITEMS)),
	},
];

const ms = (value: number): string => `${value.toFixed(0)} ms`;

function table(subject: Subject, plain: Measured, profiled: Measured, b: Breakdown): string[] {
	const lines = [
		`#### ${subject.label}`,
		'',
		`executionTime ${ms(plain.ms)} without the profiler, ${ms(profiled.ms)} with it; ${plain.failed} failed; profile window ${ms(b.windowMs)}.`,
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

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const lines = BENCH_N8N_LINES.filter((l) => wanted.length === 0 || wanted.includes(l.installArg));
	const machine = machineInfo();
	const out: string[] = [
		`Profile of ${ITEMS} creates at ${SETTINGS.latencyMs} ms emulator latency, no limit, default settings (${machine.date}, ${machine.cores} cores, ${loadNow()}).`,
		'',
	];
	const emulator = await BenchEmulator.start(0);
	try {
		for (const line of lines) {
			const missing = realN8nMissing(line);
			if (missing) {
				out.push(`### ${line.label}`, '', `Not run: ${missing}.`, '');
				continue;
			}
			const instance = await prepareInstance(emulator, line);
			await instance.importWorkflows(subjects.map((s) => s.workflow(emulator)));
			out.push(`### ${line.label}`, '');
			for (const subject of subjects) {
				const plain = await executeMeasured(instance, emulator, subject.id, SETTINGS, ITEMS);
				const dir = path.join(instance.workDir, 'cpu', subject.id);
				mkdirSync(dir, { recursive: true });
				const profiled = await executeMeasured(instance, emulator, subject.id, SETTINGS, ITEMS, [
					'--cpu-prof',
					`--cpu-prof-dir=${dir}`,
				]);
				const b = readdirSync(dir)
					.map((f) => path.join(dir, f))
					.map((file) => {
						try {
							return breakdown(file, measuredNodeFrames[subject.kind], categories, milestones);
						} catch {
							return undefined;
						}
					})
					.find((found) => found !== undefined);
				if (!b) throw new Error(`no CPU profile in ${dir} ran the measured node`);
				const section = table(subject, plain, profiled, b);
				console.log(section.join('\n'));
				out.push(...section, `Profiles: ${dir}`, '');
			}
		}
	} finally {
		await emulator.stop();
	}
	if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, out.join('\n'));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
