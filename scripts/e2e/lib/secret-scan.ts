import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface SecretHit {
	where: string;
	secretIndex: number;
}

/**
 * Looks for each secret, byte for byte, in every file under the given roots (the sqlite database
 * and its WAL included: they are searched as raw bytes) and in the given texts (captured output).
 * Reports where, never what: a hit must not print the secret it found.
 */
export function findSecrets(
	secrets: string[],
	roots: string[],
	texts: Record<string, string>,
): SecretHit[] {
	const needles = secrets.map((s) => Buffer.from(s));
	const hits: SecretHit[] = [];
	const scan = (where: string, haystack: Buffer) => {
		needles.forEach((needle, secretIndex) => {
			if (haystack.includes(needle)) hits.push({ where, secretIndex });
		});
	};
	for (const root of roots) {
		for (const file of walk(root)) scan(file, readFileSync(file));
	}
	for (const [name, text] of Object.entries(texts)) scan(name, Buffer.from(text));
	return hits;
}

/**
 * The suites' secret check: throws naming where any of the named secrets was found, and also when
 * the control scan cannot see `control.secret` under `control.root`, where it is printed on purpose
 * (a scan that sees nothing proves nothing). Returns how many files were scanned.
 */
export function expectNoSecrets(
	named: Record<string, string>,
	roots: string[],
	texts: Record<string, string>,
	control: { secret: string; root: string },
): number {
	const names = Object.keys(named);
	const hits = findSecrets(Object.values(named), roots, texts);
	if (hits.length > 0) {
		throw new Error(
			`secret found in: ${hits.map((h) => `${h.where} (${names[h.secretIndex]})`).join(', ')}`,
		);
	}
	if (findSecrets([control.secret], [control.root], {}).length === 0) {
		throw new Error(`the scan did not find the key in ${control.root}, where it is printed`);
	}
	return countFiles(roots);
}

export function countFiles(roots: string[]): number {
	return roots.reduce((n, root) => n + [...walk(root)].length, 0);
}

function* walk(dir: string): Generator<string> {
	if (statSync(dir, { throwIfNoEntry: false })?.isFile()) {
		yield dir;
		return;
	}
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of entries) {
		const full = path.join(dir, name);
		const stat = statSync(full, { throwIfNoEntry: false });
		if (!stat) continue;
		if (stat.isDirectory()) yield* walk(full);
		else if (stat.isFile()) yield full;
	}
}
