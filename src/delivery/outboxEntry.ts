import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(300);

/** Where a proactive conversation is started: the service URL, tenant and bot of a team or of the reporter. */
export const sendAddressSchema = z.object({
  serviceUrl: z.string().min(1),
  tenantId: z.string().optional(),
  botId: z.string().optional(),
});
/** A send address. */
export type SendAddress = z.infer<typeof sendAddressSchema>;

/** Where an entry goes: ids only. */
export const deliveryTargetSchema = z.discriminatedUnion('kind', [
  /** A new thread in a team channel. */
  z.object({ kind: z.literal('channelThread'), address: sendAddressSchema, teamId: id, channelId: id }),
  /** A reply in the thread of an escalation's channel notice. */
  z.object({ kind: z.literal('noticeReply'), escalationId: id }),
  /** An in-place update (PUT) of an escalation's channel notice. */
  z.object({ kind: z.literal('noticeUpdate'), escalationId: id }),
  /** An in-place update (PUT) of the activity another entry (`sourceKey`) posted, e.g. a 1:1 copy of a notice. */
  z.object({ kind: z.literal('activityUpdate'), sourceKey: id }),
  /** A 1:1 message. With `memberOf`, sent only while the person is on that team's live roster (not a guest). */
  z.object({
    kind: z.literal('personal'),
    address: sendAddressSchema,
    aadObjectId: id,
    userId: id.optional(),
    memberOf: id.optional(),
  }),
  /** An in-place update (PUT) of an activity whose place is known (a card shown in a turn, or kept for a purge). */
  z.object({
    kind: z.literal('activityPut'),
    serviceUrl: z.string().min(1).max(500),
    conversationId: z.string().min(1).max(500),
    activityId: z.string().min(1).max(500),
    /** Set when the activity is in this person's 1:1 chat (its PUTs count against that chat's limits). */
    person: id.optional(),
  }),
]);
/** A delivery target. */
export type DeliveryTarget = z.infer<typeof deliveryTargetSchema>;

/** Banners above a 1:1 copy of an escalation notice. */
export const noticeBannerSchema = z.enum([
  'noChannel',
  'channelFailed',
  'noTeam',
  'noManagers',
  'reminder',
  'adminNotPickedUp',
  'adminChannelFailed',
]);
/** A notice banner. */
export type NoticeBanner = z.infer<typeof noticeBannerSchema>;

/** Short messages, by code. */
export const messageCodeSchema = z.enum([
  'reporterAcknowledged',
  'reporterResolved',
  'reporterDirectToManagers',
  'reporterToAdmins',
  'reporterNotPickedUp',
  'refusedManagerOnly',
]);
/** A message code. */
export type MessageCode = z.infer<typeof messageCodeSchema>;

/**
 * What to render at send time, from the records: never rendered text, so nothing a user typed is ever stored
 * in the outbox.
 */
export const renderInstructionSchema = z.discriminatedUnion('card', [
  z.object({
    card: z.literal('notice'),
    escalationId: id,
    banner: noticeBannerSchema.optional(),
    count: z.number().int().min(0).max(100).optional(),
  }),
  z.object({ card: z.literal('details'), escalationId: id, viewerAadObjectId: id }),
  z.object({ card: z.literal('timeline'), escalationId: id }),
  z.object({ card: z.literal('dossier'), escalationId: id }),
  z.object({ card: z.literal('meldcodeWalk'), escalationId: id }),
  z.object({ card: z.literal('reminder'), escalationId: id, count: z.number().int().min(1).max(100) }),
  /** A follow-up reminder of a client escalation's Meldcode walk: no decision yet, or afweging 5 is due. */
  z.object({
    card: z.literal('meldcodeReminder'),
    escalationId: id,
    kind: z.enum(['besluit', 'afweging5']),
    to: z.enum(['person', 'managers']),
    count: z.number().int().min(1).max(100),
  }),
  z.object({ card: z.literal('message'), message: messageCodeSchema, escalationId: id.optional() }),
  /** An aftercare card, rendered from the checklist at send time (item ids only, never a reason). */
  z.object({
    card: z.literal('aftercare'),
    checklistId: id,
    view: z.enum(['manager', 'staff', 'reminder', 'declined']),
    viewerAadObjectId: id,
    items: z
      .array(z.string().regex(/^[a-z0-9_]{1,30}$/))
      .max(30)
      .optional(),
  }),
  /** "Deze melding is verwijderd": put over every card about a purged record. */
  z.object({ card: z.literal('removed') }),
  /** To an admin: entries wait longer than they should (how many, how old, in minutes; never what they hold). */
  z.object({
    card: z.literal('outboxAlert'),
    count: z.number().int().min(1).max(100_000),
    oldestMinutes: z.number().int().min(0),
    thresholdMinutes: z.number().int().min(1),
    depth: z.number().int().min(0).optional(),
  }),
]);
/** A render instruction. */
export type RenderInstruction = z.infer<typeof renderInstructionSchema>;

/** One send to Teams, keyed by its idempotency key. */
export const outboxEntrySchema = z.object({
  key: id,
  /** Entries of one thread are delivered in order. */
  thread: id,
  escalationId: id.optional(),
  target: deliveryTargetSchema,
  render: renderInstructionSchema,
  status: z.enum(['pending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int().min(0),
  createdAt: isoTime,
  /** Tie-breaker for order within a thread. */
  seq: z.number().int().min(0),
  nextAttemptAt: isoTime,
  /** Who is sending it now; other instances leave it alone until `until`. */
  claim: z.object({ by: z.string().min(1).max(80), until: isoTime }).optional(),
  lastError: z.object({ status: z.number().int().optional(), code: z.string().max(40) }).optional(),
  /** Where Teams put it. */
  result: z.object({ conversationId: z.string().min(1), activityId: z.string().min(1) }).optional(),
  doneAt: isoTime.optional(),
  /** Why it was skipped (a code). */
  reason: z.string().max(40).optional(),
});
/** An outbox entry. */
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** What a caller gives to enqueue an entry. */
export type NewOutboxEntry = Pick<OutboxEntry, 'key' | 'thread' | 'escalationId' | 'target' | 'render'>;
