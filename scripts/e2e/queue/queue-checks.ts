import { expectThat, show } from '../lib/assert';
import type { CheckRunner } from '../lib/check-runner';
import { waitFor } from '../lib/free-port';
import type { ExecutionSummary } from '../lib/n8n-rest';
import { runTriggerChecks } from '../lib/trigger-checks';
import { node, type Workflow } from '../lib/workflows';
import { countOf, finishedStatuses } from './execution-records';
import type { StartedQueue } from './queue-environment';
import { workerThatRan } from './queue-cluster';
import type { WebhookWorkflow } from './queue-workflows';
import { stormUsers } from '../lib/clerk-deliveries';
import { formatStormFigures, runStorm, stormProblems } from './storm';

export interface QueueCheckInputs {
	createThenRevoke: WebhookWorkflow;
	storm: WebhookWorkflow;
	/** The Clerk Trigger example, active, with its signing secret. */
	trigger: { workflow: Workflow; signingSecret: string };
	storms: { deliveries: number; perSecond: number; triggerPerSecond: number };
}

/** Waits until the workflow has `count` finished executions and returns them, newest first. */
async function finishedExecutions(
	queue: StartedQueue,
	workflowId: string,
	count: number,
): Promise<ExecutionSummary[]> {
	await waitFor(
		`${count} finished execution(s) of ${workflowId}`,
		async () => countOf(await queue.records.countsByStatus(workflowId), finishedStatuses) >= count,
		60_000,
	);
	return await queue.rest.executions(workflowId);
}

function expectRanOnWorkers(queue: StartedQueue, executions: ExecutionSummary[]): void {
	const main = queue.cluster.main.process.output();
	for (const execution of executions) {
		const worker = workerThatRan(queue.cluster, execution.id);
		expectThat(worker, `no worker's log says it started execution ${execution.id}`);
		expectThat(
			!main.includes(`Worker started execution ${execution.id} `),
			`the main process ran execution ${execution.id}`,
		);
		console.log(`        execution ${execution.id} ran on ${worker}`);
	}
}

export async function runQueueChecks(
	runner: CheckRunner,
	queue: StartedQueue,
	inputs: QueueCheckInputs,
): Promise<void> {
	const { emulator, rest, cluster } = queue;
	const webhookUrl = (w: WebhookWorkflow) => `${cluster.main.url}/webhook/${w.path}`;
	const users = await emulator.users();

	await runner.check(
		'A webhook-started create-then-revoke runs on a worker: one token created, then revoked',
		async () => {
			const workflowId = inputs.createThenRevoke.workflow.id;
			const userId = users[0].id;
			const res = await fetch(webhookUrl(inputs.createThenRevoke), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ userId }),
			});
			expectThat(res.ok, `the webhook answered ${res.status}: ${show(await res.text())}`);
			const executions = await finishedExecutions(queue, workflowId, 1);
			expectThat(
				executions.length === 1 &&
					executions[0].status === 'success' &&
					executions[0].mode === 'webhook',
				`expected one successful webhook execution: ${show(executions)}`,
			);
			expectRanOnWorkers(queue, executions);
			const run = await rest.executionRun(executions[0].id);
			const created = run.nodes.Create?.items[0];
			const revoked = run.nodes.Revoke?.items[0];
			expectThat(
				created?.object === 'sign_in_token' && created.user_id === userId,
				`Create should output a token for ${userId}: ${show(run.nodes.Create)}`,
			);
			expectThat(
				revoked?.id === created.id && revoked.status === 'revoked',
				`Revoke should output token ${String(created.id)} revoked: ${show(run.nodes.Revoke)}`,
			);
			const stored = (await emulator.tokens()).filter((t) => t.userId === userId);
			expectThat(
				stored.length === 1 && stored[0].id === created.id && stored[0].status === 'revoked',
				`the emulator should hold that one token, revoked: ${show(stored)}`,
			);
		},
	);

	const { workflow, signingSecret } = inputs.trigger;
	const webhookId = node(workflow, 'Clerk Trigger').webhookId;
	const ada = users.find((u) =>
		u.email_addresses.some((e) => e.email_address === 'ada@example.com'),
	);
	if (!webhookId || !ada)
		throw new Error('the trigger example has no webhookId, or the emulator no Ada');
	await runTriggerChecks(runner, {
		rest,
		emulator,
		workflowId: workflow.id,
		webhookUrl: `${cluster.main.url}/webhook/${webhookId}/webhook`,
		signingSecret,
		user: ada,
	});
	await runner.check('The Clerk Trigger example ran on the workers, not on the main', async () => {
		const executions = await rest.executions(workflow.id);
		expectThat(executions.length > 0, 'the trigger example has no executions');
		expectRanOnWorkers(queue, executions);
	});

	const { deliveries, perSecond } = inputs.storms;
	await runner.check(
		`A storm of ${deliveries} webhook deliveries (${perSecond}/s) across ${cluster.workers.length} workers, Clerk's development limit: no execution fails, one token per delivery`,
		async () => {
			const figures = await runStorm(
				{
					webhookUrl: webhookUrl(inputs.storm),
					workflowId: inputs.storm.workflow.id,
					emulator,
					records: queue.records,
					rest: queue.rest,
					cluster,
					users: stormUsers(users),
				},
				{ deliveries, perSecond },
			);
			console.log(formatStormFigures(figures).replace(/^/gm, '        '));
			const problems = stormProblems(figures);
			expectThat(problems.length === 0, problems.join('; '));
		},
	);

	await runner.check(
		`A storm of ${deliveries} signed user.created through the Clerk Trigger (${inputs.storms.triggerPerSecond}/s, Svix's rules: 15 s per attempt, retried with the same id) across ${cluster.workers.length} workers: each event runs exactly once, one token each, none lost`,
		async () => {
			const figures = await runStorm(
				{
					webhookUrl: `${cluster.main.url}/webhook/${webhookId}/webhook`,
					signingSecret,
					workflowId: workflow.id,
					emulator,
					records: queue.records,
					rest: queue.rest,
					cluster,
					users: stormUsers(users),
				},
				{ deliveries, perSecond: inputs.storms.triggerPerSecond },
			);
			console.log(formatStormFigures(figures).replace(/^/gm, '        '));
			const problems = stormProblems(figures);
			expectThat(problems.length === 0, problems.join('; '));
		},
	);
}
