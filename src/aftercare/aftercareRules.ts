import { sourceIdSchema, type SourceId } from '../flows/flowSchema';
import type { AftercareChecklist, AftercareItemState } from './aftercareChecklist';
import { DEFAULT_AFTERCARE_ITEMS, type AftercareItem } from './aftercareItems';
import { addDays } from './localTime';
import type { Wake } from '../storage/wakeMetadata';

/** The checklist's own items: its copy from the start, or the default list for one stored before copies were kept. */
export function checklistItems(checklist: Pick<AftercareChecklist, 'content'>): readonly AftercareItem[] {
  return checklist.content ?? DEFAULT_AFTERCARE_ITEMS;
}

/** The content of one of the checklist's own items, by id. */
export function checklistItem(
  checklist: Pick<AftercareChecklist, 'content'>,
  id: string,
): AftercareItem | undefined {
  return checklistItems(checklist).find((item) => item.id === id);
}

/** The sources of the checklist's own items, in the order of the source list (for the cards' "Bron:" line). */
export function checklistSources(checklist: Pick<AftercareChecklist, 'content'>): SourceId[] {
  const used = new Set(checklistItems(checklist).flatMap((item) => item.sources));
  return sourceIdSchema.options.filter((source) => used.has(source));
}

/** In how many days aftercare is offered again after a decline (the earliest such item), if the list says so. */
export function offerAgainDays(checklist: Pick<AftercareChecklist, 'content'>): number | undefined {
  const days = checklistItems(checklist)
    .filter((item) => item.due.from === 'declined')
    .map((item) => item.due.days);
  return days.length > 0 ? Math.min(...days) : undefined;
}

/** True when the item applies to this checklist ("offer again" only once the staff member declined). */
export function isApplicable(
  item: AftercareItem,
  checklist: Pick<AftercareChecklist, 'declinedAt'>,
): boolean {
  return item.due.from !== 'declined' || checklist.declinedAt !== undefined;
}

/** The items that apply to the checklist, in content order, with their state. */
export function applicableItems(checklist: AftercareChecklist): AftercareItem[] {
  return checklistItems(checklist).filter(
    (item) => isApplicable(item, checklist) && checklist.items[item.id],
  );
}

/** True when every applicable item is done or not needed: the checklist may close. */
export function allSettled(checklist: AftercareChecklist): boolean {
  return applicableItems(checklist).every((item) => checklist.items[item.id]?.status !== 'open');
}

/** What a reminder pass needs of an item: its state, due day and the day it was last reminded. */
export type ItemDates = Pick<AftercareItemState, 'status' | 'dueDate' | 'remindedOn'>;

/** The states of the checklist's applicable items (no names or notes: what the reminder pass keeps in memory). */
export function applicableItemDates(checklist: AftercareChecklist): ItemDates[] {
  return applicableItems(checklist).flatMap((item) => {
    const state = checklist.items[item.id];
    return state ? [{ status: state.status, dueDate: state.dueDate, remindedOn: state.remindedOn }] : [];
  });
}

/** True when an item may be reminded of today: open, due on or before today, not reminded today yet. */
export function isRemindable(state: ItemDates, today: string): boolean {
  return state.status === 'open' && state.dueDate <= today && state.remindedOn !== today;
}

/** The first local day on which an item may be reminded of (see isRemindable), or undefined when never. */
export function firstRemindableDay(state: ItemDates): string | undefined {
  if (state.status !== 'open') return undefined;
  return state.remindedOn !== undefined && state.remindedOn >= state.dueDate
    ? addDays(state.remindedOn, 1)
    : state.dueDate;
}

/**
 * When a reminder pass may next have work on the checklist: at once while claimed reminders wait to be recorded;
 * while it is open, on the first day an item may be reminded of (in office hours); otherwise never.
 */
export function aftercareWake(checklist: AftercareChecklist): Wake {
  if (checklist.pendingReminders.length > 0) return {};
  if (checklist.status !== 'open') return 'never';
  const days = applicableItemDates(checklist).flatMap((state) => firstRemindableDay(state) ?? []);
  if (days.length === 0) return 'never';
  return { day: days.reduce((a, b) => (b < a ? b : a)), officeHours: true };
}

/** Open applicable items due on or before `today` (local day). */
export function dueItems(checklist: AftercareChecklist, today: string): string[] {
  return applicableItems(checklist)
    .filter((item) => {
      const state = checklist.items[item.id];
      return state?.status === 'open' && state.dueDate <= today;
    })
    .map((item) => item.id);
}

/** Due items that have not been reminded today: what a reminder pass may claim. */
export function remindableItems(checklist: AftercareChecklist, today: string): string[] {
  return applicableItems(checklist)
    .filter((item) => {
      const state = checklist.items[item.id];
      return state !== undefined && isRemindable(state, today);
    })
    .map((item) => item.id);
}

/** Open applicable items past their due day. */
export function overdueItems(checklist: AftercareChecklist, today: string): string[] {
  return dueItems(checklist, today).filter((id) => (checklist.items[id]?.dueDate ?? today) < today);
}

/** How many applicable items are settled, and how many there are. */
export function progressOf(checklist: AftercareChecklist): { settled: number; total: number } {
  const items = applicableItems(checklist);
  const settled = items.filter((item) => checklist.items[item.id]?.status !== 'open').length;
  return { settled, total: items.length };
}
