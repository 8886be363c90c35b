import { CheckRunner } from '../lib/check-runner';
import type { InstalledN8n } from '../lib/n8n-lines';
import type { ProcessGroup } from '../lib/processes';

export async function runEditorSuite(_group: ProcessGroup, n8n: InstalledN8n, _tarball: string, _root: string): Promise<CheckRunner> {
	const runner = new CheckRunner(`${n8n.line.label} editor`);
	await runner.check('editor checks written', async () => {
		throw new Error('not yet');
	});
	return runner;
}
