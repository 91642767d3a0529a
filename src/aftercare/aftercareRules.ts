import type { AftercareChecklist, AftercareItemState } from './aftercareChecklist';
import { AFTERCARE_ITEMS, type AftercareItem } from './aftercareItems';

/** True when the item applies to this checklist ("offer again" only once the staff member declined). */
export function isApplicable(
  item: AftercareItem,
  checklist: Pick<AftercareChecklist, 'declinedAt'>,
): boolean {
  return item.due.from !== 'declined' || checklist.declinedAt !== undefined;
}

/** The items that apply to the checklist, in content order, with their state. */
export function applicableItems(checklist: AftercareChecklist): AftercareItem[] {
  return AFTERCARE_ITEMS.filter((item) => isApplicable(item, checklist) && checklist.items[item.id]);
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
