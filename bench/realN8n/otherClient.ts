/** Another system using the same secret key: a steady stream of creates for one user of its own. */
export interface OtherCounts {
	sent: number;
	accepted: number;
	refused: number;
}

export interface OtherClient {
	/** Live counts of its requests and their answers. */
	counts: OtherCounts;
	/** When each request was sent (this process's Date.now()) and Clerk's status (0: no answer). */
	log: Array<{ at: number; status: number }>;
	/** Stops sending and resolves once every request it sent was answered. */
	stop: () => Promise<OtherCounts>;
}

export function startOtherClient(
	apiUrl: string,
	secretKey: string,
	userId: string,
	perWindow: number,
	windowMs: number,
	/** It stops on its own after this long. */
	forMs = Number.POSITIVE_INFINITY,
): OtherClient {
	const counts: OtherCounts = { sent: 0, accepted: 0, refused: 0 };
	const log: OtherClient['log'] = [];
	const pending: Array<Promise<void>> = [];
	const start = Date.now();
	let stopped = false;
	const send = (): void => {
		counts.sent++;
		const entry = { at: Date.now(), status: 0 };
		log.push(entry);
		pending.push(
			fetch(`${apiUrl}/sign_in_tokens`, {
				method: 'POST',
				headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
				body: JSON.stringify({ user_id: userId, expires_in_seconds: 3600 }),
			}).then(
				async (res) => {
					await res.arrayBuffer();
					entry.status = res.status;
					if (res.status === 200) counts.accepted++;
					if (res.status === 429) counts.refused++;
				},
				() => undefined,
			),
		);
	};
	// Evenly spread on a fixed schedule, whatever Clerk answers, as a busy backend would.
	const loop = async (): Promise<void> => {
		for (let i = 0; !stopped && (i * windowMs) / perWindow < forMs; i++) {
			const wait = start + (i * windowMs) / perWindow - Date.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			if (!stopped) send();
		}
	};
	const running = loop();
	return {
		counts,
		log,
		stop: async () => {
			stopped = true;
			await running;
			await Promise.all(pending);
			return counts;
		},
	};
}
