/**
 * Times in ascending order, pruned from the front. A bulk run answers hundreds of requests per
 * second with thousands in the window, so pruning moves a start index instead of shifting the
 * array on every answer.
 */
export class TimeWindow {
	private times: number[] = [];

	private head = 0;

	get length(): number {
		return this.times.length - this.head;
	}

	/** The `index`-th oldest time still in the window. */
	at(index: number): number {
		return this.times[this.head + index];
	}

	push(time: number): void {
		this.times.push(time);
	}

	dropUpTo(cutoff: number): void {
		while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head++;
		if (this.head > 1024 && this.head * 2 > this.times.length) {
			this.times = this.times.slice(this.head);
			this.head = 0;
		}
	}
}
