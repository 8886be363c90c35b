import { homedir } from 'node:os';
import path from 'node:path';

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cacheRoot =
	process.env.N8N_E2E_CACHE ?? path.join(homedir(), '.cache', 'n8n-nodes-clerk-sign-in-token');

/** The versions in scripts/e2e/n8n-versions.sh, the one place they are written. */
function pinnedVersions(): Record<string, string> {
	const text = readFileSync(path.join(repoRoot, 'scripts', 'e2e', 'n8n-versions.sh'), 'utf8');
	return Object.fromEntries(
		[...text.matchAll(/^([A-Z0-9_]+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
	);
}

function pinned(name: string): string {
	const value = pinnedVersions()[name];
	if (!value) throw new Error(`scripts/e2e/n8n-versions.sh does not set ${name}`);
	return value;
}

/** The Node that install-n8n.sh installs to run n8n 2.x. */
export const NODE24_VERSION = pinned('NODE24_VERSION');
const N8N2_VERSION = pinned('N8N2_VERSION');
const N8N1_VERSION = pinned('N8N1_VERSION');

/** One n8n release line the package is proven on, and how to run it. */
export interface N8nLine {
	label: string;
	version: string;
	/** Argument of scripts/e2e/install-n8n.sh. */
	installArg: '1' | '2';
	/** Environment this line needs on top of the common one. */
	env: Record<string, string>;
}

export const n8nLines: N8nLine[] = [
	{ label: `n8n ${N8N2_VERSION} on Node 24`, version: N8N2_VERSION, installArg: '2', env: {} },
	{
		label: `n8n ${N8N1_VERSION} on Node 20`,
		version: N8N1_VERSION,
		installArg: '1',
		// Its default expression engine needs isolated-vm, which does not build on Node 20.
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
];

/** A ready-to-run n8n: the node binary that runs it and its entry script. */
export interface InstalledN8n {
	line: N8nLine;
	installDir: string;
	nodeBinary: string;
	n8nBin: string;
}

export const installScript = path.join(repoRoot, 'scripts', 'e2e', 'install-n8n.sh');

/** True when the line's install is complete (the installer itself checks more, e.g. the Node it was built for). */
export function looksInstalled(line: N8nLine): boolean {
	return existsSync(path.join(cacheRoot, `n8n-${line.version}`, '.complete'));
}

function installFolder(arg: string): string {
	const script = installScript;
	// The installer prints progress on stderr (shown live: a first install takes minutes) and the
	// folder as its last stdout line.
	const stdout = execFileSync('bash', [script, arg], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	return stdout.trim().split('\n').pop() as string;
}

export function ensureInstalled(line: N8nLine): InstalledN8n {
	const installDir = installFolder(line.installArg);
	const nodeBinary =
		line.installArg === '2' ? path.join(installFolder('node24'), 'bin', 'node') : process.execPath;
	return {
		line,
		installDir,
		nodeBinary,
		n8nBin: path.join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}
