import type { INodePropertyOptions } from 'n8n-workflow';

// Event types from Clerk's webhooks spec, version 2025-04-15 (x-webhooks), with its descriptions.
export const CLERK_EVENTS: INodePropertyOptions[] = [
	{ name: 'email.created', value: 'email.created', description: 'Email created' },
	{
		name: 'organization.created',
		value: 'organization.created',
		description: 'New organization was created',
	},
	{
		name: 'organization.deleted',
		value: 'organization.deleted',
		description: 'Organization deleted',
	},
	{
		name: 'organization.updated',
		value: 'organization.updated',
		description: 'Organization updated',
	},
	{
		name: 'organizationDomain.created',
		value: 'organizationDomain.created',
		description: 'Organization domain created',
	},
	{
		name: 'organizationDomain.deleted',
		value: 'organizationDomain.deleted',
		description: 'Organization domain deleted',
	},
	{
		name: 'organizationDomain.updated',
		value: 'organizationDomain.updated',
		description: 'Organization domain updated',
	},
	{
		name: 'organizationInvitation.accepted',
		value: 'organizationInvitation.accepted',
		description: 'Organization invitation accepted',
	},
	{
		name: 'organizationInvitation.created',
		value: 'organizationInvitation.created',
		description: 'Organization invitation created',
	},
	{
		name: 'organizationInvitation.revoked',
		value: 'organizationInvitation.revoked',
		description: 'Organization invitation revoked',
	},
	{
		name: 'organizationMembership.created',
		value: 'organizationMembership.created',
		description: 'Organization membership created',
	},
	{
		name: 'organizationMembership.deleted',
		value: 'organizationMembership.deleted',
		description: 'Organization membership deleted',
	},
	{
		name: 'organizationMembership.updated',
		value: 'organizationMembership.updated',
		description: 'Organization membership updated',
	},
	{
		name: 'paymentAttempt.created',
		value: 'paymentAttempt.created',
		description: 'Payment Attempt Created',
	},
	{
		name: 'paymentAttempt.updated',
		value: 'paymentAttempt.updated',
		description: 'Payment Attempt Updated',
	},
	{ name: 'permission.created', value: 'permission.created', description: 'Permission created' },
	{ name: 'permission.deleted', value: 'permission.deleted', description: 'Permission deleted' },
	{ name: 'permission.updated', value: 'permission.updated', description: 'Permission updated' },
	{ name: 'role.created', value: 'role.created', description: 'Role created' },
	{ name: 'role.deleted', value: 'role.deleted', description: 'Role deleted' },
	{ name: 'role.updated', value: 'role.updated', description: 'Role updated' },
	{ name: 'session.created', value: 'session.created', description: 'Session created' },
	{ name: 'session.ended', value: 'session.ended', description: 'Session ended' },
	{ name: 'session.pending', value: 'session.pending', description: 'Session pending' },
	{ name: 'session.removed', value: 'session.removed', description: 'Session removed' },
	{ name: 'session.revoked', value: 'session.revoked', description: 'Session revoked' },
	{ name: 'sms.created', value: 'sms.created', description: 'SMS created' },
	{ name: 'subscription.active', value: 'subscription.active', description: 'Subscription Active' },
	{
		name: 'subscription.created',
		value: 'subscription.created',
		description: 'Subscription Created',
	},
	{
		name: 'subscription.pastDue',
		value: 'subscription.pastDue',
		description: 'Subscription Past Due',
	},
	{
		name: 'subscription.updated',
		value: 'subscription.updated',
		description: 'Subscription Updated',
	},
	{
		name: 'subscriptionItem.abandoned',
		value: 'subscriptionItem.abandoned',
		description: 'Subscription Item Abandoned',
	},
	{
		name: 'subscriptionItem.active',
		value: 'subscriptionItem.active',
		description: 'Subscription Item Active',
	},
	{
		name: 'subscriptionItem.canceled',
		value: 'subscriptionItem.canceled',
		description: 'Subscription Item Canceled',
	},
	{
		name: 'subscriptionItem.ended',
		value: 'subscriptionItem.ended',
		description: 'Subscription Item Ended',
	},
	{
		name: 'subscriptionItem.freeTrialEnding',
		value: 'subscriptionItem.freeTrialEnding',
		description: 'Subscription Item Free Trial Ending',
	},
	{
		name: 'subscriptionItem.incomplete',
		value: 'subscriptionItem.incomplete',
		description: 'Subscription Item Incomplete',
	},
	{
		name: 'subscriptionItem.pastDue',
		value: 'subscriptionItem.pastDue',
		description: 'Subscription Item Past Due',
	},
	{
		name: 'subscriptionItem.upcoming',
		value: 'subscriptionItem.upcoming',
		description: 'Subscription Item Upcoming',
	},
	{
		name: 'subscriptionItem.updated',
		value: 'subscriptionItem.updated',
		description: 'Subscription Item Updated',
	},
	{ name: 'user.created', value: 'user.created', description: 'User created' },
	{ name: 'user.deleted', value: 'user.deleted', description: 'User deleted' },
	{ name: 'user.updated', value: 'user.updated', description: 'User updated' },
	{
		name: 'waitlistEntry.created',
		value: 'waitlistEntry.created',
		description: 'Waitlist entry created',
	},
	{
		name: 'waitlistEntry.updated',
		value: 'waitlistEntry.updated',
		description: 'Waitlist entry updated',
	},
];

/** The `events` value that accepts every event type, including ones Clerk adds later. */
export const ANY_EVENT = '*';
