import { readFileSync } from 'node:fs';

/** The parts of V8's .cpuprofile (written by `node --cpu-prof`) the breakdown reads. */
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

interface Frame {
	name: string;
	url: string;
}

/** One sample: when it was taken (µs), how long it stands for, and its stack, leaf first. */
interface Sample {
	at: number;
	us: number;
	stack: Frame[];
}

export interface Category {
	name: string;
	/** True when the sample's stack (leaf first) belongs here; the first matching category wins. */
	matches: (stack: Frame[]) => boolean;
}

export interface Breakdown {
	/** Wall time from the first to the last sample that ran the measured node's code. */
	windowMs: number;
	/** Milliseconds per category inside that window, in the order given, then "other". */
	categories: Array<{ name: string; ms: number }>;
	/** Milestones inside the window (ms after its start): first and last sample of each. */
	milestones: Record<string, { firstMs: number; lastMs: number } | undefined>;
	/** Functions with the most inclusive time in the window (each counted once per sample). */
	topInclusive: Array<{ name: string; ms: number }>;
	/** Leaf functions of the samples no category took, by self time. */
	topOther: Array<{ name: string; ms: number }>;
}

function samplesOf(profile: CpuProfile): Sample[] {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const stacks = new Map<number, Frame[]>();
	const stackOf = (id: number): Frame[] => {
		const known = stacks.get(id);
		if (known) return known;
		const stack: Frame[] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const { functionName, url } = (byId.get(at) as ProfileNode).callFrame;
			stack.push({ name: functionName, url });
		}
		stacks.set(id, stack);
		return stack;
	};
	const samples: Sample[] = [];
	let at = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		at += profile.timeDeltas[i];
		samples.push({ at, us: profile.timeDeltas[i + 1] ?? 0, stack: stackOf(profile.samples[i]) });
	}
	return samples;
}

export const describeFrame = (frame: Frame): string => {
	if (!frame) return '(none)';
	const file = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
	return `${frame.name || '(anonymous)'} ${file}`.trim();
};

/**
 * Splits the time of one `n8n execute` run's CPU profile, inside the window in which the measured
 * node ran, into categories. Idle samples count too: they are the time spent waiting for
 * answers (or timers), which is what concurrency is meant to overlap.
 */
export function breakdown(
	file: string,
	inNode: (stack: Frame[]) => boolean,
	categories: Category[],
	milestones: Record<string, (frame: Frame) => boolean>,
): Breakdown {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const samples = samplesOf(profile);
	const running = samples.filter((s) => inNode(s.stack));
	if (running.length === 0) throw new Error(`${file} has no sample of the measured node`);
	const start = running[0].at;
	const end = running[running.length - 1].at;
	const inWindow = samples.filter((s) => s.at >= start && s.at <= end);
	const totals = new Map<string, number>([
		...categories.map((c) => [c.name, 0] as const),
		['other', 0],
	]);
	const inclusive = new Map<string, number>();
	const other = new Map<string, number>();
	const marks: Breakdown['milestones'] = {};
	for (const sample of inWindow) {
		const category = categories.find((c) => c.matches(sample.stack))?.name ?? 'other';
		totals.set(category, (totals.get(category) ?? 0) + sample.us);
		if (category === 'other') {
			const name = describeFrame(sample.stack[0]);
			other.set(name, (other.get(name) ?? 0) + sample.us);
		}
		for (const name of new Set(sample.stack.map(describeFrame)))
			inclusive.set(name, (inclusive.get(name) ?? 0) + sample.us);
		for (const [mark, test] of Object.entries(milestones)) {
			if (!sample.stack.some(test)) continue;
			const ms = (sample.at - start) / 1000;
			const seen = marks[mark];
			marks[mark] = { firstMs: seen?.firstMs ?? ms, lastMs: ms };
		}
	}
	for (const mark of Object.keys(milestones)) marks[mark] ??= undefined;
	return {
		windowMs: (end - start) / 1000,
		categories: [...totals].map(([name, us]) => ({ name, ms: us / 1000 })),
		milestones: marks,
		topInclusive: [...inclusive]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 40)
			.map(([name, us]) => ({ name, ms: us / 1000 })),
		topOther: [...other]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 20)
			.map(([name, us]) => ({ name, ms: us / 1000 })),
	};
}
