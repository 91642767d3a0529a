import { aftercareChecklistCard, type AftercareItemRow } from '../../cards/aftercare/aftercareChecklistCard';
import { aftercareReminderCard } from '../../cards/aftercare/aftercareReminderCard';
import { aftercareStaffCard } from '../../cards/aftercare/aftercareStaffCard';
import type { AdaptiveCard } from '../../cards/cardShell';
import { messageCard } from '../../cards/messageCard';
import { formatWhen } from '../escalation/escalationTexts';
import type { AftercareChecklist } from './aftercareChecklist';
import {
  applicableItems,
  checklistItem,
  checklistSources,
  offerAgainDays,
  progressOf,
} from './aftercareRules';
import { AFTERCARE_TEXTS as T } from './aftercareTexts';
import { displayDay, localDay } from './localTime';

/** A notice above a card, for the person who pressed. */
export interface CardNotice {
  notice?: string;
  noticeTone?: 'Good' | 'Warning' | 'Attention';
}

/** The due line of an open item: "Vandaag", "Uiterlijk 5 november", or overdue. */
function dueLine(dueDate: string, today: string, rescheduled: boolean): string {
  const base = dueDate === today ? T.dueToday : T.dueOn(displayDay(dueDate));
  const extra = [dueDate < today ? T.overdue : '', rescheduled ? T.rescheduled : ''].filter(Boolean);
  return extra.length > 0 ? `${base} · ${extra.join(' · ')}` : base;
}

/** The manager's rows: every applicable item with its state. */
function itemRows(checklist: AftercareChecklist, today: string, timeZone: string): AftercareItemRow[] {
  return applicableItems(checklist).flatMap((item) => {
    const state = checklist.items[item.id];
    if (!state) return [];
    const changed = state.changedAt ? displayDay(localDay(new Date(state.changedAt), timeZone)) : '';
    const who = state.changedBy?.name ?? '';
    const statusLine =
      state.status === 'done'
        ? T.done(who, changed)
        : state.status === 'not_needed'
          ? T.notNeeded(who, changed)
          : dueLine(state.dueDate, today, state.rescheduled);
    return [
      {
        id: item.id,
        title: item.title,
        guidance: item.guidance,
        owner: item.owner,
        status: state.status,
        statusLine,
        dueDate: state.dueDate,
        overdue: state.status === 'open' && state.dueDate < today,
        reason: state.status === 'not_needed' ? state.reason : undefined,
      },
    ];
  });
}

/** When aftercare is offered again after a decline ("2 weken"), as the checklist's own items say. */
function offerAgainIn(checklist: AftercareChecklist): string | undefined {
  const days = offerAgainDays(checklist);
  return days === undefined ? undefined : T.span(days);
}

/** How the staff member responded, for the manager's card. */
function colleagueStatus(checklist: AftercareChecklist, timeZone: string): string {
  if (checklist.staffResponse === 'declined' && checklist.declinedAt)
    return T.staffDeclined(displayDay(localDay(new Date(checklist.declinedAt), timeZone)));
  return checklist.staffResponse === 'accepted' ? T.staffAccepted : T.staffInformed;
}

/** The manager's checklist card as the checklist is now. */
export function managerCardOf(
  checklist: AftercareChecklist,
  now: Date,
  timeZone: string,
  notice: CardNotice = {},
): AdaptiveCard {
  const today = localDay(now, timeZone);
  const { settled, total } = progressOf(checklist);
  const day = (iso: string) => displayDay(localDay(new Date(iso), timeZone));
  return aftercareChecklistCard({
    checklistId: checklist.id,
    revision: checklist.revision,
    staffName: checklist.staff.name || 'je collega',
    contactName: checklist.contact.name,
    incidentDay: day(checklist.incidentAt),
    colleagueStatus: colleagueStatus(checklist, timeZone),
    progress: T.progress(settled, total),
    statusLine: checklist.closedAt ? T.statusClosed(day(checklist.closedAt)) : T.statusOpen,
    closed: checklist.status === 'closed',
    today,
    declinedBanner:
      checklist.staffResponse === 'declined' && checklist.status === 'open'
        ? T.declinedBanner(checklist.staff.name || 'Je collega', offerAgainIn(checklist))
        : undefined,
    items: itemRows(checklist, today, timeZone),
    timeline: checklist.timeline.slice(-8).map((line) => {
      const item = line.item ? checklistItem(checklist, line.item)?.title : undefined;
      const what = T.timelineActions[line.action];
      return `${formatWhen(line.at, timeZone)}: ${item ? `${what}: ${item}` : what} (${line.actorName ?? 'Baken'})`;
    }),
    sources: checklistSources(checklist),
    ...notice,
  });
}

/** The staff member's card: contact, what will happen and its status; never the manager's notes. */
export function staffCardOf(
  checklist: AftercareChecklist,
  timeZone: string,
  notice: CardNotice = {},
): AdaptiveCard {
  const day = (iso: string) => displayDay(localDay(new Date(iso), timeZone));
  return aftercareStaffCard({
    checklistId: checklist.id,
    revision: checklist.revision,
    contactName: checklist.contact.name || 'Je leidinggevende',
    incidentDay: day(checklist.incidentAt),
    response: checklist.staffResponse,
    offerAgainIn: offerAgainIn(checklist),
    closedDay: checklist.status === 'closed' && checklist.closedAt ? day(checklist.closedAt) : undefined,
    items: applicableItems(checklist).map((item) => ({
      text: item.staffText,
      status: checklist.items[item.id]?.status ?? 'open',
    })),
    sources: checklistSources(checklist),
    ...notice,
  });
}

/** A reminder of the given items that are still open. Undefined when none is open any more. */
export function reminderCardOf(
  checklist: AftercareChecklist,
  itemIds: string[],
  now: Date,
  timeZone: string,
): AdaptiveCard | undefined {
  const today = localDay(now, timeZone);
  const items = applicableItems(checklist).flatMap((item) => {
    const state = checklist.items[item.id];
    if (!itemIds.includes(item.id) || state?.status !== 'open') return [];
    return [{ title: item.title, due: dueLine(state.dueDate, today, false) }];
  });
  if (checklist.status !== 'open' || items.length === 0) return undefined;
  return aftercareReminderCard({
    checklistId: checklist.id,
    revision: checklist.revision,
    staffName: checklist.staff.name || 'je collega',
    items,
  });
}

/** The message to the contact when the staff member declined (or wants aftercare after all). */
export function responseCardOf(checklist: AftercareChecklist): AdaptiveCard {
  const staff = checklist.staff.name || 'Je collega';
  return messageCard({
    title: T.declinedMessageTitle,
    text:
      checklist.staffResponse === 'declined'
        ? T.declinedMessage(staff, offerAgainIn(checklist))
        : T.acceptedMessage(staff),
  });
}
