/** An async FIFO: `next` waits for an item, and gives undefined once the queue is closed and empty. */
export class WorkQueue<T> {
	private readonly items: T[] = [];

	private head = 0;

	private closed = false;

	private readonly takers: Array<(item: T | undefined) => void> = [];

	push(item: T): void {
		const taker = this.takers.shift();
		if (taker) taker(item);
		else this.items.push(item);
	}

	close(): void {
		this.closed = true;
		for (const taker of this.takers.splice(0)) taker(undefined);
	}

	async next(): Promise<T | undefined> {
		if (this.head < this.items.length) {
			const item = this.items[this.head];
			this.head++;
			return item;
		}
		if (this.closed) return undefined;
		return await new Promise((resolve) => this.takers.push(resolve));
	}
}
