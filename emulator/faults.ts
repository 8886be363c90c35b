import type { Fault, FaultRule } from './types';

interface ActiveRule {
	fault: Fault;
	method?: string;
	path?: string | RegExp;
	remaining: number;
}

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(path);
	}
	// Tests may name the path with or without the /v1 base.
	return pattern === path || `/v1${pattern}` === path;
}

/** Injected faults, consumed in injection order; each rule fires `times` times, then is dropped. */
export class FaultQueue {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const times = rule.times ?? 1;
		if (!(times > 0)) throw new Error(`fault rule times must be > 0, got ${times}`);
		this.rules.push({
			fault: rule.fault,
			method: rule.method?.toUpperCase(),
			path: rule.path,
			remaining: times,
		});
	}

	clear(): void {
		this.rules = [];
	}

	/** The fault for this request, if any rule matches; counts that rule down. */
	take(method: string, path: string): Fault | undefined {
		if (this.rules.length === 0) return undefined;
		const index = this.rules.findIndex(
			(r) => (r.method === undefined || r.method === method) && pathMatches(r.path, path),
		);
		if (index < 0) return undefined;
		const rule = this.rules[index];
		rule.remaining--;
		if (rule.remaining <= 0) this.rules.splice(index, 1);
		return rule.fault;
	}
}
