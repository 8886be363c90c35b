import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { InstalledN8n } from './lines';
import {
	freePort,
	runCommand,
	until,
	type CommandResult,
	type ProcessGroup,
	type Started,
} from './processes';
import { parseRun, type ParsedRun } from './runs';
import { webhookPath, type Workflow } from './workflows';

/** Fixed so a kept user folder can be reopened; the folders themselves are throwaway. */
const e2eEncryptionKey = 'e2e-clerk-sign-in-token-encryption-key-0001';

/** A credential as `n8n import:credentials` reads it (data unencrypted; n8n encrypts it on import). */
export interface CredentialRecord {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
}

/** A Clerk API credential record (the type the Clerk Sign-In Token node uses). */
export function clerkApiCredential(
	credential: { id: string; name: string },
	secretKey: string,
	baseUrl: string,
): CredentialRecord {
	return { ...credential, type: 'clerkApi', data: { secretKey, baseUrl, apiVersion: '' } };
}

/** A Clerk webhook signing-secret credential record (the type the Clerk Trigger uses). */
export function clerkWebhookCredential(
	credential: { id: string; name: string },
	signingSecret: string,
): CredentialRecord {
	return { ...credential, type: 'clerkWebhookApi', data: { signingSecret } };
}

/** The owner every server gets (password meets n8n's rules: 8+, a digit, an upper case). */
const playgroundOwner = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'Playground-Pass-1',
};

export type Owner = typeof playgroundOwner;

/** A running `n8n start` with its owner set up. */
export interface RunningServer {
	url: string;
	process: Started;
	owner: Owner;
	/** The production URL of an active workflow's webhook trigger (Webhook node or Clerk Trigger). */
	webhookUrl: (workflow: Workflow) => string;
}

export interface CliOptions {
	env?: Record<string, string>;
	/** Options for the Node that runs n8n, e.g. --cpu-prof (Node 20 refuses it in NODE_OPTIONS). */
	nodeArgs?: string[];
	timeoutMs?: number;
	/** False: keep the output out of the command log (a benchmark's large runs). */
	log?: boolean;
}

/** The user folder (n8n's home, holding ~/.n8n) of the instance made with lab folder `root`. */
export const userFolderIn = (root: string): string => path.join(root, 'user');

/** One n8n installation bound to one user folder: its CLI commands and its server. */
export class N8nInstance {
	readonly userFolder: string;
	/** Where the lab keeps its own files (command logs, import files): outside the user folder. */
	readonly workDir: string;
	private readonly logFile: string;
	/** Made active with importActive: the server registers their webhooks as it starts. */
	private readonly active: Workflow[] = [];

	constructor(
		readonly n8n: InstalledN8n,
		/** The lab's folder: the user folder is `user` in it, the work folder `work`. */
		root: string,
		/**
		 * n8n's log level: debug for the checks (the secret scan reads every line n8n writes); the
		 * benchmarks use info, n8n's default, since debug logging costs n8n time on every request.
		 */
		readonly logLevel: 'debug' | 'info' = 'debug',
		/** What every process of this instance adds to the common environment (queue mode's services). */
		private readonly modeEnv: Record<string, string> = {},
	) {
		this.userFolder = userFolderIn(root);
		this.workDir = path.join(root, 'work');
		mkdirSync(path.join(this.userFolder, '.n8n'), { recursive: true });
		mkdirSync(this.workDir, { recursive: true });
		this.logFile = path.join(this.workDir, 'n8n-commands.log');
	}

	/** The environment every n8n process of this instance gets. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const nodeDir = path.dirname(this.n8n.nodeBinary);
		return {
			PATH: `${nodeDir}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			LANG: 'C.UTF-8',
			TZ: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: e2eEncryptionKey,
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			// Offline and quiet: no telemetry, update checks, templates, banners or license calls.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_RUNNERS_ENABLED: 'true',
			// Written to a file in the user folder too: the secret scan reads it.
			N8N_LOG_LEVEL: this.logLevel,
			N8N_LOG_OUTPUT: 'console,file',
			N8N_LOG_FILE_LOCATION: path.join(this.userFolder, '.n8n', 'logs', 'n8n.log'),
			...this.n8n.line.env,
			...this.modeEnv,
			...extra,
		};
	}

	/** Runs an n8n CLI command of this instance to completion. */
	async cli(args: string[], options: CliOptions = {}): Promise<CommandResult> {
		// Each CLI run starts its own task runner broker; a free port avoids clashing with a server.
		const brokerPort = String(await freePort());
		return await runCommand(
			this.n8n.nodeBinary,
			[...(options.nodeArgs ?? []), this.n8n.n8nBin, ...args],
			{
				cwd: this.workDir,
				env: this.env({ N8N_RUNNERS_BROKER_PORT: brokerPort, ...options.env }),
				timeoutMs: options.timeoutMs ?? 180_000,
				logFile: options.log === false ? undefined : this.logFile,
			},
		);
	}

	private async cliOrThrow(args: string[]): Promise<string> {
		const result = await this.cli(args);
		if (result.code !== 0)
			throw new Error(`${args[0]} failed (${result.code})\n${result.stdout}\n${result.stderr}`);
		return result.stdout;
	}

	/** `n8n import:credentials`, from a file that is deleted right after (it holds the secrets). */
	async importCredentials(records: CredentialRecord[]): Promise<void> {
		const file = path.join(this.workDir, 'credentials-to-import.json');
		writeFileSync(file, JSON.stringify(records), { mode: 0o600 });
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	async importWorkflows(workflows: Workflow[]): Promise<void> {
		const file = path.join(this.workDir, `workflows-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(workflows, null, 2));
		await this.cliOrThrow(['import:workflow', `--input=${file}`]);
	}

	/**
	 * Imports the workflows and makes each active, so that `n8n start` registers their production
	 * webhooks. n8n 2.x activates by publishing a version (`update:workflow --active` is deprecated
	 * there); 1.x only has `update:workflow --active=true`. Both edit the database, so run this
	 * before the server starts.
	 */
	async importActive(workflows: Workflow[]): Promise<void> {
		await this.importWorkflows(workflows);
		for (const { id } of workflows)
			await this.cliOrThrow(
				this.n8n.line.installArg === '2'
					? ['publish:workflow', `--id=${id}`]
					: ['update:workflow', `--id=${id}`, '--active=true'],
			);
		this.active.push(...workflows);
	}

	async execute(workflowId: string): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { ...result, run: parseRun(result.stdout) };
	}

	async version(): Promise<string> {
		return (await this.cliOrThrow(['--version'])).trim().split('\n').pop() ?? '';
	}

	/**
	 * Starts a long-running n8n command (`start`, `worker`) in the group, logged to
	 * `n8n-<name>.log` in the work folder. Each process starts its own task runner broker: several
	 * on one machine need their own ports.
	 */
	async startProcess(
		group: ProcessGroup,
		name: string,
		args: string[],
		env: Record<string, string>,
	): Promise<Started> {
		return group.start(`n8n ${name}`, this.n8n.nodeBinary, [this.n8n.n8nBin, ...args], {
			cwd: this.workDir,
			env: this.env({
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_LOG_LEVEL: 'info',
				...env,
			}),
			logFile: path.join(this.workDir, `n8n-${name}.log`),
		});
	}

	/**
	 * Starts `n8n start` (a free port unless given), waits until its REST API answers, creates the
	 * owner unless one exists already, and waits until the webhooks of the active workflows are
	 * registered.
	 */
	async startServer(group: ProcessGroup, options: { port?: number } = {}): Promise<RunningServer> {
		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const server = await this.startProcess(group, 'server', ['start'], {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			N8N_SECURE_COOKIE: 'false',
		});
		const running = await serverWithOwner(server, url);
		await waitForWebhooks(running, this.active);
		return running;
	}
}

interface SettingsResponse {
	data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
}

async function serverWithOwner(server: Started, url: string): Promise<RunningServer> {
	let settings: SettingsResponse | undefined;
	// /healthz answers before the REST API is mounted, and while starting up n8n may answer with
	// something else: wait for the settings as JSON.
	await until(
		`n8n to serve on ${url}`,
		async () => {
			const res = await fetch(`${url}/rest/settings`);
			settings = res.ok ? ((await res.json()) as SettingsResponse) : undefined;
			return settings?.data !== undefined;
		},
		{ timeoutMs: 180_000, everyMs: 500, watched: server },
	);
	const owner = playgroundOwner;
	if (settings?.data?.userManagement?.showSetupOnFirstLoad !== false) {
		const res = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!res.ok) throw new Error(`owner setup answered ${res.status}: ${await res.text()}`);
	}
	return {
		url,
		process: server,
		owner,
		webhookUrl: (workflow) => `${url}/webhook/${webhookPath(workflow)}`,
	};
}

/**
 * Waits until n8n has registered the webhook of each active workflow: n8n listens before it has
 * added them, and a delivery in between is answered 404. The probe is a CORS preflight (OPTIONS
 * with an Origin for POST), which n8n answers 204 only for a registered webhook and which starts
 * no execution.
 */
async function waitForWebhooks(server: RunningServer, workflows: Workflow[]): Promise<void> {
	for (const workflow of workflows)
		await until(
			`n8n to register the webhook of ${workflow.id}`,
			async () => {
				const res = await fetch(server.webhookUrl(workflow), {
					method: 'OPTIONS',
					headers: { origin: server.url, 'access-control-request-method': 'POST' },
				});
				return res.status === 204;
			},
			{ timeoutMs: 240_000, everyMs: 250, watched: server.process },
		);
}

/** A finished `n8n execute`: its output, and the run it printed if it printed one. */
export interface ExecuteResult extends CommandResult {
	run?: ParsedRun;
}
