import { z } from 'zod';
import { isWellFormed } from '../unicode';

const text = z.string().max(1_000_000);
/** Ids and names: they end up in blob names, URLs and headers, so they must be well-formed Unicode. */
const shortText = z.string().max(1000).refine(isWellFormed, 'must be well-formed Unicode');

/** A channel account (from, recipient, members) as the Bot Connector sends it. */
const account = z.looseObject({
  id: shortText.optional(),
  name: shortText.optional(),
  aadObjectId: shortText.optional(),
  role: shortText.optional(),
});

/** A member added or removed, the sender, the bot: it must at least name who. */
const member = account.extend({ id: shortText });

const serviceUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/**
 * The fields of an incoming activity that Baken and botbuilder read, with the types the Bot Framework protocol
 * gives them. Teams always sends these shapes; anything else is a forged or broken request and gets a 400 at the
 * edge instead of a TypeError deep inside a turn (or a 500 from the adapter). Unknown fields pass through.
 */
export const incomingActivitySchema = z
  .looseObject({
    type: z.string().min(1).max(100),
    id: shortText.optional(),
    name: shortText.optional(),
    action: shortText.optional(),
    serviceUrl,
    // Teams always names the channel, the sender and the bot; botbuilder reads all three unchecked.
    channelId: shortText.min(1),
    timestamp: shortText.optional(),
    localTimestamp: shortText.optional(),
    expiration: shortText.optional(),
    locale: shortText.optional(),
    replyToId: shortText.optional(),
    from: member,
    recipient: member,
    conversation: z.looseObject({
      // botbuilder sends it in the x-ms-conversation-id header of every reply: only characters a header can carry.
      id: shortText.min(1).regex(/^[\t\x20-\x7e\x80-\xff]+$/, 'must fit in an HTTP header'),
      name: shortText.optional(),
      conversationType: shortText.optional(),
      tenantId: shortText.optional(),
      isGroup: z.boolean().optional(),
    }),
    text: text.optional(),
    textFormat: shortText.optional(),
    summary: text.optional(),
    entities: z.array(z.looseObject({ type: shortText.optional() })).optional(),
    attachments: z
      .array(
        z.looseObject({
          contentType: shortText.optional(),
          contentUrl: z.string().max(10_000).optional(),
          name: shortText.optional(),
        }),
      )
      .optional(),
    membersAdded: z.array(member).optional(),
    membersRemoved: z.array(member).optional(),
    channelData: z
      .looseObject({
        tenant: z.looseObject({ id: shortText.optional() }).optional(),
        team: z.looseObject({ id: shortText.optional(), name: shortText.optional() }).optional(),
        channel: z.looseObject({ id: shortText.optional(), name: shortText.optional() }).optional(),
      })
      .optional(),
  })
  .superRefine((activity, issues) => {
    // botbuilder reads value.action.type of a card button unchecked.
    if (activity.type !== 'invoke' || activity.name !== 'adaptiveCard/action') return;
    const value = activity.value as { action?: unknown } | null | undefined;
    const ok =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value.action === 'object' &&
      value.action !== null &&
      !Array.isArray(value.action);
    if (!ok) issues.addIssue({ code: 'custom', path: ['value', 'action'], message: 'must be an object' });
  });

/** Checks the shape of a request body; returns the path of the first bad field, or undefined when it is fine. */
export function activityShapeProblem(body: unknown): string | undefined {
  const parsed = incomingActivitySchema.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? issue.path.join('.') || 'activity' : 'activity';
}
