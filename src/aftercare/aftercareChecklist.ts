import { z } from 'zod';
import { sendAddressSchema } from '../delivery/outboxEntry';
import { incidentIdSchema } from '../incidents/incidentRecord';
import { aftercareItemIdSchema, aftercareItemSchema } from './aftercareItems';

const isoTime = z.iso.datetime({ offset: true });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const aad = z.string().min(1).max(100);
const name = z.string().max(200);

/** Longest "niet nodig" reason a manager may type (it is never logged or audited). */
export const REASON_MAX_LENGTH = 200;

/** A person on a checklist: Entra object id, display name and Teams user id. */
export const aftercarePersonSchema = z.object({ aadObjectId: aad, name, userId: z.string().min(1).max(200) });
/** A person on a checklist. */
export type AftercarePerson = z.infer<typeof aftercarePersonSchema>;

/** The state of one item. */
export const aftercareItemStateSchema = z.object({
  status: z.enum(['open', 'done', 'not_needed']),
  /** The local calendar day (TIMEZONE) it is due. */
  dueDate: day,
  /** Who is reminded: the contact manager at the start. */
  owner: z.object({ aadObjectId: aad, name }),
  /** True once a manager gave it a new date. */
  rescheduled: z.boolean().default(false),
  /** Why it is not needed: for managers only, never shown to the staff member, logged or audited. */
  reason: z.string().max(REASON_MAX_LENGTH).optional(),
  changedAt: isoTime.optional(),
  changedBy: z.object({ aadObjectId: aad, name }).optional(),
  /** The local day of the last reminder: at most one per item per day. */
  remindedOn: day.optional(),
});
/** An item's state. */
export type AftercareItemState = z.infer<typeof aftercareItemStateSchema>;

/** A card Baken showed with this checklist, so a change can update it in place (PUT). */
export const aftercareViewSchema = z.object({
  aadObjectId: aad,
  role: z.enum(['manager', 'staff']),
  serviceUrl: z.string().min(1).max(500),
  conversationId: z.string().min(1).max(500),
  activityId: z.string().min(1).max(500),
});
/** A shown card. */
export type AftercareView = z.infer<typeof aftercareViewSchema>;

/** A reminder claimed but not yet recorded in the outbox (recorded on the next pass if a crash came between). */
export const aftercareReminderSchema = z.object({
  key: z.string().min(1).max(300),
  owner: z.object({ aadObjectId: aad, name }),
  items: z.array(aftercareItemIdSchema).min(1).max(30),
});
/** A claimed reminder. */
export type AftercareReminder = z.infer<typeof aftercareReminderSchema>;

/** What happened to a checklist, as codes (never free text). */
export const aftercareTimelineActionSchema = z.enum([
  'started',
  'staff_told',
  'declined',
  'accepted',
  'ticked',
  'not_needed',
  'rescheduled',
  'reminded',
  'closed',
]);
/** A timeline action. */
export type AftercareTimelineAction = z.infer<typeof aftercareTimelineActionSchema>;

/** One line of a checklist's timeline. */
export const aftercareTimelineEntrySchema = z.object({
  at: isoTime,
  actorId: aad,
  actorName: name.optional(),
  action: aftercareTimelineActionSchema,
  item: aftercareItemIdSchema.optional(),
});
/** A timeline entry. */
export type AftercareTimelineEntry = z.infer<typeof aftercareTimelineEntrySchema>;

/**
 * The aftercare checklist of one incident (PRODUCT.md item 9): its own document in the records container, changed
 * only with ETag-checked updates. Its id is the incident's id: one checklist per incident.
 */
export const aftercareChecklistSchema = z.object({
  id: incidentIdSchema,
  schemaVersion: z.literal(1),
  teamId: z.string().min(1).max(200),
  /** Where proactive 1:1 messages start (the team's service URL, tenant and bot). */
  address: sendAddressSchema,
  /** The staff member the aftercare is for (the incident's reporter). */
  staff: aftercarePersonSchema,
  /** The manager who started it: the staff member's contact. */
  contact: aftercarePersonSchema,
  /** When the incident was reported: due dates count from here. */
  incidentAt: isoTime,
  startedAt: isoTime,
  status: z.enum(['open', 'closed']),
  staffResponse: z.enum(['informed', 'declined', 'accepted']),
  declinedAt: isoTime.optional(),
  closedAt: isoTime.optional(),
  items: z.record(aftercareItemIdSchema, aftercareItemStateSchema),
  /**
   * The items' content (title, guidance, staff text, owner, due days, sources) as the organisation's list was when
   * the checklist started: a replaced list never changes an open checklist. Absent in checklists stored before the
   * copy was kept: those use the default list (DEFAULT_AFTERCARE_ITEMS), which they were started with.
   */
  content: z.array(aftercareItemSchema).min(1).max(100).optional(),
  views: z.array(aftercareViewSchema).max(30).default([]),
  pendingReminders: z.array(aftercareReminderSchema).max(20).default([]),
  timeline: z.array(aftercareTimelineEntrySchema).max(500),
  revision: z.number().int().min(0),
});
/** An aftercare checklist. */
export type AftercareChecklist = z.infer<typeof aftercareChecklistSchema>;

/** How many of each the "nazorg" overview shows (and so reads), newest first. */
export const OVERVIEW_LIMITS = { managed: 15, startable: 15, own: 5 } as const;

/** The prefix of all checklist documents in the records container. */
export const AFTERCARE_PREFIX = 'aftercare/';

/** The blob name of a checklist in the records container. */
export function aftercareDocName(id: string): string {
  return `${AFTERCARE_PREFIX}${id}.json`;
}

/** The checklist id a blob name stands for (the name itself when it is no checklist's). */
export function aftercareIdOf(docName: string): string {
  return docName.startsWith(AFTERCARE_PREFIX) && docName.endsWith('.json')
    ? docName.slice(AFTERCARE_PREFIX.length, -'.json'.length)
    : docName;
}

const MAX_TIMELINE = 500;

/** Appends timeline lines, keeping the first ("started") and the latest within the schema's limit. */
export function withLines(
  timeline: AftercareTimelineEntry[],
  ...entries: AftercareTimelineEntry[]
): AftercareTimelineEntry[] {
  const next = [...timeline, ...entries];
  if (next.length <= MAX_TIMELINE) return next;
  const first = next[0] as AftercareTimelineEntry;
  return [first, ...next.slice(-(MAX_TIMELINE - 1))];
}
