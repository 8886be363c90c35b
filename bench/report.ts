import type { MachineInfo } from './machine';
import type { ScenarioResult } from './result';

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

export function benchmarksMarkdown(
	machine: MachineInfo,
	results: Array<{ result: ScenarioResult; load: string }>,
	totalMs: number,
): string {
	const lines = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each scenario runs the Clerk',
		"Sign-In Token node inside n8n's real engine (n8n-core `WorkflowExecute`, as in test/engine) against",
		'the Clerk emulator (emulator/) running in a child process, side by side with its baseline in the',
		'same run. The emulator limits as Clerk documents: N requests per sliding 10 s window per key, 429 with',
		'`Retry-After` beyond it, so the least wall time for M requests is (⌈M/N⌉ − 1) × 10 s: the floor.',
		'',
		`- Date: ${machine.date}`,
		`- Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node ${machine.node}`,
		`- Whole run: ${(totalMs / 1000).toFixed(0)} s. The machine is shared with other work; the load average at the start of each scenario is given, and it moves the figures.`,
		'',
		"How to read the figures: every run pays n8n's own costs — the engine, one expression evaluation per",
		"item, and n8n's request helper (`httpRequestWithAuthentication`), which builds a new HTTP agent and",
		'connection for every request. P1 separates them with a bench node that does only that (helper only);',
		"what the Clerk node takes beyond it is the node's own (validation, pacing, error mapping, output).",
		'',
		'| Scenario | Ratio | Goal | Met |',
		'| --- | --- | --- | --- |',
		...results.map(
			({ result }) =>
				`| ${result.id} ${result.title} | ${result.ratio} | ${result.goal} | ${verdict(result.met)} |`,
		),
		'',
	];
	for (const { result, load } of results) {
		lines.push(`## ${result.id} — ${result.title}`, '', `At the start: ${load}.`, '');
		lines.push('| Figure | Value |', '| --- | --- |');
		for (const figure of result.figures) lines.push(`| ${figure.label} | ${figure.value} |`);
		if (result.floor) lines.push(`| floor | ${result.floor} |`);
		lines.push(
			`| ratio | ${result.ratio} |`,
			`| goal | ${result.goal}: **${verdict(result.met)}** |`,
			'',
		);
		for (const note of result.notes) lines.push(`- ${note}`);
		if (result.notes.length > 0) lines.push('');
	}
	return lines.join('\n');
}
