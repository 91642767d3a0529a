import { confirmCard } from '../../cards/confirmCard';
import type { Turn } from '../edge/turn';
import type { CardAction } from '../../cards/actions';
import { itemInputIds } from '../../cards/aftercare/aftercareChecklistCard';
import {
  aftercareOverviewCard,
  type AftercareOverviewView,
} from '../../cards/aftercare/aftercareOverviewCard';
import { NEUTRAL_PREVIEW, type AdaptiveCard } from '../../cards/cardShell';
import { messageCard } from '../../cards/messageCard';
import { cardAttachment } from '../edge/cardReply';
import { cardAnswer, messageAnswer, type Answer } from '../bot/answer';
import type { AftercareChecklist } from './aftercareChecklist';
import { checklistItem, overdueItems, progressOf } from './aftercareRules';
import type {
  AftercareActor,
  AftercareRole,
  AftercareService,
  CardPlace,
  ChangeOutcome,
  ItemChange,
} from './aftercareService';
import { AFTERCARE_TEXTS as T } from './aftercareTexts';
import { managerCardOf, staffCardOf, type CardNotice } from './aftercareViews';
import { displayDay, localDay } from './localTime';
import type { Clock } from '../clock';
import type { EscalationService } from '../escalation/escalationService';
import type { RoleService } from '../platform/roles';
import type { Flow } from '../flows/flowSchema';
import type { Logger } from '../logger';
import type { ManagerCheck } from '../incidents/incidentService';
import type { IncidentStore } from '../incidents/incidentStore';
import { incidentHeadline } from '../incidents/incidentTexts';
import type { TeamStore } from '../teams/teamStore';
import { liveManagerCheck } from '../bot/liveManagerCheck';
import { isCardInvoke, isPersonal, personOf, personalAnswer } from '../bot/turnFacts';

/** What the aftercare handlers need. */
export interface AftercareHandlersDeps {
  aftercare: AftercareService;
  incidents: IncidentStore;
  escalations: EscalationService;
  roles: RoleService;
  teams: TeamStore;
  /** The incident flow, for incident headlines. */
  flow: Flow;
  clock: Clock;
  logger: Logger;
  timeZone: string;
}

/**
 * The aftercare buttons and the "nazorg" command, 1:1 only. Roles are decided on the server against the live
 * roster (never from card data); a refusal is seen only by who pressed; the pressed card is answered in place and
 * every other card showing the checklist is updated through the outbox by the service.
 */
export class AftercareHandlers {
  constructor(private readonly deps: AftercareHandlersDeps) {}

  /** The aftercare.* buttons. */
  async onAction(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const actor = this.actorOf(context);
    if (!isPersonal(context) || !actor) return this.say(context, T.personalOnly);
    const id = action.ref ?? '';
    switch (action.action) {
      case 'aftercare.start':
        return this.start(context, actor, id);
      case 'aftercare.open':
        return this.open(context, actor, id);
      case 'aftercare.tick':
        return this.change(context, actor, id, { kind: 'tick', item: action.value ?? '' });
      case 'aftercare.notNeeded': {
        const item = action.value ?? '';
        const reason = action.fields?.[itemInputIds(item).reason] ?? '';
        return this.change(context, actor, id, { kind: 'notNeeded', item, reason });
      }
      case 'aftercare.reschedule': {
        const item = action.value ?? '';
        const date = action.fields?.[itemInputIds(item).date] ?? '';
        return this.change(context, actor, id, { kind: 'reschedule', item, date });
      }
      case 'aftercare.decline':
        // Saying no to aftercare is asked once more; "nee" opens the checklist again, unchanged.
        if (action.confirmed !== 'ja') {
          return cardAnswer(
            confirmCard({
              title: T.declineConfirmTitle,
              lines: [...T.declineConfirmLines],
              yes: { title: T.declineConfirmYes, data: { action: 'aftercare.decline', ref: id } },
              no: { title: T.declineConfirmNo, data: { action: 'aftercare.open', ref: id } },
            }),
          );
        }
        return this.respond(context, actor, id, 'declined');
      case 'aftercare.accept':
        return this.respond(context, actor, id, 'accepted');
      default:
        return this.showOverview(context);
    }
  }

  /** "nazorg": the team's open checklists with what is overdue, incidents to start from, and one's own. */
  async showOverview(context: Turn, name?: string): Promise<Answer | undefined> {
    const actor = this.actorOf(context);
    if (!isPersonal(context) || !actor) return this.say(context, T.personalOnly);
    const overview = await this.deps.aftercare.overview(actor, this.managerCheck(context));
    const wanted = name?.trim().toLowerCase();
    const matches = (staff: string) => !wanted || staff.toLowerCase().includes(wanted);
    const today = localDay(this.deps.clock.now(), this.deps.timeZone);
    const day = (iso: string) => displayDay(localDay(new Date(iso), this.deps.timeZone));
    const view: AftercareOverviewView = {
      managed: overview.managed
        .filter((c) => matches(c.staff.name))
        .map((c) => {
          const { settled, total } = progressOf(c);
          return {
            checklistId: c.id,
            revision: c.revision,
            headline: `${c.staff.name} · ${T.incidentOn.toLowerCase()} ${day(c.incidentAt)}`,
            contactName: c.contact.name,
            progress: T.progress(settled, total),
            overdue: overdueItems(c, today).map((item) => checklistItem(c, item)?.title ?? item),
          };
        }),
      startable: overview.startable
        .filter((i) => matches(i.reporter.name))
        .map((i) => ({
          incidentId: i.id,
          revision: i.revision,
          headline: `${i.reporter.name}: ${incidentHeadline(i, this.deps.flow)}`,
        })),
      own: wanted
        ? []
        : overview.own.map((c) => ({
            checklistId: c.id,
            revision: c.revision,
            headline: `${T.staffTitle} (${day(c.incidentAt)})`,
          })),
    };
    if (wanted && view.managed.length + view.startable.length === 0) view.notice = T.noMatch;
    return cardAnswer(aftercareOverviewCard(view), NEUTRAL_PREVIEW);
  }

  /** From an incident (its id) or an escalation's details card (the escalation id). */
  private async start(context: Turn, actor: AftercareActor, ref: string): Promise<Answer | undefined> {
    const incidentId = ref.startsWith('esc-') ? await this.incidentOfEscalation(ref) : ref;
    if (!incidentId) return this.say(context, T.notFound);
    const outcome = await this.deps.aftercare.start(
      actor,
      incidentId,
      this.managerCheck(context),
      this.placeOf(context),
    );
    if (!outcome.ok) {
      const text = {
        not_found: T.notFound,
        not_manager: T.refusedManagerOnly,
        own: T.refusedOwn,
        not_shared: T.refusedNotShared,
        closed: T.refusedClosed,
      }[outcome.reason];
      return this.say(context, text);
    }
    const notice =
      outcome.status === 'started'
        ? T.started(outcome.checklist.staff.name || 'Je collega')
        : T.alreadyStarted;
    return this.present(context, outcome.checklist, 'manager', { notice, noticeTone: 'Good' });
  }

  private async open(context: Turn, actor: AftercareActor, id: string): Promise<Answer | undefined> {
    const opened = await this.deps.aftercare.open(
      actor,
      id,
      this.managerCheck(context),
      this.placeOf(context),
    );
    if (!opened.ok) return this.say(context, opened.reason === 'refused' ? T.refusedView : T.notFound);
    return this.present(context, opened.checklist, opened.role);
  }

  private async change(
    context: Turn,
    actor: AftercareActor,
    id: string,
    change: ItemChange,
  ): Promise<Answer | undefined> {
    const outcome = await this.deps.aftercare.changeItem(
      actor,
      id,
      change,
      this.managerCheck(context),
      this.placeOf(context),
    );
    let notice: CardNotice;
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'not_found':
          return this.say(context, T.notFound);
        case 'refused':
          return this.say(context, T.refusedManagerOnly);
        case 'invalid':
          notice = { notice: outcome.problem === 'reason' ? T.needReason : T.badDate, noticeTone: 'Warning' };
          return this.present(context, outcome.checklist, 'manager', notice);
      }
    }
    switch (outcome.status) {
      case 'already':
        return this.present(context, outcome.checklist, outcome.role, {
          notice: T.alreadyChanged,
          noticeTone: 'Warning',
        });
      case 'done': {
        const title = checklistItem(outcome.checklist, change.item)?.title ?? '';
        const text =
          change.kind === 'tick'
            ? T.ticked(title)
            : change.kind === 'notNeeded'
              ? T.markedNotNeeded(title)
              : T.rescheduledTo(title, displayDay(change.date));
        notice = { notice: outcome.closedNow ? `${text} ${T.closedNow}` : text, noticeTone: 'Good' };
        return this.present(context, outcome.checklist, 'manager', notice);
      }
    }
  }

  private async respond(
    context: Turn,
    actor: AftercareActor,
    id: string,
    response: 'declined' | 'accepted',
  ): Promise<Answer | undefined> {
    const outcome: ChangeOutcome = await this.deps.aftercare.respond(
      actor,
      id,
      response,
      this.placeOf(context),
    );
    if (!outcome.ok) {
      const text = { not_found: T.notFound, refused: T.refusedStaffOnly, invalid: T.tryAgain }[
        outcome.reason
      ];
      return this.say(context, text);
    }
    const text = response === 'declined' ? T.declined : T.accepted;
    return this.present(context, outcome.checklist, 'staff', {
      notice: outcome.status === 'done' ? text : undefined,
      noticeTone: 'Good',
    });
  }

  /** Shows the checklist as the role sees it: in place for a card button, else as a new message (remembered). */
  private async present(
    context: Turn,
    checklist: AftercareChecklist,
    role: AftercareRole,
    notice: CardNotice = {},
  ): Promise<Answer | undefined> {
    const { clock, timeZone } = this.deps;
    const card =
      role === 'manager'
        ? managerCardOf(checklist, clock.now(), timeZone, notice)
        : staffCardOf(checklist, timeZone, notice);
    if (isCardInvoke(context)) return cardAnswer(card);
    const sent = await context.sendActivity({
      attachments: [cardAttachment(card)],
      summary: NEUTRAL_PREVIEW,
    });
    const person = personOf(context);
    const conversationId = context.activity.conversation?.id;
    if (sent?.id && person && conversationId) {
      await this.deps.aftercare.rememberView(checklist.id, {
        aadObjectId: person.aadObjectId,
        role,
        serviceUrl: context.activity.serviceUrl,
        conversationId,
        activityId: sent.id,
      });
    }
    return undefined;
  }

  /** Where the pressed card is (an Action.Execute answers in place; a later change updates it with a PUT). */
  private placeOf(context: Turn): CardPlace | undefined {
    const { serviceUrl, conversation, replyToId } = context.activity;
    if (!isCardInvoke(context) || !replyToId || !conversation?.id || !serviceUrl) return undefined;
    return { serviceUrl, conversationId: conversation.id, activityId: replyToId };
  }

  /** The incident an escalation about harassment of a staff member was made for. */
  private async incidentOfEscalation(escalationId: string): Promise<string | undefined> {
    const escalation = await this.deps.escalations.get(escalationId);
    if (escalation?.kind !== 'grensoverschrijdend_gedrag_medewerker') return undefined;
    // The escalation names its incident (a later alarm as "<incident>-bel-<n>"); starting checks access.
    return escalation.recordId?.replace(/-bel-\d+$/, '');
  }

  private actorOf(context: Turn): AftercareActor | undefined {
    const person = personOf(context);
    return person ? { ...person, conversationId: context.activity.conversation?.id } : undefined;
  }

  /** A short line to who pressed: a card in place or in the 1:1 chat, plain text in a channel. */
  private say(context: Turn, text: string): Answer {
    const card: AdaptiveCard = messageCard({ title: T.overviewTitle, text });
    return personalAnswer(context, card) ?? messageAnswer(text);
  }

  /** Managers of a team, checked live at this moment (see liveManagerCheck). */
  private managerCheck(context: Turn): ManagerCheck {
    return liveManagerCheck(context, this.deps);
  }
}
