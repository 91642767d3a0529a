import { createHash } from 'node:crypto';
import { nextFollowUp, type FollowUpSettings } from '../meldcode/meldcodeFollowUp';
import type { DocumentMetadata } from '../storage/documentStore';
import { wakeMetadata, type Wake } from '../storage/wakeMetadata';
import { escalationMetadata } from './escalationMetadata';
import type { EscalationRecord } from './escalationRecord';

/** The settings an escalation's wake depends on. */
type WakeSettings = Pick<FollowUpSettings, 'decisionDays' | 'timeZone'>;

/**
 * When an escalation may next need the reminder pass (see EscalationService.remindDue): at once while its notice
 * is to settle or a claimed follow-up is to record; at its next reminder while open; at its next Meldcode
 * follow-up (its moment, its local day, in office hours); 'never' when none of these can come.
 */
export function escalationWake(record: EscalationRecord, settings: WakeSettings): Wake {
  if (record.delivery.status === 'pending' || record.meldcodeFollowUp?.pending === true) return {};
  const reminder =
    record.status === 'open' && record.reminders.nextAt ? Date.parse(record.reminders.nextAt) : undefined;
  const followUp = nextFollowUp(record, settings);
  const followUpAt = followUp ? Date.parse(followUp.notBefore) : undefined;
  // A time that cannot be read: awake, so the pass reads the record and decides.
  if (Number.isNaN(reminder) || Number.isNaN(followUpAt)) return {};
  if (reminder !== undefined && followUp && followUpAt !== undefined)
    return { at: Math.min(reminder, followUpAt) };
  if (reminder !== undefined) return { at: reminder };
  if (followUp) return { at: followUpAt, day: followUp.day, officeHours: true };
  return 'never';
}

/** A short code of the settings a wake was computed under (changing them wakes every escalation once). */
export function followUpSettingsCode(settings: WakeSettings): string {
  const text = JSON.stringify([settings.decisionDays, settings.timeZone]);
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * Everything written as metadata with an escalation, in the same request: what the retention purge lists (status,
 * kind, when resolved, what it is about) and when the reminder pass may next have work on it.
 */
export function escalationDocumentMetadata(
  record: EscalationRecord,
  settings: WakeSettings,
): DocumentMetadata {
  return {
    ...escalationMetadata(record),
    ...wakeMetadata(escalationWake(record, settings), followUpSettingsCode(settings)),
  };
}
