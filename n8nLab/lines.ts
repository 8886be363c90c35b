import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..');
export const cacheRoot =
	process.env.N8N_E2E_CACHE ?? path.join(homedir(), '.cache', 'n8n-nodes-clerk-sign-in-token');
const installScript = path.join(__dirname, 'installN8n.sh');

/** The versions in n8nLab/n8nVersions.sh, the one place they are written. */
function pinned(name: string): string {
	const text = readFileSync(path.join(__dirname, 'n8nVersions.sh'), 'utf8');
	const value = new RegExp(`^${name}=(\\S+)$`, 'm').exec(text)?.[1];
	if (!value) throw new Error(`n8nLab/n8nVersions.sh does not set ${name}`);
	return value;
}

/** The Node that installN8n.sh installs to run n8n 2.x. */
const NODE24_VERSION = pinned('NODE24_VERSION');
const N8N2_VERSION = pinned('N8N2_VERSION');
const N8N1_VERSION = pinned('N8N1_VERSION');

/** One n8n release line the package is proven on, and how to run it. */
export interface N8nLine {
	label: string;
	version: string;
	/** Argument of n8nLab/installN8n.sh. */
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

/** The n8n 2.x line: queue mode, the editor checks, `npm start` and the server benchmarks run on it. */
export const latestLine = n8nLines[0];

/** A ready-to-run n8n: the node binary that runs it and its entry script. */
export interface InstalledN8n {
	line: N8nLine;
	installDir: string;
	nodeBinary: string;
	n8nBin: string;
}

/**
 * Why a line's n8n cannot be used without installing it first, or undefined when it can (the
 * installer itself checks more, e.g. the Node it was built for).
 */
export function notInstalled(line: N8nLine): string | undefined {
	const folders = [
		`n8n-${line.version}`,
		...(line.installArg === '2' ? [`node-${NODE24_VERSION}`] : []),
	];
	const missing = folders
		.map((folder) => path.join(cacheRoot, folder))
		.filter((folder) => !existsSync(path.join(folder, '.complete')));
	if (missing.length === 0) return undefined;
	return `${line.label} is not installed (${missing.join(', ')}); run \`bash n8nLab/installN8n.sh ${line.installArg}\` (or the e2e suite) once`;
}

function installFolder(arg: string): string {
	// The installer prints progress on stderr (shown live: a first install takes minutes) and the
	// folder as its last stdout line.
	const stdout = execFileSync('bash', [installScript, arg], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	return stdout.trim().split('\n').pop() ?? '';
}

/** Installs the line into the cache unless it is there already (minutes the first time). */
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
