import { echoingCredential, redirectingCredential } from './hostile-network';
import { nodeType } from './install-package';
import {
	derive,
	exampleCredential,
	examples,
	linearWorkflow,
	loadExample,
	node,
	setField,
	useCredential,
	type Workflow,
} from './workflows';

export const wrongKeyCredential = { id: 'ClerkWrongKey001', name: 'Clerk (wrong key)' };

/** Ids of the workflows the headless suite imports (n8n ids: 16 alphanumerics). */
export const workflowIds = {
	emailLink: 'ClerkMagicLink01',
	revokeLink: 'ClerkRevokeLink1',
	createById: 'E2eCreateById001',
	createThenRevoke: 'E2eCreateRevoke1',
	revokeUsed: 'E2eRevokeUsed001',
	continueOnError: 'E2eContinueErr01',
	wrongKey: 'E2eWrongKey00001',
	redirecting: 'E2eRedirecting01',
	echoing: 'E2eEchoingProxy1',
} as const;

export interface HeadlessInputs {
	/** Seed user for "create by id". */
	byIdUserId: string;
	/** Seed user for "create then revoke". */
	revokeUserId: string;
	/** A token that the suite accepted (used) through the emulator before the run. */
	usedTokenId: string;
	/** Emails for the continue-on-error run; the middle one belongs to no user. */
	batchEmails: [string, string, string];
}

const clerkNode = { type: nodeType, typeVersion: 1, credentials: { clerkApi: exampleCredential } };

/** The examples as shipped plus variants that exercise each behaviour the suite checks. */
export function headlessWorkflows(inputs: HeadlessInputs): Workflow[] {
	const emailLink = loadExample(examples.emailLink);
	const revokeLink = loadExample(examples.revokeLink);

	const createById = derive(emailLink, workflowIds.createById, 'E2E: create by user id', (w) => {
		node(w, 'Create sign-in token').parameters.user = {
			__rl: true,
			mode: 'id',
			value: inputs.byIdUserId,
		};
	});

	const createThenRevoke = linearWorkflow(workflowIds.createThenRevoke, 'E2E: create then revoke', [
		{
			...clerkNode,
			name: 'Create',
			parameters: {
				operation: 'create',
				user: { __rl: true, mode: 'id', value: inputs.revokeUserId },
				expiresInSeconds: 600,
				additionalFields: {},
			},
		},
		{
			...clerkNode,
			name: 'Revoke',
			parameters: { operation: 'revoke', signInLinkId: '={{ $json.id }}' },
		},
	]);

	const revokeUsed = derive(revokeLink, workflowIds.revokeUsed, 'E2E: revoke a used token', (w) => {
		setField(w, 'Which link to revoke', 'signInTokenId', inputs.usedTokenId);
	});

	const continueOnError = linearWorkflow(
		workflowIds.continueOnError,
		'E2E: several items, continue on error',
		[
			{
				name: 'Emails',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{
								id: 'e2e-emails',
								name: 'emails',
								value: JSON.stringify(inputs.batchEmails),
								type: 'array',
							},
						],
					},
					options: {},
				},
			},
			{
				name: 'One item per email',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'emails', options: { destinationFieldName: 'email' } },
			},
			{
				...clerkNode,
				name: 'Create',
				onError: 'continueRegularOutput',
				parameters: {
					operation: 'create',
					user: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
					expiresInSeconds: 300,
					additionalFields: {},
				},
			},
		],
	);

	const wrongKey = derive(emailLink, workflowIds.wrongKey, 'E2E: wrong secret key', (w) => {
		useCredential(w, wrongKeyCredential);
	});

	const redirecting = derive(
		createById,
		workflowIds.redirecting,
		'E2E: redirecting API URL',
		(w) => {
			useCredential(w, redirectingCredential);
		},
	);
	const echoing = derive(createById, workflowIds.echoing, 'E2E: proxy echoing the key', (w) => {
		useCredential(w, echoingCredential);
	});

	return [
		redirecting,
		echoing,
		emailLink,
		revokeLink,
		createById,
		createThenRevoke,
		revokeUsed,
		continueOnError,
		wrongKey,
	];
}
