import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

const HELPER_PACKAGE = 'n8n-nodes-clerk-bench-helper';

/** The helper-only node (helperOnlyNode.ts) as a real n8n sees it once installed as a community package. */
export const helperOnlyNodeType = `${HELPER_PACKAGE}.helperOnly`;

/**
 * Writes a TypeScript file as CommonJS for a process that has no ts-node: the real n8n. Only
 * files that import nothing but Node's modules and types may be given.
 */
export function transpileToFile(source: string, target: string): void {
	const { outputText } = transpileModule(readFileSync(source, 'utf8'), {
		compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2021 },
	});
	writeFileSync(target, outputText);
}

/**
 * Installs helperOnlyNode.ts into a user folder (after the package: it adds itself to the same
 * nodes/package.json) as a community package of its own, so the real n8n runs the least a node
 * can do for the same requests (read the expression, call n8n's request helper) beside the Clerk
 * node. Its node only imports types, so the transpiled file needs nothing at runtime; the wrapper
 * renames it, as n8n prefixes a package's node names.
 */
export function installHelperPackage(userFolder: string): void {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', HELPER_PACKAGE);
	mkdirSync(dir, { recursive: true });
	transpileToFile(path.join(__dirname, 'helperOnlyNode.ts'), path.join(dir, 'helperOnlyNode.js'));
	writeFileSync(
		path.join(dir, 'HelperOnly.node.js'),
		[
			"const { HelperOnlyNode } = require('./helperOnlyNode');",
			'class HelperOnly extends HelperOnlyNode {',
			"\tconstructor() { super(); this.description = { ...this.description, name: 'helperOnly' }; }",
			'}',
			'module.exports = { HelperOnly };',
			'',
		].join('\n'),
	);
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({
			name: HELPER_PACKAGE,
			version: '0.0.0',
			keywords: ['n8n-community-node-package'],
			n8n: { n8nNodesApiVersion: 1, nodes: ['HelperOnly.node.js'] },
		}),
	);
	const nodesPackageJson = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	const installed = JSON.parse(readFileSync(nodesPackageJson, 'utf8')) as {
		dependencies: Record<string, string>;
	};
	installed.dependencies[HELPER_PACKAGE] = '0.0.0';
	writeFileSync(nodesPackageJson, JSON.stringify(installed, null, 2));
}
