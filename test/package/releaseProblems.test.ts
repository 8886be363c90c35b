import { readFileSync } from 'node:fs';
import path from 'node:path';

import { releaseProblems, type ReleaseManifest } from '../../scripts/release/releaseProblems';

const ready: ReleaseManifest = {
	version: '1.2.3',
	license: 'MIT',
	author: { name: 'Ada Lovelace', email: 'ada@example.com' },
	repository: { type: 'git', url: 'git+https://github.com/ada/n8n-nodes-clerk-sign-in-token.git' },
};
const inActions = { tag: 'v1.2.3', githubRepository: 'ada/n8n-nodes-clerk-sign-in-token' };

describe('releaseProblems (checked by the publish workflow before npm publish)', () => {
	it('passes a filled package.json released from its own repository under its version tag', () => {
		expect(releaseProblems(ready, inActions)).toEqual([]);
		expect(
			releaseProblems(
				{ ...ready, repository: 'https://github.com/Ada/n8n-nodes-clerk-sign-in-token' },
				inActions,
			),
		).toEqual([]);
	});

	it.each([
		[
			'a tag that is not v + the version',
			ready,
			{ ...inActions, tag: 'v1.2.4' },
			/tag v1\.2\.4 .* 1\.2\.3/,
		],
		[
			'a version that is not semver',
			{ ...ready, version: '1.2' },
			{ githubRepository: inActions.githubRepository },
			/"version"/,
		],
		[
			'an empty repository url',
			{ ...ready, repository: { type: 'git', url: '' } },
			inActions,
			/"repository\.url" is "": set it to "git\+https:\/\/github\.com\/ada\/n8n-nodes-clerk-sign-in-token\.git"/,
		],
		[
			'another repository than the one publishing',
			ready,
			{ ...inActions, githubRepository: 'eve/fork' },
			/names ada\/n8n-nodes-clerk-sign-in-token but this runs in eve\/fork/,
		],
		[
			'a repository off GitHub',
			{ ...ready, repository: 'https://gitlab.com/ada/x' },
			inActions,
			/"repository\.url"/,
		],
		[
			'an .invalid author email',
			{ ...ready, author: { name: 'Ada', email: 'x@y.invalid' } },
			inActions,
			/"author\.email"/,
		],
		[
			'no author name',
			{ ...ready, author: { email: 'ada@example.com' } },
			inActions,
			/"author\.name"/,
		],
		['another license', { ...ready, license: 'ISC' }, inActions, /"license"/],
	])('refuses %s, naming the field and the fix', (_case, pkg, context, problem) => {
		const problems = releaseProblems(pkg, context);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(problem);
	});

	it('finds nothing wrong with this package.json but what README → Releasing says to fill', () => {
		const pkg = JSON.parse(
			readFileSync(path.join(__dirname, '../../package.json'), 'utf8'),
		) as ReleaseManifest;
		for (const problem of releaseProblems(pkg, {})) {
			expect(problem).toMatch(/^package\.json "(repository\.url|author\.[a-z]+)"/);
		}
	});
});
