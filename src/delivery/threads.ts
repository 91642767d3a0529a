/**
 * Outbox thread names: entries of one thread are delivered in order. Stored in outbox entries already recorded,
 * so each name must stay exactly as it is. Every thread name is built here and nowhere else.
 */

const USER = 'user:';
const CONVERSATION = 'conv:';
const ESCALATION = 'esc:';
const PURGE = 'purge:';
const OUTBOX_ALERT = 'outbox-alert:';

/** A person's 1:1 chat: the thread of sends to them, and the lane Teams counts them in. */
export function userThread(aadObjectId: string): string {
  return `${USER}${aadObjectId}`;
}

/** A conversation (a channel, or a chat without a known person), as a lane Teams counts sends in. */
export function conversationThread(conversationId: string): string {
  return `${CONVERSATION}${conversationId}`;
}

/** An escalation's notice in its channel, then the updates and replies of that notice. */
export function escalationThread(escalationId: string): string {
  return `${ESCALATION}${escalationId}`;
}

/** True for the thread of an escalation's notice (see escalationThread). */
export function isEscalationThread(thread: string): boolean {
  return thread.startsWith(ESCALATION);
}

/** The "verwijderd" updates of a purge in one conversation (`conversationHash` names it without its id). */
export function purgeThread(conversationHash: string): string {
  return `${PURGE}${conversationHash}`;
}

/**
 * An admin's 1:1 alerts about late outbox entries: a thread of their own, apart from the admin's other 1:1 sends, so
 * an alert never waits behind the entries it is about.
 */
export function outboxAlertThread(aadObjectId: string): string {
  return `${OUTBOX_ALERT}${aadObjectId}`;
}
