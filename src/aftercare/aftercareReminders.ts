import type { Clock } from '../clock';
import type { Outbox } from '../delivery/outbox';
import { aftercareKeys } from '../delivery/outboxKeys';
import { userThread } from '../delivery/threads';
import { errorKind, type Logger } from '../logger';
import { SYSTEM_ACTOR } from '../storage/auditLog';
import type { AuditTrail } from '../storage/auditTrail';
import type { CachedListing } from '../storage/cachedListing';
import type { DocumentMetadata } from '../storage/documentStore';
import { isAsleep } from '../storage/wakeMetadata';
import {
  aftercareIdOf,
  withLines,
  type AftercareChecklist,
  type AftercareReminder,
  type aftercareChecklistSchema,
} from './aftercareChecklist';
import { applicableItemDates, isRemindable, remindableItems, type ItemDates } from './aftercareRules';
import type { AftercareStore } from './aftercareStore';
import { inOfficeHours, localDay, type OfficeHours } from './localTime';

/** What the reminder job needs. */
export interface AftercareRemindersDeps {
  store: AftercareStore;
  outbox: Outbox;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  officeHours: OfficeHours;
}

/** What a reminder pass keeps of a checklist between passes. */
interface ReminderView {
  id: string;
  open: boolean;
  pending: boolean;
  items: ItemDates[];
}

/**
 * Reminds owners 1:1 of due and overdue items, within office hours, at most once per item per (local) day. Each
 * pass claims the due items with an ETag-conditional update of the checklist (marking them reminded today and
 * recording the claimed reminder) and only then records the send in the outbox, so restarts and several instances
 * never remind twice. A claimed reminder not yet in the outbox (a crash in between) is recorded on the next pass.
 */
export class AftercareReminders {
  /** Of every checklist, what a pass needs to see whether it has work to do (dates and states only). */
  private readonly view: CachedListing<typeof aftercareChecklistSchema, ReminderView>;

  constructor(private readonly deps: AftercareRemindersDeps) {
    this.view = deps.store.watch((checklist) => ({
      id: checklist.id,
      open: checklist.status === 'open',
      pending: checklist.pendingReminders.length > 0,
      items: applicableItemDates(checklist),
    }));
  }

  /** One scheduler pass; returns how many checklists this instance claimed reminders on. */
  async remindDue(): Promise<number> {
    const { store, clock, logger, timeZone, officeHours } = this.deps;
    const now = clock.now();
    const today = localDay(now, timeZone);
    // Outside office hours nothing is claimed or recorded (a reminder claimed just before closing time and cut
    // short by a crash is recorded the next morning).
    if (!inOfficeHours(now, officeHours, timeZone)) return 0;
    let claimed = 0;
    // One listing with metadata: checklists asleep (nothing to remind before a later day) are skipped unread; of
    // the rest only those that changed since the last pass are read.
    const check = { now: now.getTime(), today, officeHours: true };
    const asleep = (metadata: DocumentMetadata | undefined) => isAsleep(metadata, check);
    for (const doc of await this.view.all(asleep)) {
      const id = aftercareIdOf(doc.name);
      try {
        if ('error' in doc) throw doc.error;
        // A document stored under another checklist's name (a copy by hand): skipped, as a damaged one is.
        if (doc.value.id !== id) throw new Error('checklist id differs from its document name');
        if (doc.value.pending) {
          const checklist = await store.get(id);
          if (checklist && checklist.pendingReminders.length > 0) await this.record(checklist);
        }
        if (!doc.value.open || !doc.value.items.some((item) => isRemindable(item, today))) continue;
        const claim = await this.claim(id, today, now.toISOString());
        if (!claim) {
          // Another instance claimed between our read and our write: it sends, we do not.
          logger.info('aftercare_reminder_claim_lost', { checklist: id });
          continue;
        }
        claimed++;
        logger.info('aftercare_reminder_claimed', { checklist: id });
        await this.record(claim);
      } catch (err) {
        logger.error('aftercare_reminder_failed', { checklist: id, error: errorKind(err) });
      }
    }
    return claimed;
  }

  /** Marks the due items reminded today and records the reminders to send, in one conditional write. */
  private async claim(id: string, today: string, at: string): Promise<AftercareChecklist | undefined> {
    let applied = false;
    const stored = await this.deps.store.update(id, (current) => {
      applied = false;
      if (!current || current.status !== 'open') return undefined;
      const due = remindableItems(current, today);
      if (due.length === 0) return undefined;
      applied = true;
      const revision = current.revision + 1;
      const byOwner = new Map<string, AftercareReminder>();
      const items = { ...current.items };
      for (const itemId of due) {
        const state = items[itemId];
        if (!state) continue;
        items[itemId] = { ...state, remindedOn: today };
        const owner = state.owner;
        const reminder = byOwner.get(owner.aadObjectId) ?? {
          key: aftercareKeys.reminder(id, today, revision, owner.aadObjectId),
          owner,
          items: [],
        };
        reminder.items.push(itemId);
        byOwner.set(owner.aadObjectId, reminder);
      }
      return {
        ...current,
        items,
        pendingReminders: [...current.pendingReminders, ...byOwner.values()].slice(-20),
        timeline: withLines(current.timeline, {
          at,
          actorId: SYSTEM_ACTOR.aadObjectId,
          actorName: SYSTEM_ACTOR.name,
          action: 'reminded',
          item: due.length === 1 ? due[0] : undefined,
        }),
        revision,
      };
    });
    return applied ? stored : undefined;
  }

  /** Records the claimed reminders in the outbox (idempotent keys), audits them, and clears them from the checklist. */
  private async record(checklist: AftercareChecklist): Promise<void> {
    const { outbox, audit, store } = this.deps;
    const keys = new Set<string>();
    for (const reminder of checklist.pendingReminders) {
      keys.add(reminder.key);
      const owner = reminder.owner.aadObjectId;
      const created = await outbox.enqueue([
        {
          key: reminder.key,
          thread: userThread(owner),
          target: {
            kind: 'personal',
            address: checklist.address,
            aadObjectId: owner,
            userId: owner === checklist.contact.aadObjectId ? checklist.contact.userId : undefined,
            memberOf: checklist.teamId,
          },
          render: {
            card: 'aftercare',
            view: 'reminder',
            checklistId: checklist.id,
            viewerAadObjectId: owner,
            items: reminder.items,
          },
        },
      ]);
      if (created === 0) continue;
      for (const item of reminder.items) {
        await audit.write({
          action: 'aftercare.remind',
          objectType: 'aftercareChecklist',
          objectId: `${checklist.id}/${item}`,
          teamId: checklist.teamId,
        });
      }
    }
    await store.update(checklist.id, (current) => {
      if (!current || !current.pendingReminders.some((r) => keys.has(r.key))) return undefined;
      return { ...current, pendingReminders: current.pendingReminders.filter((r) => !keys.has(r.key)) };
    });
  }
}
