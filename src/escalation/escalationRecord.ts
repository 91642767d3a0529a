import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { escalationKindSchema } from '../flows/flowSchema';
import { meldcodeFollowUpSchema } from '../meldcode/meldcodeFollowUp';
import { meldcodeWalkSchema } from '../meldcode/meldcodeRecord';

/** How urgent an escalation is; "acuut" reminds sooner and shows 112 first. */
export const urgencySchema = z.enum(['acuut', 'hoog', 'normaal']);
/** An urgency. */
export type Urgency = z.infer<typeof urgencySchema>;

const isoTime = z.iso.datetime({ offset: true });
const name = z.string().max(200);

/** The person who reported: Entra object id, display name and Teams user id (for 1:1 messages). */
export const reporterSchema = z.object({ aadObjectId: z.string().min(1), name, userId: z.string().min(1) });
/** A reporter. */
export type Reporter = z.infer<typeof reporterSchema>;

/** Who did something, and when. */
export const actorStampSchema = z.object({
  aadObjectId: z.string().min(1),
  name,
  at: isoTime,
  /** Set when they are one of the organisation's aandachtsfunctionarissen (the notice says so). */
  aandachtsfunctionaris: z.literal(true).optional(),
});
/** An actor stamp. */
export type ActorStamp = z.infer<typeof actorStampSchema>;

/** What only managers and the reporter may see, 1:1: never posted to a channel, never in outbox, audit or logs. */
export const escalationDetailsSchema = z.object({
  clientCode: z.string().max(40).optional(),
  rows: z
    .array(
      z.object({
        label: z.string().max(300),
        value: z.string().max(2000),
        note: z.string().max(2000).optional(),
      }),
    )
    .max(60)
    .default([]),
});
/** Escalation details. */
export type EscalationDetails = z.infer<typeof escalationDetailsSchema>;

/** Where the notice goes: the team's escalation channel, the managers 1:1, or the admins 1:1. */
export const noticeRouteSchema = z.enum(['channel', 'managers', 'admins']);
/** A notice route. */
export type NoticeRoute = z.infer<typeof noticeRouteSchema>;

/** How far delivery of the notice got; shown on the record. */
export const deliveryStatusSchema = z.enum([
  'pending',
  'in_channel',
  'direct_to_managers',
  'direct_to_admins',
  'failed',
]);
/** A delivery status. */
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** What happened to an escalation, as codes (never free text). */
export const timelineActionSchema = z.enum([
  'created',
  'notice_posted',
  'notice_direct',
  'notice_failed',
  'reminder',
  'admins_told',
  'acknowledged',
  'resolved',
  'meldcode_answer',
  'meldcode_decision',
  'meldcode_reminder',
]);
/** A timeline action. */
export type TimelineAction = z.infer<typeof timelineActionSchema>;

/** One line of an escalation's timeline. */
export const timelineEntrySchema = z.object({
  at: isoTime,
  actorId: z.string().min(1),
  actorName: name.optional(),
  action: timelineActionSchema,
  /** The reminder number, for reminders. */
  count: z.number().int().min(0).max(100).optional(),
  /** Meldcode lines: the question and answer ("a2.nee") or the decision ("melden"), as codes. */
  code: z
    .string()
    .regex(/^[a-z0-9_.]{1,40}$/)
    .optional(),
});
/** A timeline entry. */
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** Where a proactive 1:1 message can be started when there is no team (from the reporter's own turn). */
export const originSchema = z.object({
  serviceUrl: z.string().min(1),
  tenantId: z.string().optional(),
  botId: z.string().optional(),
});
/** An origin. */
export type Origin = z.infer<typeof originSchema>;

/** One escalation: written first (before any send), changed only with ETag-checked updates. */
export const escalationRecordSchema = z.object({
  id: z.string().regex(/^esc-[a-z0-9]{8,40}$/),
  kind: escalationKindSchema,
  urgency: urgencySchema,
  teamId: z.string().min(1).optional(),
  /** The flow run or record this escalation is about (ids only). */
  recordId: z.string().min(1).max(80).optional(),
  reporter: reporterSchema,
  origin: originSchema,
  details: escalationDetailsSchema.optional(),
  createdAt: isoTime,
  status: z.enum(['open', 'acknowledged', 'resolved']),
  acknowledgedBy: actorStampSchema.optional(),
  resolvedBy: actorStampSchema.optional(),
  route: noticeRouteSchema,
  /** The channel the notice was meant for (route 'channel'). */
  channelId: z.string().min(1).optional(),
  /** The posted channel notice, once Teams accepted it. */
  notice: z.object({ conversationId: z.string().min(1), activityId: z.string().min(1) }).optional(),
  delivery: z.object({ status: deliveryStatusSchema, at: isoTime }),
  reminders: z.object({
    count: z.number().int().min(0),
    nextAt: isoTime.optional(),
    /** Set when the last reminder passed without pick-up and the admins were told. */
    exhaustedAt: isoTime.optional(),
  }),
  timeline: z.array(timelineEntrySchema).max(500),
  /** Client escalations: the Meldcode walk after pick-up (codes only). */
  meldcode: meldcodeWalkSchema.optional(),
  /** Client escalations: the follow-up reminders of the walk that were sent (codes and times only). */
  meldcodeFollowUp: meldcodeFollowUpSchema.optional(),
  revision: z.number().int().min(0),
});
/** An escalation record. */
export type EscalationRecord = z.infer<typeof escalationRecordSchema>;

/** The blob name of an escalation. */
export function escalationDocName(id: string): string {
  return `${id}.json`;
}

/**
 * A new escalation id. With a record id (a flow run) the id is derived from reporter and record, so a repeated
 * request finds the escalation it already made instead of making a second one.
 */
export function newEscalationId(reporterAadObjectId: string, recordId?: string): string {
  if (!recordId) return `esc-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  return `esc-${createHash('sha256').update(`${reporterAadObjectId}\n${recordId}`).digest('hex').slice(0, 20)}`;
}

/** True when the escalation is about harassment of a staff member: its notice names nobody. */
export function isAnonymousKind(record: Pick<EscalationRecord, 'kind'>): boolean {
  return record.kind === 'grensoverschrijdend_gedrag_medewerker';
}
