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

/** "3.42 s (3.30–3.61, 3 runs)": the median, then the spread. */
export function spread(values: number[], format: (value: number) => string): string {
	if (values.length === 1) return `${format(values[0])} (1 run)`;
	const min = Math.min(...values);
	const max = Math.max(...values);
	return `${format(median(values))} median (${format(min)}–${format(max)}, ${values.length} runs)`;
}
