import type { DeliveryError } from './deliveryError';
import type { OutboxEntry, SendAddress } from './outboxEntry';
import type { DeliveryResult, OutboundActivity, TeamsPort } from './teamsPort';
import { conversationThread, userThread } from './threads';

/** One call to Teams, fully resolved. */
export type TeamsOperation =
  | { op: 'createThread'; address: SendAddress; channelId: string; activity: OutboundActivity }
  | {
      op: 'personal';
      address: SendAddress;
      aadObjectId: string;
      userId?: string;
      /** Only while on this team's live roster (and not a guest). */
      memberOf?: string;
      activity: OutboundActivity;
    }
  | { op: 'reply'; serviceUrl: string; conversationId: string; activity: OutboundActivity }
  | {
      op: 'update';
      serviceUrl: string;
      conversationId: string;
      activityId: string;
      activity: OutboundActivity;
      /** Set when the conversation is this person's 1:1 chat: it is the thread their 1:1 sends count against. */
      person?: string;
    };

/** What to do with an entry now. */
export type DeliveryPlan =
  | { kind: 'send'; operation: TeamsOperation }
  | { kind: 'wait'; retryInMs: number; reason: string }
  | { kind: 'skip'; reason: string };

/** Renders entries from the records at send time and hears how they ended (the escalation side). */
export interface DeliveryPlanner {
  /** Turns an entry into the call to make, or says to wait or skip. */
  plan(entry: OutboxEntry): Promise<DeliveryPlan>;
  /** Called once Teams accepted an entry (after it was marked sent). */
  onSent(entry: OutboxEntry, result: DeliveryResult): Promise<void>;
  /** Called once an entry failed for good (permanent error or attempts used up). */
  onFailed(entry: OutboxEntry, error: DeliveryError): Promise<void>;
}

/** How a call to Teams ended when it did not throw: accepted, or skipped (the person is no longer on the team). */
export type Attempt = { sent: DeliveryResult } | { skipped: string };

/** Makes the call to Teams. A 1:1 send limited to a team's members is skipped for someone not (or only as a guest) on it. */
export async function executeOperation(port: TeamsPort, operation: TeamsOperation): Promise<Attempt> {
  switch (operation.op) {
    case 'createThread':
      return {
        sent: await port.createChannelThread(operation.address, operation.channelId, operation.activity),
      };
    case 'reply':
      return { sent: await port.reply(operation.serviceUrl, operation.conversationId, operation.activity) };
    case 'update':
      await port.update(
        operation.serviceUrl,
        operation.conversationId,
        operation.activityId,
        operation.activity,
      );
      return { sent: { conversationId: operation.conversationId, activityId: operation.activityId } };
    case 'personal': {
      let userId = operation.userId ?? operation.aadObjectId;
      if (operation.memberOf) {
        const member = await port.member(operation.address.serviceUrl, operation.memberOf, userId);
        if (!member) return { skipped: 'not_member' };
        if (member.userRole === 'guest') return { skipped: 'guest' };
        userId = member.userId;
      }
      return { sent: await port.sendPersonal(operation.address, userId, operation.activity) };
    }
  }
}

/**
 * The conversation a send counts against for Teams' per-thread limits. A person's 1:1 chat is one conversation
 * whether a send posts to it or updates a message in it, so both count under the person.
 */
export function rateKey(operation: TeamsOperation): string {
  switch (operation.op) {
    case 'createThread':
      return conversationThread(operation.channelId);
    case 'personal':
      return userThread(operation.aadObjectId);
    case 'update':
      return operation.person ? userThread(operation.person) : conversationThread(operation.conversationId);
    default:
      return conversationThread(operation.conversationId);
  }
}
