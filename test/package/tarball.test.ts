import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What `npm publish` would ship, checked against what the sources say should ship. Runs after
 * `npm run build` (as `npm test` does): the tarball is packed from dist/.
 */
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	name: string;
	keywords?: string[];
	files?: string[];
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	bundleDependencies?: unknown;
	bundledDependencies?: unknown;
	peerDependencies?: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; credentials: string[]; nodes: string[] };
};

function filesUnder(dir: string): string[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Each source file's shipped counterparts: compiled JavaScript and its types, or the file itself. */
function shippedFrom(source: string): string[] {
	const target = path.join('dist', source);
	if (source.endsWith('.ts')) {
		const base = target.slice(0, -'.ts'.length);
		return [`${base}.js`, `${base}.d.ts`];
	}
	return [target];
}

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [packed] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return packed.files.map((file) => file.path).sort();
}

describe('the npm package', () => {
	let packed: string[];

	beforeAll(() => {
		if (!existsSync(path.join(root, 'dist'))) {
			throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
		}
		packed = packedFiles();
	});

	it('ships exactly the compiled nodes and credentials, their icons and codex files, README and LICENSE', () => {
		const sources = [...filesUnder('nodes'), ...filesUnder('credentials')];
		const expected = [
			'LICENSE',
			'README.md',
			'package.json',
			...sources.flatMap(shippedFrom),
		].sort();
		// A file here and not expected is stale output or something that must not ship: delete dist/
		// and rebuild, or stop producing it.
		expect(packed).toEqual(expected);
	});

	it('ships no sources, source maps, tests, emulator, benchmarks, scripts or examples', () => {
		const forbidden = packed.filter(
			(file) =>
				(file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
				file.endsWith('.map') ||
				/(^|\/)(test|tests|__tests__|emulator|bench|scripts|examples|docs)\//.test(file) ||
				/\.test\.|\.spec\./.test(file),
		);
		expect(forbidden).toEqual([]);
	});

	it('ships every file its n8n section points at', () => {
		const declared = [...pkg.n8n.credentials, ...pkg.n8n.nodes];
		expect(declared.length).toBeGreaterThan(0);
		expect(declared.filter((file) => !packed.includes(file))).toEqual([]);
	});

	it('is found as a community node and pulls in nothing at run time but n8n-workflow', () => {
		expect(pkg.name).toMatch(/^(@[^/]+\/)?n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.optionalDependencies ?? {}).toEqual({});
		expect(pkg.bundleDependencies ?? pkg.bundledDependencies).toBeUndefined();
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});
});
