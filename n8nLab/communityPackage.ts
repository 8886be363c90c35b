import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './lines';
import { runOrThrow } from './processes';

export const packageName = 'n8n-nodes-clerk-sign-in-token';
export const nodeType = `${packageName}.clerkSignInToken`;

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
}

/** Packs the built package (dist/ as it is) as npm would publish it; returns the tarball's path. */
export async function pack(outDir: string): Promise<string> {
	mkdirSync(outDir, { recursive: true });
	const { stdout } = await runOrThrow('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: repoRoot,
	});
	const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(outDir, packed.filename);
}

export async function buildAndPack(outDir: string): Promise<string> {
	await runOrThrow('npm', ['run', 'build'], { cwd: repoRoot, timeoutMs: 300_000 });
	return await pack(outDir);
}

/**
 * Installs a packed tarball into `<userFolder>/.n8n/nodes` exactly as n8n's Community Nodes
 * installer does (packages/cli, CommunityPackagesService.downloadPackage): unpack into
 * node_modules/<name>, drop dev, peer and optional dependencies, shallow `npm install` without
 * scripts inside the package, then record the dependency in nodes/package.json. A plain
 * `npm install <tgz>` would also install the n8n-workflow peer, which a user's n8n never has.
 */
export async function installIntoUserFolder(userFolder: string, tarball: string): Promise<string> {
	const downloadFolder = path.join(userFolder, '.n8n', 'nodes');
	const nodesPackageJson = path.join(downloadFolder, 'package.json');
	mkdirSync(downloadFolder, { recursive: true });
	if (!existsSync(nodesPackageJson)) {
		writeFileSync(
			nodesPackageJson,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}

	const packageDirectory = path.join(downloadFolder, 'node_modules', packageName);
	rmSync(packageDirectory, { recursive: true, force: true });
	mkdirSync(packageDirectory, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', packageDirectory, '--strip-components=1']);

	const packageJsonPath = path.join(packageDirectory, 'package.json');
	const kept = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as PackageJson;
	delete kept.devDependencies;
	delete kept.peerDependencies;
	delete kept.optionalDependencies;
	writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2));

	await runOrThrow(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDirectory, env: { ...process.env, NODE_ENV: 'production' }, timeoutMs: 300_000 },
	);

	const installed = JSON.parse(readFileSync(nodesPackageJson, 'utf8')) as {
		dependencies: Record<string, string>;
	};
	installed.dependencies[packageName] = kept.version;
	writeFileSync(nodesPackageJson, JSON.stringify(installed, null, 2));
	return packageDirectory;
}
