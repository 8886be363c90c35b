import type { EmulatorUser } from '../../../emulator';
import { expectThat, show } from './assert';
import type { CheckRunner } from './check-runner';
import { userCreatedBody, usersWithWrongTokenCount } from './clerk-deliveries';
import type { EmulatorProcess } from './emulator';
import { waitFor } from './free-port';
import type { N8nRestClient } from './n8n-rest';
import { formatAnswers, summariseAnswers, svixStorm } from './svix-sender';

export interface TriggerStormContext {
	rest: N8nRestClient;
	emulator: EmulatorProcess;
	/** The Clerk Trigger → Create sign-in token workflow (the example). */
	workflowId: string;
	webhookUrl: string;
	signingSecret: string;
	/** Users the events are about, in turn. */
	users: EmulatorUser[];
	deliveries: number;
	perSecond: number;
}

const DEVELOPMENT_LIMIT = { limit: 100, windowMs: 10_000 };
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/**
 * The product's named use in a real n8n server: a burst of signed user.created events delivered
 * the way Svix delivers them (15 s per attempt, retried with the same id), at Clerk's development
 * limit. Each event must run exactly once and make one token; none may be lost.
 */
export async function runTriggerStormCheck(
	runner: CheckRunner,
	ctx: TriggerStormContext,
): Promise<void> {
	const { rest, emulator, workflowId, deliveries, perSecond } = ctx;
	await runner.check(
		`A burst of ${deliveries} signed user.created (${perSecond}/s, Svix's rules: 15 s per attempt, retried with the same id) at Clerk's development limit: each event runs exactly once, one token each, none lost`,
		async () => {
			const before = await rest.executionCount(workflowId);
			const succeededBefore = await rest.executionCount(workflowId, ['success']);
			await emulator.reset();
			await emulator.configure({ rateLimit: DEVELOPMENT_LIMIT });
			const userAt = (i: number) => ctx.users[i % ctx.users.length];
			try {
				const results = await svixStorm({
					url: ctx.webhookUrl,
					secret: ctx.signingSecret,
					bodies: Array.from({ length: deliveries }, (_, i) => userCreatedBody(userAt(i))),
					perSecond,
				});
				const answers = summariseAnswers(results);
				console.log(`        Svix: ${formatAnswers(answers)}`);
				expectThat(answers.undelivered === 0, `${answers.undelivered} events never got a 2xx`);

				let finished = 0;
				await waitFor(
					`${deliveries} finished executions`,
					async () => {
						finished = (await rest.executionCount(workflowId, FINISHED)) - before;
						return finished >= deliveries;
					},
					300_000,
					1000,
				).catch((error: Error) => {
					throw new Error(`${error.message}: ${finished} finished`);
				});
				// A duplicate run would start after the first ones; give it time to show.
				await new Promise((r) => setTimeout(r, 3000));
				const executions = (await rest.executionCount(workflowId)) - before;
				const succeeded = (await rest.executionCount(workflowId, ['success'])) - succeededBefore;
				const tokens = await emulator.tokens();
				const counters = await emulator.counters();
				console.log(
					`        ${executions} executions (${succeeded} succeeded), ${tokens.length} tokens, ${counters.total} requests to Clerk (${counters.byStatus[429] ?? 0} answered 429)`,
				);
				expectThat(executions === deliveries, `${executions} executions for ${deliveries} events`);
				expectThat(succeeded === deliveries, `${succeeded} of ${deliveries} executions succeeded`);
				const wrong = usersWithWrongTokenCount(
					Array.from({ length: deliveries }, (_, i) => userAt(i).id),
					tokens,
				);
				expectThat(
					tokens.length === deliveries && wrong.length === 0,
					`${tokens.length} tokens for ${deliveries} events; wrong per user: ${show(wrong.slice(0, 5))}`,
				);
			} finally {
				await emulator.configure({ rateLimit: null });
			}
		},
	);
}
