import type { N8nInstance } from '../../scripts/e2e/lib/n8n-instance';
import type { BenchEmulator, EmulatorSettings } from '../emulator';
import { floorMs } from '../floor';
import type { Figure, ScenarioResult } from '../result';
import { seconds, times } from '../result';
import { userIds } from '../seed-items';
import { BENCH_N8N_LINE, prepareInstance, realN8nMissing } from './instance';
import {
	clerkNodeWorkflow,
	httpRequestWorkflow,
	MEASURED_NODE,
	type HttpBatching,
} from './workflows';

interface Case {
	id: string;
	label: string;
	creates: number;
	settings: EmulatorSettings;
	/** HTTP Request node batching: n8n's advice for rate limits; none where there is no limit. */
	batching?: HttpBatching;
}

const cases: Case[] = [
	{
		id: 'P2',
		label: '3000 creates at 1000 per 10 s',
		creates: 3000,
		settings: { rateLimit: { limit: 1000, windowMs: 10_000 }, latencyMs: 0 },
		batching: { batchSize: 1000, batchIntervalMs: 10_000 },
	},
	{
		id: 'P3',
		label: '1000 creates at 40 ms latency, no limit',
		creates: 1000,
		settings: { rateLimit: null, latencyMs: 40 },
	},
];

interface Measured {
	ms: number;
	failed: number;
	requests: number;
	refused: number;
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters.
const ansi = /\u001b\[[0-9;]*m/g;

/** The measured node's own execution time, as n8n recorded it in the run (n8n's start-up excluded). */
function executionTime(stdout: string): number {
	const match = new RegExp(`"${MEASURED_NODE}": \\[\\s*\\{[\\s\\S]*?"executionTime": (\\d+)`).exec(
		stdout.replace(ansi, ''),
	);
	if (!match) throw new Error(`n8n execute printed no run with the node "${MEASURED_NODE}"`);
	return Number(match[1]);
}

/**
 * Runs one bench workflow with `n8n execute`. Items are counted at the emulator, not in the printed
 * run: every create that succeeds is one 200 there, and n8n may exit before a large run is printed
 * in full (the node's timing comes before its items in the print).
 */
async function execute(
	instance: N8nInstance,
	emulator: BenchEmulator,
	workflowId: string,
	c: Case,
): Promise<Measured> {
	await emulator.configure(c.settings);
	// Info, not the suite's debug logging: thousands of debug lines would be part of the figure.
	const result = await instance.execute(workflowId, { N8N_LOG_LEVEL: 'info' });
	if (result.code !== 0) {
		const said =
			`${result.stdout.replace(ansi, '').slice(-300)} ${result.stderr.replace(ansi, '').slice(-300)}`.replace(
				/\s+/g,
				' ',
			);
		throw new Error(
			`n8n execute --id=${workflowId} failed (exit ${result.code}, see ${instance.logFile}): ${said}`,
		);
	}
	const counters = await emulator.counters();
	return {
		ms: executionTime(result.stdout),
		failed: c.creates - (counters.byStatus[200] ?? 0),
		requests: counters.total,
		refused: counters.byStatus[429] ?? 0,
	};
}

const describe = (m: Measured): string =>
	`${seconds(m.ms)}, ${m.failed} failed items, ${m.requests} requests, ${m.refused} answered 429`;

/** P2 and P3 in the real n8n of the e2e suite: the HTTP Request node beside the Clerk node. */
export async function realN8nComparison(emulator: BenchEmulator): Promise<ScenarioResult> {
	const result: ScenarioResult = {
		id: 'HTTP',
		title: `HTTP Request node vs Clerk node in the real ${BENCH_N8N_LINE.label} (n8n execute --id)`,
		figures: [],
		ratio: '',
		goal: 'figures beside ours (no goal of their own)',
		met: undefined,
		notes: [
			"Times are the measured node's own executionTime from the run n8n printed, so n8n's start-up is left out. The HTTP Request node (v4.2) sends the Bearer key as a header and has \"On Error: Continue\" so refused items are counted, not fatal; for P2 it uses Batching (1000 items per batch, 10 000 ms interval), as n8n's docs suggest for rate limits.",
		],
	};
	result.notes.push(
		'Both nodes read one expression per item ({{ $json.userId }}); n8n 2.x evaluates expressions in its expression runtime, which costs far more per item than in the engine tests (n8n-workflow alone). The Clerk node reads and checks every item before its first request, so that a bad item never leaves a run half-sent; the HTTP Request node sends each item as soon as it has read it, and without Batching sends all items at once. That reading time comes on top of the floor in P2 and is most of the gap to it.',
	);
	const missing = realN8nMissing();
	if (missing) {
		result.ratio = 'not measured';
		result.notes.push(`Not run: ${missing}.`);
		return result;
	}
	const instance = await prepareInstance(emulator);
	await instance.importWorkflows(
		cases.flatMap((c) => [
			httpRequestWorkflow(
				`benchHttp${c.id}`,
				emulator.apiUrl,
				emulator.secretKey,
				userIds(c.creates),
				c.batching,
			),
			clerkNodeWorkflow(`benchClerk${c.id}`, userIds(c.creates)),
		]),
	);
	const ratios: string[] = [];
	for (const c of cases) {
		const http = await execute(instance, emulator, `benchHttp${c.id}`, c);
		const ours = await execute(instance, emulator, `benchClerk${c.id}`, c);
		const figures: Figure[] = [
			{ label: `${c.id} ${c.label}: HTTP Request node`, value: describe(http) },
			{ label: `${c.id} ${c.label}: Clerk node, default settings`, value: describe(ours) },
		];
		if (c.settings.rateLimit) {
			const floor = floorMs(c.creates, c.settings.rateLimit.limit, c.settings.rateLimit.windowMs);
			figures.push({
				label: `${c.id} floor`,
				value: `${seconds(floor)}; HTTP Request ${times(http.ms / floor)}, Clerk node ${times(ours.ms / floor)}`,
			});
		}
		result.figures.push(...figures);
		ratios.push(`${c.id}: HTTP Request takes ${times(http.ms / ours.ms)} the Clerk node's time`);
	}
	result.ratio = ratios.join('; ');
	result.met = true;
	return result;
}
