import { GiveUp, waitFor } from './free-port';
import type { N8nInstance } from './n8n-instance';
import type { ProcessGroup, StartedProcess } from './processes';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** The owner the editor checks and `npm start` create (password meets n8n's rules: 8+, a digit, an upper case). */
export const playgroundOwner: Owner = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'Playground-Pass-1',
};

interface SettingsResponse {
	data?: { userManagement?: { showSetupOnFirstLoad?: boolean } };
}

export interface RunningServer {
	url: string;
	process: StartedProcess;
	owner: Owner;
}

/** Starts `n8n start`, waits until it serves, and creates the owner unless one exists already. */
export async function startServerWithOwner(
	group: ProcessGroup,
	instance: N8nInstance,
	port: number,
	owner: Owner = playgroundOwner,
): Promise<RunningServer> {
	const server = await instance.startServer(group, port);
	const url = `http://127.0.0.1:${port}`;
	let settings: SettingsResponse | undefined;
	await waitFor(
		`n8n to serve on ${url}`,
		async () => {
			if (server.child.exitCode !== null) throw new GiveUp('n8n exited');
			// /healthz answers before the REST API is mounted, and while starting up n8n may answer
			// with something else: wait for the settings as JSON.
			const res = await fetch(`${url}/rest/settings`);
			if (!res.ok) return false;
			settings = (await res.json()) as SettingsResponse;
			return settings.data !== undefined;
		},
		180_000,
		500,
	).catch((error: Error) => {
		throw new Error(`${error.message}\n${server.output().slice(-4000)}`);
	});

	if (settings?.data?.userManagement?.showSetupOnFirstLoad !== false) {
		const res = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!res.ok) throw new Error(`owner setup answered ${res.status}: ${await res.text()}`);
	}
	return { url, process: server, owner };
}
