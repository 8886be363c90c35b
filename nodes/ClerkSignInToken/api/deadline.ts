import type { ClerkContext } from './clerkClient';

/**
 * n8n's request helper replaces a request's abort signal with the execution's cancel signal,
 * and its `timeout` only fires while the connection is quiet: a server trickling a byte now and
 * then holds a request for as long as it likes. The context handed to the helper answers the
 * cancel signal with one that also fires at the deadline, so Timeout bounds the whole request:
 * connecting, sending, waiting and reading the answer.
 */
export function withDeadline(ctx: ClerkContext, deadline: AbortSignal): ClerkContext {
	return new Proxy(ctx, {
		get(target, property) {
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			if (property !== 'getExecutionCancelSignal') return value.bind(target);
			return () => {
				const cancel: unknown = value.call(target);
				return cancel instanceof AbortSignal ? AbortSignal.any([cancel, deadline]) : deadline;
			};
		},
	});
}
