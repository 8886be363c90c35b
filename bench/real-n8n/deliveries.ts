/** What happened to a storm's webhook deliveries at n8n's door. */
export interface Delivered {
	/** When each delivery was sent (ms since the epoch), in order. */
	sentAt: number[];
	/** HTTP status n8n answered each with; 0 when no answer came. */
	statuses: number[];
}

/**
 * POSTs one JSON body per entry at `perSecond`, on a fixed schedule (not one after another), as a
 * burst of webhook events arrives regardless of how fast the receiver answers.
 */
export async function deliver(
	url: string,
	bodies: unknown[],
	perSecond: number,
): Promise<Delivered> {
	const start = Date.now();
	const sentAt: number[] = [];
	const answers: Array<Promise<number>> = [];
	for (let i = 0; i < bodies.length; i++) {
		const due = start + (i * 1000) / perSecond;
		const wait = due - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		sentAt.push(Date.now());
		answers.push(
			fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(bodies[i]),
			}).then(
				async (res) => {
					await res.arrayBuffer();
					return res.status;
				},
				() => 0,
			),
		);
	}
	return { sentAt, statuses: await Promise.all(answers) };
}
