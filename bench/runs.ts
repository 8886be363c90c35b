/** Runs this many times (BENCH_RUNS, default `fallback`): the machine is shared, one run proves little. */
export function benchRuns(fallback = 3): number {
	const runs = Number(process.env.BENCH_RUNS ?? fallback);
	return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "3.42 s median (3.30–3.61, 3 runs)": the median, then the spread. */
export function spread(values: number[], format: (value: number) => string): string {
	if (values.length === 1) return `${format(values[0])} (1 run)`;
	const min = Math.min(...values);
	const max = Math.max(...values);
	return `${format(median(values))} median (${format(min)}–${format(max)}, ${values.length} runs)`;
}

/** The spread of one figure of each run. */
export const spreadOf = <R>(runs: R[], pick: (run: R) => number, format: (v: number) => string) =>
	spread(runs.map(pick), format);

/** One figure of each run, "a / b / c". */
export const eachOf = <R>(runs: R[], pick: (run: R) => number | string): string =>
	runs.map(pick).join(' / ');

export const sumOf = <R>(runs: R[], pick: (run: R) => number): number =>
	runs.reduce((sum, run) => sum + pick(run), 0);

/**
 * Runs each contestant once per round, in turn, so that a change in the machine's load falls on
 * all of them alike; one with `runs` set stops after that many. Returns each one's runs by key.
 */
export async function alternate<C extends { key: string; runs?: number }, R>(
	contestants: C[],
	rounds: number,
	run: (contestant: C, round: number) => Promise<R>,
): Promise<Map<string, R[]>> {
	const measured = new Map<string, R[]>(contestants.map((c) => [c.key, []]));
	for (let round = 0; round < rounds; round++)
		for (const c of contestants)
			if (round < (c.runs ?? rounds)) measured.get(c.key)?.push(await run(c, round));
	return measured;
}
