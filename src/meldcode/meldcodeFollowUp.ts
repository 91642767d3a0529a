import { z } from 'zod';
import { addDays, inOfficeHours, localDay, type OfficeHours } from '../aftercare/localTime';
import type { EscalationRecord } from '../escalation/escalationRecord';
import { SYSTEM_ACTOR } from '../storage/auditLog';
import { dayString } from './meldcodeRecord';
import { isClientKind } from './meldcodeSteps';
import { walkOf } from './meldcodeWalk';

/**
 * Follow-up of the Meldcode walk of a client escalation that was picked up: a reminder when no decision was
 * recorded within a number of days ("besluit"), and the check of afweging 5 on the day a decision "hulp" set
 * ("afweging5"). The first reminder of each goes 1:1 to the person concerned, the ones after it to every manager
 * of the team. Pure: given the record it says when the next reminder is due; the service claims and sends it.
 */

/** What a follow-up reminder is about. */
export const followUpKindSchema = z.enum(['besluit', 'afweging5']);
/** A follow-up kind. */
export type FollowUpKind = z.infer<typeof followUpKindSchema>;

/** Who a follow-up reminder goes to: the person who picked up (or decided "hulp"), or the team's managers. */
export type FollowUpTarget = 'person' | 'managers';

/** What an escalation keeps of its follow-up reminders (codes and times only). */
export const meldcodeFollowUpSchema = z.object({
  sent: z
    .array(
      z.object({
        kind: followUpKindSchema,
        to: z.enum(['person', 'managers']),
        /** The local day it was sent: at most one reminder per day. */
        day: dayString,
        at: z.iso.datetime({ offset: true }),
      }),
    )
    .max(100)
    .default([]),
  /** The last reminder is claimed but its sends may not be in the outbox yet (a crash in between). */
  pending: z.boolean().optional(),
});
/** The follow-up state of an escalation. */
export type MeldcodeFollowUp = z.infer<typeof meldcodeFollowUpSchema>;

/** Timing of follow-up reminders, from config. */
export interface FollowUpSettings {
  /** Days after pick-up without a decision before the first reminder. */
  decisionDays: number;
  timeZone: string;
  officeHours: OfficeHours;
}

/** When the next reminder is due: not before `notBefore` (ISO) and not before the local day `day`. */
export interface FollowUpMoment {
  notBefore: string;
  day: string;
}

/** The next follow-up reminder of an escalation, or undefined when none is to come. */
export interface FollowUpDue extends FollowUpMoment {
  kind: FollowUpKind;
  to: FollowUpTarget;
  /** Its number within its kind (1 for the first), part of its outbox keys. */
  count: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a reminder of this kind is waiting for, with the moment it starts and who it concerns; undefined if none. */
export function followUpSubject(
  record: EscalationRecord,
  settings: Pick<FollowUpSettings, 'decisionDays' | 'timeZone'>,
): { kind: FollowUpKind; since: string; firstAt: string; firstDay: string; personId: string } | undefined {
  if (!isClientKind(record.kind) || record.status !== 'acknowledged') return undefined;
  const last = walkOf(record).decisions.at(-1);
  if (!last) {
    const picked = record.acknowledgedBy;
    if (!picked) return undefined;
    const firstAt = new Date(Date.parse(picked.at) + settings.decisionDays * DAY_MS);
    return {
      kind: 'besluit',
      since: picked.at,
      firstAt: firstAt.toISOString(),
      firstDay: localDay(firstAt, settings.timeZone),
      personId: picked.aadObjectId,
    };
  }
  if (last.decision !== 'hulp' || !last.day) return undefined;
  return { kind: 'afweging5', since: last.at, firstAt: last.at, firstDay: last.day, personId: last.byId };
}

/**
 * The next reminder: the first at its moment to the person; the next one a day later to the managers; after that
 * the managers again every `decisionDays` days, as long as the walk waits. Never two on one local day.
 */
export function nextFollowUp(
  record: EscalationRecord,
  settings: Pick<FollowUpSettings, 'decisionDays' | 'timeZone'>,
): FollowUpDue | undefined {
  const subject = followUpSubject(record, settings);
  if (!subject) return undefined;
  const { kind } = subject;
  const sent = (record.meldcodeFollowUp?.sent ?? []).filter((s) => s.kind === kind && s.at >= subject.since);
  const previous = sent.at(-1);
  if (!previous) return { kind, to: 'person', count: 1, notBefore: subject.firstAt, day: subject.firstDay };
  const gap = sent.length === 1 ? 1 : settings.decisionDays;
  return {
    kind,
    to: 'managers',
    count: sent.length + 1,
    notBefore: previous.at,
    day: addDays(previous.day, gap),
  };
}

/** True when a reminder at this moment may go out now: its time has come, and it is office hours. */
export function isFollowUpDue(moment: FollowUpMoment, now: Date, settings: FollowUpSettings): boolean {
  return (
    Date.parse(moment.notBefore) <= now.getTime() &&
    localDay(now, settings.timeZone) >= moment.day &&
    inOfficeHours(now, settings.officeHours, settings.timeZone)
  );
}

/** The record with the due reminder claimed (pending until its sends are recorded); undefined when none is due. */
export function claimFollowUp(
  record: EscalationRecord,
  now: Date,
  settings: FollowUpSettings,
): { record: EscalationRecord; due: FollowUpDue } | undefined {
  const due = nextFollowUp(record, settings);
  if (!due || !isFollowUpDue(due, now, settings)) return undefined;
  const at = now.toISOString();
  const sent = record.meldcodeFollowUp?.sent ?? [];
  const entry = { kind: due.kind, to: due.to, day: localDay(now, settings.timeZone), at };
  return {
    due,
    record: {
      ...record,
      meldcodeFollowUp: { sent: [...sent, entry].slice(-100), pending: true },
      timeline: [
        ...record.timeline,
        {
          at,
          actorId: SYSTEM_ACTOR.aadObjectId,
          actorName: SYSTEM_ACTOR.name,
          action: 'meldcode_reminder' as const,
          count: due.count,
        },
      ],
      revision: record.revision + 1,
    },
  };
}

/** The last claimed reminder with its number within its kind, for recording its sends. */
export function lastFollowUp(record: EscalationRecord): FollowUpDue | undefined {
  const sent = record.meldcodeFollowUp?.sent ?? [];
  const last = sent.at(-1);
  if (!last) return undefined;
  const count = sent.filter((s) => s.kind === last.kind).length;
  return { kind: last.kind, to: last.to, count, notBefore: last.at, day: last.day };
}
