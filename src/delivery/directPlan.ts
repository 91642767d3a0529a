import type { DeliveryPlan } from './deliveryPlan';
import type { OutboxEntry } from './outboxEntry';
import type { OutboundActivity } from './teamsPort';

/**
 * The send for targets whose address is in the entry itself (a new channel thread, a 1:1 message, a PUT over
 * a known activity); undefined for targets that first need a look-up (the notice's thread, a sent copy).
 */
export function directPlan(
  target: OutboxEntry['target'],
  activity: OutboundActivity,
): DeliveryPlan | undefined {
  switch (target.kind) {
    case 'channelThread':
      return {
        kind: 'send',
        operation: { op: 'createThread', address: target.address, channelId: target.channelId, activity },
      };
    case 'personal':
      return {
        kind: 'send',
        operation: {
          op: 'personal',
          address: target.address,
          aadObjectId: target.aadObjectId,
          userId: target.userId,
          memberOf: target.memberOf,
          activity,
        },
      };
    case 'activityPut':
      return {
        kind: 'send',
        operation: {
          op: 'update',
          serviceUrl: target.serviceUrl,
          conversationId: target.conversationId,
          activityId: target.activityId,
          person: target.person,
          activity,
        },
      };
    default:
      return undefined;
  }
}
