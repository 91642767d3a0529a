import { meldcodeReminderCard } from '../../cards/meldcode/meldcodeReminderCard';
import type { AdaptiveCard } from '../../cards/cardShell';
import type { RenderInstruction } from '../delivery/outboxEntry';
import { localDay } from '../aftercare/localTime';
import type { EscalationRecord } from '../escalation/escalationRecord';
import { KIND_LABELS } from '../escalation/escalationTexts';
import { FOLLOW_UP_TEXTS as T } from './meldcodeTexts';
import { formatDay } from './meldcodeViews';
import { walkOf } from './meldcodeWalk';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole calendar days from one day ("2026-11-02") to another. */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);
}

/**
 * A follow-up reminder rendered at send time from the record; undefined when the walk moved on since it was
 * claimed (a decision was recorded, or the escalation closed), so a reminder that is no longer true is not sent.
 */
export function followUpCardOf(
  record: EscalationRecord,
  render: Extract<RenderInstruction, { card: 'meldcodeReminder' }>,
  timeZone: string,
): AdaptiveCard | undefined {
  const sent = (record.meldcodeFollowUp?.sent ?? []).filter((s) => s.kind === render.kind)[render.count - 1];
  if (!sent || record.status !== 'acknowledged') return undefined;
  const last = walkOf(record).decisions.at(-1);
  const lines: string[] = [];
  if (render.kind === 'besluit') {
    if (last || !record.acknowledgedBy) return undefined;
    lines.push(T.besluitWaits(daysFrom(localDay(new Date(record.acknowledgedBy.at), timeZone), sent.day)));
    lines.push(T.besluitDo);
  } else {
    if (last?.decision !== 'hulp' || !last.day) return undefined;
    const late = daysFrom(last.day, sent.day);
    lines.push(late > 0 ? T.checkLate(formatDay(last.day), late) : T.checkToday);
    lines.push(T.checkDo);
  }
  if (render.to === 'managers') lines.push(T.managers);
  return meldcodeReminderCard({ escalationId: record.id, kindLabel: KIND_LABELS[record.kind], lines });
}
