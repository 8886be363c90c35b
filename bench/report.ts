import { n8nLines } from '../n8nLab/lines';
import type { StoredResult } from './resultsFile';

export interface Figure {
	label: string;
	value: string;
}

/** One scenario's outcome, as printed and as written to BENCHMARKS.md. */
export interface ScenarioResult {
	id: string;
	title: string;
	figures: Figure[];
	/** What the figures are held against, e.g. "20.0 s = (⌈3000/1000⌉ − 1) × 10 s". */
	floor?: string;
	ratio: string;
	goal: string;
	/** Undefined when the scenario could not be measured. */
	met: boolean | undefined;
	notes: string[];
}

/** A scenario's result before it is measured: no figures, not measured until it says otherwise. */
export const unmeasured = ({
	id,
	title,
	floor,
	goal,
	notes,
}: Pick<ScenarioResult, 'id' | 'title' | 'floor' | 'goal' | 'notes'>): ScenarioResult => ({
	id,
	title,
	figures: [],
	...(floor ? { floor } : {}),
	ratio: 'not measured',
	goal,
	met: undefined,
	notes,
});

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const times = (ratio: number): string => `${ratio.toFixed(3)}×`;
export const mb = (value: number): string => `${value.toFixed(1)} MB`;
export const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** One row of a Markdown table. */
export const mdRow = (...cells: string[]): string => `| ${cells.join(' | ')} |`;

const verdict = (met: boolean | undefined): string =>
	met === undefined ? 'not measured' : met ? 'met' : 'NOT met';

export function printScenario(result: ScenarioResult, load: string): void {
	console.log(`\n${result.id} — ${result.title}   [${load}]`);
	for (const figure of result.figures) console.log(`  ${figure.label}: ${figure.value}`);
	if (result.floor) console.log(`  floor: ${result.floor}`);
	console.log(`  ratio: ${result.ratio}`);
	console.log(`  goal: ${result.goal} → ${verdict(result.met)}`);
	for (const note of result.notes) console.log(`  note: ${note}`);
}

function summaryTable(results: StoredResult[]): string[] {
	return [
		mdRow('Scenario', 'Ratio', 'Goal', 'Met'),
		mdRow('---', '---', '---', '---'),
		...results.map(({ result: r }) => mdRow(`${r.id} ${r.title}`, r.ratio, r.goal, verdict(r.met))),
		'',
	];
}

function section({ result, load, machine, durationS, note }: StoredResult): string[] {
	return [
		`## ${result.id} — ${result.title}`,
		'',
		`Measured ${machine.date} (${durationS.toFixed(0)} s${note ? `, ${note}` : ''}); at the start: ${load}.`,
		'',
		mdRow('Figure', 'Value'),
		mdRow('---', '---'),
		...result.figures.map((figure) => mdRow(figure.label, figure.value)),
		...(result.floor ? [mdRow('floor', result.floor)] : []),
		mdRow('ratio', result.ratio),
		mdRow('goal', `${result.goal}: **${verdict(result.met)}**`),
		'',
		...result.notes.map((n) => `- ${n}`),
		...(result.notes.length > 0 ? [''] : []),
	];
}

/**
 * BENCHMARKS.md from the stored results: the real-n8n scenarios first (what users run), the
 * engine-harness ones (n8n-core under jest's engine, without n8n's server costs) below them.
 */
export function benchmarksMarkdown(
	realN8n: StoredResult[],
	engine: StoredResult[],
	profile: string[],
): string {
	const machine = (realN8n[0] ?? engine[0])?.machine;
	const notes = [...new Set([...realN8n, ...engine].map((r) => r.note).filter(Boolean))];
	return [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts) from bench/results.json; do not edit by hand. A run of',
		'some scenarios (`BENCH_ONLY=r-p3,storm npm run bench`) updates only theirs; each section says when',
		'it was measured.',
		'',
		...(machine
			? [
					`- Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory; the bench process on Node ${machine.node}.`,
				]
			: []),
		'- The machine is shared with other work (other agents running builds, tests and n8n servers at',
		'  the same time): every figure moves with its load, which each section gives at its start. Runs are',
		'  repeated and alternate between the things compared; medians and spreads are shown.',
		...notes.map((n) => `- These figures: ${n}.`),
		'',
		'## In the real n8n (headline)',
		'',
		`The package installed as a community node into ${n8nLines.map((line) => line.label).join(' and ')}, run`,
		'with `n8n execute` or inside `n8n start`, against the Clerk emulator (emulator/) in a child',
		'process. The emulator limits as Clerk documents: N requests per sliding 10 s window per key, 429',
		'with `Retry-After` beyond it, so the least wall time for M requests is (⌈M/N⌉ − 1) × 10 s: the floor.',
		'',
		...summaryTable(realN8n),
		...profile,
		...realN8n.flatMap(section),
		'## In the engine harness (n8n-core WorkflowExecute under ts-node)',
		'',
		"Each scenario runs the node inside n8n-core's `WorkflowExecute`, as the engine tests do: no n8n",
		'server, no expression runtime of n8n 2.x, no database behind the credential. These figures show',
		"the node's own costs; the real-n8n ones above are what users get.",
		'',
		...summaryTable(engine),
		...engine.flatMap(section),
	].join('\n');
}
