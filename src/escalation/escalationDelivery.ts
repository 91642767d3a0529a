import type { DeliveryError } from '../delivery/deliveryError';
import { directPlan } from '../delivery/directPlan';
import type { DeliveryPlan, DeliveryPlanner } from '../delivery/deliveryPlan';
import type { Outbox } from '../delivery/outbox';
import type { OutboxEntry } from '../delivery/outboxEntry';
import { escalationKeys } from '../delivery/outboxKeys';
import type { DeliveryResult } from '../delivery/teamsPort';
import type { EscalationService } from './escalationService';
import { cardActivity, renderInstruction } from './escalationViews';

/** How long an update or reply waits for its notice to be posted before looking again. */
const NOTICE_WAIT_MS = 5_000;

/**
 * The escalation side of delivery: renders each outbox entry at send time from the current record (so the
 * outbox never holds text), finds the channel notice for updates and replies, and handles the notice's fate.
 */
export class EscalationDelivery implements DeliveryPlanner {
  constructor(
    private readonly escalations: EscalationService,
    private readonly outbox: Outbox,
    private readonly timeZone: string,
  ) {}

  /** What to send for an entry now, or wait / skip. */
  async plan(entry: OutboxEntry): Promise<DeliveryPlan> {
    const id = ('escalationId' in entry.render ? entry.render.escalationId : undefined) ?? entry.escalationId;
    const record = id ? await this.escalations.get(id) : undefined;
    if (id && !record) return { kind: 'skip', reason: 'gone' };
    if (entry.target.kind === 'channelThread' && record && record.route !== 'channel') {
      // A repeat of an escalation made before the team had a channel: it stays on its first route.
      return { kind: 'skip', reason: 'not_channel_route' };
    }
    const card = renderInstruction(entry.render, record, this.timeZone);
    if (!card) return { kind: 'skip', reason: 'nothing_to_render' };
    const target = entry.target;
    const oneToOne = ['details', 'timeline', 'dossier'].includes(entry.render.card);
    if (target.kind !== 'personal' && oneToOne) {
      // Details are for 1:1 chat only, whatever an entry says.
      return { kind: 'skip', reason: 'details_not_in_channel' };
    }
    const activity = cardActivity(card);
    const direct = directPlan(target, activity);
    if (direct) return direct;
    switch (target.kind) {
      case 'activityUpdate': {
        const source = (await this.outbox.get(target.sourceKey))?.value;
        if (!source || source.status !== 'sent' || !source.result)
          return { kind: 'skip', reason: 'no_source' };
        if (source.target.kind !== 'personal' && source.target.kind !== 'channelThread') {
          return { kind: 'skip', reason: 'no_source' };
        }
        return {
          kind: 'send',
          operation: {
            op: 'update',
            serviceUrl: source.target.address.serviceUrl,
            conversationId: source.result.conversationId,
            activityId: source.result.activityId,
            activity,
            person: source.target.kind === 'personal' ? source.target.aadObjectId : undefined,
          },
        };
      }
      case 'noticeReply':
      case 'noticeUpdate': {
        const notice = (await this.outbox.get(escalationKeys.notice(target.escalationId)))?.value;
        if (!notice) return { kind: 'skip', reason: 'no_notice' };
        if (notice.status === 'pending')
          return { kind: 'wait', retryInMs: NOTICE_WAIT_MS, reason: 'notice_pending' };
        if (notice.status !== 'sent' || !notice.result || notice.target.kind !== 'channelThread') {
          return { kind: 'skip', reason: 'no_notice' };
        }
        const serviceUrl = notice.target.address.serviceUrl;
        return target.kind === 'noticeUpdate'
          ? {
              kind: 'send',
              operation: {
                op: 'update',
                serviceUrl,
                conversationId: notice.result.conversationId,
                activityId: notice.result.activityId,
                activity,
              },
            }
          : {
              kind: 'send',
              operation: { op: 'reply', serviceUrl, conversationId: notice.result.conversationId, activity },
            };
      }
      default:
        return { kind: 'skip', reason: 'target' };
    }
  }

  /** A channel notice was posted: record where. */
  async onSent(entry: OutboxEntry, result: DeliveryResult): Promise<void> {
    if (entry.target.kind === 'channelThread' && entry.escalationId) {
      await this.escalations.noticeDelivered(entry.escalationId, result);
    }
  }

  /** A channel notice failed for good: fall back to the managers 1:1 and tell the admins. */
  async onFailed(entry: OutboxEntry, _error: DeliveryError): Promise<void> {
    if (entry.target.kind === 'channelThread' && entry.escalationId) {
      await this.escalations.noticeFailed(entry.escalationId);
    }
  }
}
