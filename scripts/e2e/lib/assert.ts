/** A failed expectation of the end-to-end suite; its message says what was expected and what came. */
export class CheckFailure extends Error {}

export function expectThat(condition: unknown, message: string): asserts condition {
	if (!condition) throw new CheckFailure(message);
}

/** Short, single-line rendering of a value for failure messages. */
export function show(value: unknown, max = 600): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
}
