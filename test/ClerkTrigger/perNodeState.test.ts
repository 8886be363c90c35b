import {
	deliveryMemory,
	DELIVERIES_PER_NODE,
	DELIVERY_RETENTION_MS,
	NODES_REMEMBERED,
} from '../../nodes/ClerkTrigger/deliveryMemory';
import { nodeStateKey, PerNodeState } from '../../nodes/ClerkTrigger/perNodeState';

describe('PerNodeState', () => {
	const counters = () => new PerNodeState(3, 1_000, () => ({ count: 0 }));

	it('gives each key its own state and the same state on every access', () => {
		const state = counters();
		state.get('a', 0).count += 1;
		state.get('a', 1).count += 1;
		state.get('b', 2).count += 5;
		expect(state.get('a', 3).count).toBe(2);
		expect(state.get('b', 3).count).toBe(5);
	});

	it('filled past maxNodes, drops the least recently used key', () => {
		const state = counters();
		for (const key of ['a', 'b', 'c']) state.get(key, 0).count = 1;
		state.get('a', 1);
		state.get('d', 2);
		expect(state.size).toBe(3);
		expect(state.get('a', 3).count).toBe(1);
		expect(state.get('c', 3).count).toBe(1);
		expect(state.get('b', 3).count).toBe(0);
	});

	it('drops a key unused for idleMs on the next access', () => {
		const state = counters();
		state.get('a', 0).count = 1;
		state.get('b', 500).count = 1;
		state.get('c', 1_000);
		expect(state.size).toBe(2);
		expect(state.get('b', 1_001).count).toBe(1);
		expect(state.get('a', 1_001).count).toBe(0);
	});

	it('keys test and production listeners of one node apart', () => {
		expect(nodeStateKey('wf-1', 'node-1', 'manual')).not.toBe(
			nodeStateKey('wf-1', 'node-1', 'webhook'),
		);
	});
});

describe("the trigger's delivery memory", () => {
	it("cannot be flushed by another node's deliveries", () => {
		const now = 1_000_000;
		const quiet = deliveryMemory.get(nodeStateKey('wf-quiet', 'n1', 'webhook'), now);
		quiet.remember('msg_quiet', now);
		const busy = deliveryMemory.get(nodeStateKey('wf-busy', 'n1', 'webhook'), now);
		for (let i = 0; i <= DELIVERIES_PER_NODE; i++) busy.remember(`msg_busy_${i}`, now);

		expect(busy.size).toBe(DELIVERIES_PER_NODE);
		expect(busy.has('msg_busy_0', now)).toBe(false);
		expect(busy.has(`msg_busy_${DELIVERIES_PER_NODE}`, now)).toBe(true);
		expect(quiet.has('msg_quiet', now)).toBe(true);
	});

	it(`holds at most ${NODES_REMEMBERED} nodes, dropping the least recently used`, () => {
		const now = 2_000_000;
		const key = (i: number) => nodeStateKey(`wf-many-${i}`, 'n1', 'webhook');
		deliveryMemory.get(key(0), now).remember('msg_first', now);
		for (let i = 1; i <= NODES_REMEMBERED; i++) deliveryMemory.get(key(i), now + i);

		expect(deliveryMemory.size).toBe(NODES_REMEMBERED);
		expect(deliveryMemory.get(key(0), now + NODES_REMEMBERED).has('msg_first', now)).toBe(false);
	});

	it('drops a node whose ids have all expired', () => {
		const now = 3_000_000;
		deliveryMemory.get(nodeStateKey('wf-idle', 'n1', 'webhook'), now);
		deliveryMemory.get(nodeStateKey('wf-later', 'n1', 'webhook'), now + DELIVERY_RETENTION_MS);
		expect(deliveryMemory.size).toBe(1);
	});
});
