import { removedCard } from '../../cards/removedCard';
import type { AdaptiveCard } from '../../cards/cardShell';
import type { Clock } from '../clock';
import { directPlan } from '../delivery/directPlan';
import type { DeliveryPlan, DeliveryPlanner } from '../delivery/deliveryPlan';
import type { OutboxEntry } from '../delivery/outboxEntry';
import type { PlannerRoute } from '../delivery/routingPlanner';
import type { DeliveryResult } from '../delivery/teamsPort';
import { cardActivity } from '../escalation/escalationViews';
import type { TeamStore } from '../teams/teamStore';
import type { AftercareService } from './aftercareService';
import { managerCardOf, reminderCardOf, responseCardOf, staffCardOf } from './aftercareViews';

/**
 * The aftercare side of delivery: renders each entry at send time from the current checklist (so the outbox
 * never holds a reason or any text), sends 1:1 or updates a shown card in place (PUT), and remembers where
 * checklist cards were posted. Also puts the "verwijderd" card over cards about a purged record.
 */
export class AftercareDelivery implements DeliveryPlanner {
  constructor(
    private readonly aftercare: AftercareService,
    private readonly teams: TeamStore,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The route for the dispatcher: aftercare cards and "verwijderd" cards. */
  route(): PlannerRoute {
    return {
      handles: (entry) => entry.render.card === 'aftercare' || entry.render.card === 'removed',
      planner: this,
    };
  }

  /** What to send for an entry now, or skip. */
  async plan(entry: OutboxEntry): Promise<DeliveryPlan> {
    const card = await this.cardFor(entry);
    if ('skip' in card) return { kind: 'skip', reason: card.skip };
    const activity = cardActivity(card.card);
    // A checklist is sent 1:1 or put over a card it replaces; never to a channel.
    if (entry.target.kind === 'channelThread') return { kind: 'skip', reason: 'target' };
    return directPlan(entry.target, activity) ?? { kind: 'skip', reason: 'target' };
  }

  /** A checklist card was posted 1:1: remember where, so later changes update it in place. */
  async onSent(entry: OutboxEntry, result: DeliveryResult): Promise<void> {
    const render = entry.render;
    if (render.card !== 'aftercare' || entry.target.kind !== 'personal') return;
    if (render.view !== 'manager' && render.view !== 'staff') return;
    await this.aftercare.rememberView(render.checklistId, {
      aadObjectId: render.viewerAadObjectId,
      role: render.view,
      serviceUrl: entry.target.address.serviceUrl,
      conversationId: result.conversationId,
      activityId: result.activityId,
    });
  }

  /** Nothing follows a failed aftercare send: the next reminder or change tries again. */
  async onFailed(): Promise<void> {}

  private async cardFor(entry: OutboxEntry): Promise<{ card: AdaptiveCard } | { skip: string }> {
    const render = entry.render;
    if (render.card === 'removed') {
      return entry.target.kind === 'activityPut' ? { card: removedCard() } : { skip: 'target' };
    }
    if (render.card !== 'aftercare') return { skip: 'not_aftercare' };
    const checklist = await this.aftercare.peek(render.checklistId);
    if (!checklist) return { skip: 'gone' };
    const viewer = render.viewerAadObjectId;
    if (render.view !== 'staff') {
      // Manager cards, reminders and messages go only to someone who is still a manager of the team.
      const team = await this.teams.get(checklist.teamId);
      if (!team?.managers.some((m) => m.aadObjectId === viewer)) return { skip: 'not_manager' };
    }
    switch (render.view) {
      case 'manager':
        return { card: managerCardOf(checklist, this.clock.now(), this.timeZone) };
      case 'staff':
        if (viewer !== checklist.staff.aadObjectId) return { skip: 'not_staff' };
        return { card: staffCardOf(checklist, this.timeZone) };
      case 'reminder': {
        const card = reminderCardOf(checklist, render.items ?? [], this.clock.now(), this.timeZone);
        return card ? { card } : { skip: 'nothing_due' };
      }
      case 'declined':
        return { card: responseCardOf(checklist) };
    }
  }
}
