import { CheckFailure } from './assert';

export interface CheckResult {
	name: string;
	passed: boolean;
	ms: number;
	detail?: string;
}

/** Runs named checks one after another; a failing check is recorded and the next one still runs. */
export class CheckRunner {
	readonly results: CheckResult[] = [];

	constructor(private readonly prefix: string) {}

	async check(name: string, body: () => Promise<void>): Promise<void> {
		const started = Date.now();
		try {
			await body();
			this.record({ name, passed: true, ms: Date.now() - started });
		} catch (error) {
			const detail =
				error instanceof CheckFailure
					? error.message
					: error instanceof Error
						? (error.stack ?? error.message)
						: String(error);
			this.record({ name, passed: false, ms: Date.now() - started, detail });
		}
	}

	get passed(): boolean {
		return this.results.length > 0 && this.results.every((r) => r.passed);
	}

	private record(result: CheckResult): void {
		this.results.push(result);
		const mark = result.passed ? 'PASS' : 'FAIL';
		console.log(`  [${this.prefix}] ${mark} ${result.name} (${(result.ms / 1000).toFixed(1)} s)`);
		if (result.detail) console.log(result.detail.replace(/^/gm, '        '));
	}
}
