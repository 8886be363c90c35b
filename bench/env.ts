import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Imported first by every bench entry point: n8n-core writes its settings under the user folder
// (~/.n8n by default) on first use, and logs every node error unless told to be silent.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'clerk-bench-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

/** Runs an entry point's `main` and exits: 0 when it resolves, 1 (with the error) when it throws. */
export function runMain(main: () => Promise<void>): void {
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
