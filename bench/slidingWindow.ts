// Clerk's sliding window as the bench measures against it: the best a client could have done.

/**
 * When one perfectly paced client would make its last token, each no earlier than it was
 * wanted (`wanted`, times), in a sliding window of `limit` per `windowMs` that the other client's
 * requests (`others`, times) fill first: the bench's "ideal" for the room the others leave.
 */
export function idealLastToken(
	wanted: number[],
	others: number[],
	limit: number,
	windowMs: number,
): number {
	const theirs = [...others].sort((a, b) => a - b);
	const mine: number[] = [];
	let t = Number.NEGATIVE_INFINITY;
	for (const at of [...wanted].sort((a, b) => a - b)) {
		t = Math.max(t, at);
		for (;;) {
			const since = t - windowMs;
			const busy = [
				...theirs.filter((o) => o > since && o <= t),
				...mine.filter((m) => m > since),
			].sort((a, b) => a - b);
			if (busy.length < limit) break;
			// The slot frees when the request `limit` places back leaves the window.
			t = busy[busy.length - limit] + windowMs + 0.001;
		}
		mine.push(t);
	}
	return t;
}

/**
 * How many requests the sliding window could accept from `from` to `to` when the requests it
 * accepted before `from` (`before`, times) keep their slots until they leave it: the room the
 * window left in that span, which a client with work waiting could have used.
 */
export function roomBetween(
	from: number,
	to: number,
	before: number[],
	limit: number,
	windowMs: number,
): number {
	const held = before.filter((at) => at > from - windowMs && at < from).sort((a, b) => a - b);
	let t = from;
	let room = 0;
	while (t <= to) {
		// A request accepted exactly windowMs ago has left the window (the emulator's rule).
		while (held.length > 0 && held[0] <= t - windowMs) held.shift();
		if (held.length < limit) {
			held.push(t);
			room++;
		} else {
			t = held[held.length - limit] + windowMs;
		}
	}
	return room;
}
