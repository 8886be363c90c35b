import { Outcomes } from '../../../nodes/ClerkSignInToken/actions/outcomes';
import { connectionError } from '../../../nodes/ClerkSignInToken/errors';
import { fakeNode } from '../../support/fakeNode';

describe('Outcomes with continue-on-error', () => {
	test('every item comes out in its place: a result, its error, or that the execution was cancelled', () => {
		const outcomes = new Outcomes(3, true);
		outcomes.succeed(0, { id: 'sit_1' });
		outcomes.fail(1, connectionError(fakeNode, 'the connection was refused', 4, 1));

		expect(outcomes.finish(fakeNode)).toEqual([
			{ json: { id: 'sit_1' }, pairedItem: { item: 0 } },
			{
				json: {
					error: 'Could not reach Clerk: the connection was refused',
					code: 'connection_failed',
					httpCode: null,
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					error: 'The execution was cancelled before Clerk answered for this item [item 2]',
					code: 'execution_cancelled',
					httpCode: null,
				},
				pairedItem: { item: 2 },
			},
		]);
	});
});
