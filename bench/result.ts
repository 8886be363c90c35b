export interface Figure {
	label: string;
	value: string;
}

/** One scenario's outcome, as printed and as written to BENCHMARKS.md. */
export interface ScenarioResult {
	id: string;
	title: string;
	figures: Figure[];
	/** What the figures are held against, e.g. "20.0 s = (⌈3000/1000⌉ − 1) × 10 s". */
	floor?: string;
	ratio: string;
	goal: string;
	/** Undefined when the scenario could not be measured. */
	met: boolean | undefined;
	notes: string[];
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
export const times = (ratio: number): string => `${ratio.toFixed(3)}×`;
export const mb = (value: number): string => `${value.toFixed(1)} MB`;
