import { stripVTControlCharacters } from 'node:util';

/** What one node produced in a run: its items' json, or the error it stopped with. */
export interface NodeRun {
	items: Array<Record<string, unknown>>;
	error?: { message?: string; description?: string; httpCode?: string };
}

export interface ParsedRun {
	finished: boolean;
	status?: string;
	error?: { message?: string; description?: string; node?: { name?: string } };
	nodes: Record<string, NodeRun>;
}

function normalizeLogLine(line: string): string {
	let text = stripVTControlCharacters(line);
	const prefixed = /^\d\d:\d\d:\d\d\.\d+\s+[a-z]+\s+(.*)$/.exec(text);
	if (prefixed) text = prefixed[1];
	if (/^\{\s*$/.test(text)) return '{';
	if (/^\}(\s|$)/.test(text)) return '}';
	return text;
}

interface RawTaskData {
	error?: NodeRun['error'];
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** A run as n8n stores it (`IRun`): what `n8n execute` prints and the REST API returns. */
export interface RawRun {
	finished?: boolean;
	status?: string;
	data?: { resultData?: { error?: ParsedRun['error']; runData?: Record<string, RawTaskData[]> } };
}

/**
 * `n8n execute` prints the run as `JSON.stringify(run, null, 2)` through its logger: on success
 * as the command's output, on a failed run after "Execution error:". The logger colours every
 * line, puts time and level before the first and metadata after the last; strip those, then take
 * the last top-level JSON object that looks like a run.
 */
export function parseRun(output: string): ParsedRun | undefined {
	const lines = output.split('\n').map(normalizeLogLine);
	let found: RawRun | undefined;
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		const end = lines.indexOf('}', start + 1);
		if (end < 0) break;
		try {
			const value = JSON.parse(lines.slice(start, end + 1).join('\n')) as RawRun;
			if (value?.data?.resultData) found = value;
		} catch {
			// A brace line of something else; keep looking.
		}
		start = end;
	}
	return found ? runFromRaw(found) : undefined;
}

/** The parts of a stored run the suite checks: status, error, and each node's last output. */
export function runFromRaw(found: RawRun): ParsedRun {
	const nodes: Record<string, NodeRun> = {};
	for (const [name, tasks] of Object.entries(found.data?.resultData?.runData ?? {})) {
		const last = tasks[tasks.length - 1];
		nodes[name] = {
			items: (last?.data?.main?.[0] ?? []).map((i) => i.json),
			error: last?.error,
		};
	}
	return {
		finished: found.finished === true,
		status: found.status,
		error: found.data?.resultData?.error,
		nodes,
	};
}
