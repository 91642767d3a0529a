import { z } from 'zod';

/** Where to reach a Teams conversation proactively: plain data, no botbuilder types. */
export const conversationAddressSchema = z.object({
  serviceUrl: z.string().min(1),
  conversationId: z.string().min(1),
  tenantId: z.string().optional(),
  channelId: z.string().default('msteams'),
  botId: z.string().optional(),
  botName: z.string().optional(),
});
/** A conversation address. */
export type ConversationAddress = z.infer<typeof conversationAddressSchema>;

const memberSchema = z.object({ aadObjectId: z.string().min(1), name: z.string().max(200) });

/** One team Baken is installed in. */
export const teamRecordSchema = z.object({
  teamId: z.string().min(1),
  name: z.string().max(200).default(''),
  tenantId: z.string().optional(),
  /** The team's General channel: installation hello and default proactive address. */
  general: conversationAddressSchema,
  /** The channel escalation notices go to (set by a manager with "@Baken meldkanaal"). */
  escalationChannel: z
    .object({
      channelId: z.string().min(1),
      name: z.string().max(200).default(''),
      setBy: memberSchema,
      setAt: z.string(),
    })
    .optional(),
  managers: z.array(memberSchema.extend({ addedBy: z.string(), addedAt: z.string() })).default([]),
  installedAt: z.string(),
  removedAt: z.string().optional(),
});
/** A team record. */
export type TeamRecord = z.infer<typeof teamRecordSchema>;
/** A member reference (Entra object id and display name). */
export type MemberRef = z.infer<typeof memberSchema>;
