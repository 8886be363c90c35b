import { readFileSync, writeFileSync } from 'node:fs';

import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

/**
 * Writes a bench TypeScript file as CommonJS for a process that has no ts-node: the real n8n.
 * Only files that import nothing but Node's modules and types may be given.
 */
export function transpileToFile(source: string, target: string): void {
	const { outputText } = transpileModule(readFileSync(source, 'utf8'), {
		compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2021 },
	});
	writeFileSync(target, outputText);
}
