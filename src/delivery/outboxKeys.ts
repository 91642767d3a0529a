/**
 * Outbox keys: a key is the idempotency key of one send, and also its document name. Stored already, so each
 * key must stay exactly as it is; a key built twice in two ways would send twice. Every key is built here.
 */

type ReporterEvent = 'routed' | 'acknowledged' | 'resolved' | 'not-picked-up';

/** What a 1:1 send about an escalation is for; part of its key. */
export type EscalationPurpose =
  | 'notice'
  | 'notice-fallback'
  | 'channel-failed'
  | 'not-picked-up'
  | `reminder:${number}`
  | `meldcode-${'besluit' | 'afweging5'}:${number}`
  | `reporter:${ReporterEvent}`
  | `details:${string}`
  | `timeline:${string}`
  | 'dossier'
  | `meldcode:${string}`;

/** The purposes of 1:1 sends about an escalation. */
export const escalationPurpose = {
  notice: 'notice',
  /** The notice to the managers 1:1 when the channel post failed for good. */
  noticeFallback: 'notice-fallback',
  channelFailed: 'channel-failed',
  notPickedUp: 'not-picked-up',
  reminder: (count: number): EscalationPurpose => `reminder:${count}`,
  /** A follow-up reminder of the Meldcode walk (no decision yet, or afweging 5 due), numbered within its kind. */
  meldcodeReminder: (kind: 'besluit' | 'afweging5', count: number): EscalationPurpose =>
    `meldcode-${kind}:${count}`,
  reporter: (event: ReporterEvent): EscalationPurpose => `reporter:${event}`,
  details: (requestId: string): EscalationPurpose => `details:${requestId}`,
  timeline: (requestId: string): EscalationPurpose => `timeline:${requestId}`,
  /** The "Voor het dossier" summary to the reporter, once a Meldcode decision closed the escalation. */
  dossier: 'dossier',
  /** The Meldcode walk sent 1:1 to a manager who pressed "Afgerond" in the channel. */
  walk: (requestId: string): EscalationPurpose => `meldcode:${requestId}`,
} as const satisfies Record<string, EscalationPurpose | ((...args: never[]) => EscalationPurpose)>;

/** The keys of an escalation's sends: all start with the escalation id and a colon (see `prefix`). */
export const escalationKeys = {
  /** What every key of this escalation starts with. */
  prefix: (escalationId: string) => `${escalationId}:`,
  /** The notice in the team's escalation channel. */
  notice: (escalationId: string) => `${escalationId}:notice`,
  /** The channel notice updated to a new status. */
  noticeUpdate: (escalationId: string, revision: number) => `${escalationId}:update:${revision}`,
  /** A 1:1 copy of the notice (`sourceKey`) updated to a new status. */
  copyUpdate: (escalationId: string, revision: number, sourceKey: string) =>
    `${escalationId}:copy-update:${revision}:${sourceKey}`,
  /** A reminder as a reply in the notice's channel thread. */
  threadReminder: (escalationId: string, count: number) => `${escalationId}:reminder:${count}:thread`,
  /** A 1:1 send to one of the team's managers. */
  toManager: (escalationId: string, purpose: EscalationPurpose, aadObjectId: string) =>
    `${escalationId}:${purpose}:manager:${aadObjectId}`,
  /** A 1:1 send to one of the admins. */
  toAdmin: (escalationId: string, purpose: EscalationPurpose, aadObjectId: string) =>
    `${escalationId}:${purpose}:admin:${aadObjectId}`,
  /** A 1:1 send to the reporter or the person who asked. */
  toPerson: (escalationId: string, purpose: EscalationPurpose) => `${escalationId}:${purpose}`,
} as const;

/** The keys of an aftercare checklist's sends: all start with `aftercare:`, the checklist id and a colon. */
export const aftercareKeys = {
  /** What every key of this checklist starts with. */
  prefix: (checklistId: string) => `aftercare:${checklistId}:`,
  /** The staff member told that aftercare started. */
  staffTold: (checklistId: string) => `aftercare:${checklistId}:staff-told`,
  /** The contact told of the staff member's answer. */
  response: (checklistId: string, response: string, revision: number) =>
    `aftercare:${checklistId}:${response}:${revision}`,
  /** An update of one card that shows the checklist (`placeHash` names the card's place). */
  put: (checklistId: string, revision: number, placeHash: string) =>
    `aftercare:${checklistId}:put:${revision}:${placeHash}`,
  /** The reminder of one owner's due items on one day. */
  reminder: (checklistId: string, day: string, revision: number, ownerAadObjectId: string) =>
    `aftercare:${checklistId}:reminder:${day}:${revision}:${ownerAadObjectId}`,
} as const;

/** What the keys of "verwijderd" updates start with; the purge leaves entries with it alone. */
export const PURGE_KEY_PREFIX = 'purge:';

/** A "verwijderd" update of one card place (`placeHash`) by one purge (`purgeId`). */
export function purgeKey(purgeId: string, placeHash: string): string {
  return `${PURGE_KEY_PREFIX}${purgeId}:${placeHash}`;
}

/**
 * The 1:1 "only a manager can do this" refusal: one per activity, so a retried turn refuses once (without an
 * activity id, the person and the time).
 */
export function refusalKey(activityId: string | undefined, aadObjectId: string, now: number): string {
  return `refusal:${activityId ?? `${aadObjectId}:${now}`}`;
}

/** What the keys of the admins' alerts about late entries start with; such an entry is never alerted about itself. */
export const OUTBOX_ALERT_KEY_PREFIX = 'outbox-alert:';

/** One admin's alert about one set of late entries (`batchHash` names the set, so a repeat records nothing new). */
export function outboxAlertKey(batchHash: string, aadObjectId: string): string {
  return `${OUTBOX_ALERT_KEY_PREFIX}${batchHash}:${aadObjectId}`;
}
