import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface SecretHit {
	where: string;
	secretIndex: number;
}

/**
 * Looks for each secret, byte for byte, in every file under the given roots (the sqlite database
 * and its WAL included: they are searched as raw bytes) and in the given texts (captured output).
 * Reports where, never what: a hit must not print the secret it found.
 */
function findSecrets(
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
		for (const file of filesUnder(root)) scan(file, readFileSync(file));
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
	return roots.reduce((n, root) => n + filesUnder(root).length, 0);
}

/** The files under `root`, or `root` itself when it is a file; none when it does not exist. */
function filesUnder(root: string): string[] {
	const stat = statSync(root, { throwIfNoEntry: false });
	if (!stat?.isDirectory()) return stat?.isFile() ? [root] : [];
	return readdirSync(root, { recursive: true, encoding: 'utf8' })
		.map((name) => path.join(root, name))
		.filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
}
