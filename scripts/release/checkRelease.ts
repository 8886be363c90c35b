import { readFileSync } from 'node:fs';
import path from 'node:path';

import { releaseProblems, type ReleaseManifest } from './releaseProblems';

// Run by the publish workflow before it publishes; locally it checks the fields only.
const pkg = JSON.parse(
	readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as ReleaseManifest;
const problems = releaseProblems(pkg, {
	tag: process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined,
	githubRepository: process.env.GITHUB_REPOSITORY,
});
if (problems.length > 0) {
	console.error(`Not releasable (see README → Releasing):\n- ${problems.join('\n- ')}`);
	process.exit(1);
}
console.log(`Releasable: version ${pkg.version ?? ''}.`);
