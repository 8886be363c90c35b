import { PerNodeState } from './perNodeState';

interface LogWindow {
	lastLoggedMs?: number;
	/** Occurrences since the last line, reported in the next one. */
	suppressed: number;
}

/**
 * Decides when a repeated problem of one trigger node is logged: the first time, then at most once
 * per `intervalMs`, so anonymous requests cannot flood the log. Holds one window per node in the
 * process, for at most `maxNodes` nodes.
 */
export class ThrottledLog {
	private readonly windows: PerNodeState<LogWindow>;

	constructor(
		readonly intervalMs: number,
		maxNodes: number,
	) {
		// A node quiet for an hour starts afresh; only the count of unlogged occurrences is lost.
		this.windows = new PerNodeState(maxNodes, Math.max(intervalMs, 3_600_000), () => ({
			suppressed: 0,
		}));
	}

	/**
	 * Returns how many occurrences went unlogged since the previous line when this one should be
	 * logged now, or undefined when it falls within the interval.
	 */
	due(key: string, nowMs: number): number | undefined {
		const window = this.windows.get(key, nowMs);
		if (window.lastLoggedMs !== undefined && nowMs - window.lastLoggedMs < this.intervalMs) {
			window.suppressed += 1;
			return undefined;
		}
		const suppressed = window.suppressed;
		window.lastLoggedMs = nowMs;
		window.suppressed = 0;
		return suppressed;
	}
}

/** The tail of a throttled line: how many occurrences it stands for since the previous one. */
export function sinceLastLine(unlogged: number, what: string): string {
	return unlogged > 0 ? ` ${unlogged} more ${what} since the last line.` : '';
}
