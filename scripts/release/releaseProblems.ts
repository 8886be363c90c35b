/** The package.json fields a release depends on. */
export interface ReleaseManifest {
	version?: string;
	license?: string;
	author?: string | { name?: string; email?: string };
	repository?: string | { type?: string; url?: string };
}

export interface ReleaseContext {
	/** The git tag being released, e.g. v0.2.0. */
	tag?: string;
	/** owner/name of the GitHub repository the publish workflow runs in. */
	githubRepository?: string;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const GITHUB_URL = /^(?:git\+)?https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/;

function repositoryUrl(repository: ReleaseManifest['repository']): string {
	return (typeof repository === 'string' ? repository : (repository?.url ?? '')).trim();
}

/**
 * Why the package cannot be published as it is, one sentence each naming the field and the fix:
 * n8n accepts community nodes only from a public GitHub repository that matches the npm package's
 * `repository` and author, published by a workflow with provenance (npm refuses provenance whose
 * repository differs from package.json's).
 */
export function releaseProblems(pkg: ReleaseManifest, context: ReleaseContext): string[] {
	const problems: string[] = [];
	const version = pkg.version ?? '';
	if (!SEMVER.test(version)) {
		problems.push(`package.json "version" is "${version}": use semantic versioning, e.g. 1.2.3.`);
	}
	if (context.tag !== undefined && context.tag !== `v${version}`) {
		problems.push(
			`The tag ${context.tag} does not match package.json "version" ${version}: tag v${version}, or set "version" to the tag without its "v".`,
		);
	}
	if (pkg.license !== 'MIT') {
		problems.push(
			`package.json "license" is "${pkg.license ?? ''}": n8n verifies MIT packages only.`,
		);
	}

	const url = repositoryUrl(pkg.repository);
	const github = GITHUB_URL.exec(url);
	const expected = context.githubRepository
		? `git+https://github.com/${context.githubRepository}.git`
		: 'git+https://github.com/<owner>/<repository>.git';
	if (!github) {
		problems.push(
			`package.json "repository.url" is "${url}": set it to "${expected}", the public GitHub repository the package is published from.`,
		);
	} else if (
		context.githubRepository &&
		`${github[1]}/${github[2]}`.toLowerCase() !== context.githubRepository.toLowerCase()
	) {
		problems.push(
			`package.json "repository.url" names ${github[1]}/${github[2]} but this runs in ${context.githubRepository}: set it to "${expected}".`,
		);
	}

	const author = typeof pkg.author === 'string' ? { name: pkg.author } : (pkg.author ?? {});
	if (!author.name?.trim()) {
		problems.push('package.json "author.name" is empty: set it to the npm maintainer.');
	}
	if (author.email !== undefined && !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(author.email)) {
		problems.push(
			`package.json "author.email" is "${author.email}": set a real address of the maintainer, or remove it.`,
		);
	} else if (author.email?.toLowerCase().endsWith('.invalid')) {
		problems.push(
			`package.json "author.email" is "${author.email}", which cannot receive mail: set the maintainer's address, or remove it.`,
		);
	}
	return problems;
}
