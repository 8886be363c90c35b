// n8n's verification scanner (@n8n/scan-community-package) lints a package twice with
// @n8n/eslint-plugin-community-nodes and eslint-plugin-n8n-nodes-base: the source its provenance
// names (package.json, nodes/, credentials/) and the published tarball (its .js and package.json),
// with inline eslint-disable comments ignored. Its CLI only scans published packages, so this runs
// the same configuration here, on the working tree and on what `npm pack` would publish.
// Run after `npm run build` (npm test does): the tarball is packed from dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { defineConfig } from 'eslint/config';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import glob from 'fast-glob';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The scanner's flat config (scanner.mjs, buildScanConfig), rule for rule. */
function scanConfig() {
	return defineConfig(
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{
			files: ['**/credentials/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.credentials.rules,
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
				'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
			},
		},
		{
			files: ['**/nodes/**/*.ts'],
			rules: {
				...n8nNodesBase.configs.nodes.rules,
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
				'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			},
		},
		{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
		{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
	);
}

/** Lints `patterns` under `dir` as the scanner does; returns the formatted errors, or ''. */
async function lint(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	if (files.length === 0) return `no files matched ${patterns.join(', ')} in ${dir}`;
	const results = await eslint.lintFiles(files);
	if (!results.some((result) => result.errorCount > 0)) return '';
	const formatter = await eslint.loadFormatter('stylish');
	return await formatter.format(results);
}

/** Packs the package as `npm publish` would and unpacks it into a temporary folder. */
function unpackedTarball() {
	const dir = mkdtempSync(path.join(tmpdir(), 'scan-lint-'));
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
		{ cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [{ filename }] = JSON.parse(out);
	const packageDir = path.join(dir, 'package');
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir]);
	if (!readdirSync(packageDir).includes('dist')) {
		throw new Error('The packed tarball has no dist/: run `npm run build` first (npm test does).');
	}
	return { dir, packageDir };
}

const failures = [];
const source = await lint(root, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}']);
if (source) failures.push(`Source:\n${source}`);
const { dir, packageDir } = unpackedTarball();
try {
	const tarball = await lint(packageDir, ['**/*.js', 'package.json']);
	if (tarball) failures.push(`Packed tarball:\n${tarball}`);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
if (failures.length > 0) {
	console.error(
		`n8n's community package scanner would refuse this package.\n${failures.join('\n')}`,
	);
	process.exit(1);
}
console.log("n8n's scanner lint passes on the source and on the packed tarball.");
