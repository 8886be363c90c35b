import type { Fault, FaultRule } from './types';

/** `skip`: matching requests still to let through before the rule fires. */
type ActiveRule = Omit<FaultRule, 'times'> & { skip: number; remaining: number };

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) {
		pattern.lastIndex = 0;
		return pattern.test(path);
	}
	// Tests may name the path with or without the /v1 base.
	return pattern === path || `/v1${pattern}` === path;
}

/**
 * Injected faults, consumed in injection order; each rule lets its first `skip` matching requests
 * through, then fires `times` times and is dropped. A request a rule skips may still be hit by a
 * later rule.
 */
export class FaultQueue {
	private rules: ActiveRule[] = [];

	add(rule: FaultRule): void {
		const times = rule.times ?? 1;
		if (!(times > 0)) throw new Error(`fault rule times must be > 0, got ${times}`);
		const skip = rule.skip ?? 0;
		if (!Number.isInteger(skip) || skip < 0) {
			throw new Error(`fault rule skip must be a whole number >= 0, got ${skip}`);
		}
		this.rules.push({
			fault: rule.fault,
			method: rule.method?.toUpperCase(),
			path: rule.path,
			skip,
			remaining: times,
		});
	}

	clear(): void {
		this.rules = [];
	}

	/** The fault for this request, if a rule fires on it; counts the rules it reached down. */
	take(method: string, path: string): Fault | undefined {
		for (let index = 0; index < this.rules.length; index++) {
			const rule = this.rules[index];
			if (rule.method !== undefined && rule.method !== method) continue;
			if (!pathMatches(rule.path, path)) continue;
			if (rule.skip > 0) {
				rule.skip--;
				continue;
			}
			rule.remaining--;
			if (rule.remaining <= 0) this.rules.splice(index, 1);
			return rule.fault;
		}
		return undefined;
	}
}
