/** A whole-number setting from the environment, or its default. */
export function positiveSetting(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
	return value;
}
