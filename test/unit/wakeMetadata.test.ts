import { DEFAULT_AFTERCARE_ITEMS } from '../../src/aftercare/aftercareItems';
import { aftercareWake, remindableItems } from '../../src/aftercare/aftercareRules';
import { addDays, inOfficeHours, localDay } from '../../src/aftercare/localTime';
import type { EscalationRecord } from '../../src/escalation/escalationRecord';
import {
  escalationDocumentMetadata,
  escalationWake,
  followUpSettingsCode,
} from '../../src/escalation/escalationWake';
import { claimFollowUp, isFollowUpDue, nextFollowUp } from '../../src/meldcode/meldcodeFollowUp';
import { isAsleep, wakeMetadata, type WakeCheck } from '../../src/storage/wakeMetadata';
import { PICKED_UP, openChecklist, pickedUpEscalation } from '../support/recordFixtures';

/*
 * The wake written with a record must never let a scheduler pass skip work that is due: checked hour by hour over
 * weeks, against the same rules the passes use, while reminders are claimed as the passes would claim them.
 */

const HOUR = 3_600_000;
const hours = (from: string, count: number) =>
  Array.from({ length: count }, (_, h) => new Date(Date.parse(from) + h * HOUR));

describe('wake metadata', () => {
  const now = Date.parse('2026-11-02T09:00:00Z');
  const at = (extra: Partial<WakeCheck> = {}): WakeCheck => ({
    now,
    today: '2026-11-02',
    officeHours: true,
    ...extra,
  });

  it('asleep only before its moment, before its day and (when it says so) outside office hours', () => {
    expect(isAsleep(undefined, at())).toBe(false);
    expect(isAsleep({}, at())).toBe(false);
    expect(isAsleep(wakeMetadata('never'), at())).toBe(true);
    expect(isAsleep(wakeMetadata({}), at())).toBe(false);
    expect(isAsleep(wakeMetadata({ at: now + 1 }), at())).toBe(true);
    expect(isAsleep(wakeMetadata({ at: now }), at())).toBe(false);
    expect(isAsleep(wakeMetadata({ day: '2026-11-03' }), at())).toBe(true);
    expect(isAsleep(wakeMetadata({ day: '2026-11-02' }), at())).toBe(false);
    expect(isAsleep(wakeMetadata({ officeHours: true }), at({ officeHours: false }))).toBe(true);
    expect(isAsleep(wakeMetadata({ officeHours: true }), at())).toBe(false);
    expect(isAsleep(wakeMetadata({}), at({ officeHours: false }))).toBe(false);
  });

  it('awake under other settings than it was computed with, and when it cannot be read', () => {
    expect(isAsleep(wakeMetadata({ at: now + HOUR }, 'a1'), at({ settings: 'a1' }))).toBe(true);
    expect(isAsleep(wakeMetadata({ at: now + HOUR }, 'a1'), at({ settings: 'b2' }))).toBe(false);
    expect(isAsleep(wakeMetadata({ at: now + HOUR }), at({ settings: 'b2' }))).toBe(false);
    expect(isAsleep({ bakenwake: 'gisteren' }, at())).toBe(false);
    expect(isAsleep({ bakenwake: new Date(0).toISOString(), bakenwakeday: 'morgen' }, at())).toBe(false);
  });
});

const settings = {
  decisionDays: 5,
  timeZone: 'Europe/Amsterdam',
  officeHours: { from: '08:00', to: '17:00' },
};
const escalation = pickedUpEscalation;

/** What the escalation reminder pass would do at this moment (see EscalationService.remindDue). */
function escalationWorkAt(record: EscalationRecord, at: Date): boolean {
  const next = nextFollowUp(record, settings);
  return (
    record.delivery.status === 'pending' ||
    record.meldcodeFollowUp?.pending === true ||
    (record.status === 'open' &&
      !!record.reminders.nextAt &&
      Date.parse(record.reminders.nextAt) <= at.getTime()) ||
    (next !== undefined && isFollowUpDue(next, at, settings))
  );
}

describe('escalation wake', () => {
  const hulp = {
    decision: 'hulp' as const,
    byId: 'piet',
    byName: 'Piet',
    at: PICKED_UP.at,
    day: '2026-11-04',
  };
  const cases: Array<[string, EscalationRecord]> = [
    ['picked up, no decision yet', escalation()],
    ['decision "hulp"', escalation({ meldcode: { answers: [], decisions: [hulp] } })],
    [
      'open, a reminder at 10:00',
      escalation({
        status: 'open',
        acknowledgedBy: undefined,
        reminders: { count: 0, nextAt: '2026-11-02T10:00:00.000Z' },
      }),
    ],
  ];

  it.each(cases)(
    '%s: asleep exactly while a pass has no work on it (hour by hour, 3 weeks, claims applied)',
    (_, start) => {
      let record = start;
      let slept = 0;
      let woke = 0;
      for (const at of hours('2026-11-02T09:00:00Z', 24 * 21)) {
        const metadata = escalationDocumentMetadata(record, settings);
        const check: WakeCheck = {
          now: at.getTime(),
          today: localDay(at, settings.timeZone),
          officeHours: inOfficeHours(at, settings.officeHours, settings.timeZone),
          settings: followUpSettingsCode(settings),
        };
        const work = escalationWorkAt(record, at);
        expect({ at, asleep: isAsleep(metadata, check) }).toEqual({ at, asleep: !work });
        if (work) woke++;
        else slept++;
        const claimed = claimFollowUp(record, at, settings);
        if (claimed)
          record = {
            ...claimed.record,
            meldcodeFollowUp: { sent: claimed.record.meldcodeFollowUp?.sent ?? [], pending: false },
          };
        else if (
          record.status === 'open' &&
          record.reminders.nextAt &&
          Date.parse(record.reminders.nextAt) <= at.getTime()
        )
          record = { ...record, reminders: { count: 1 } };
      }
      expect(woke).toBeGreaterThan(0);
      expect(slept).toBeGreaterThan(24 * 21 * 0.5);
    },
  );

  it('asleep for good once nothing can come; awake at once while a notice or a claimed follow-up waits', () => {
    const resolved = escalation({
      status: 'resolved',
      resolvedBy: { ...PICKED_UP, at: '2026-11-03T09:00:00.000Z' },
    });
    expect(escalationWake(resolved, settings)).toBe('never');
    expect(
      escalationWake(
        escalation({ status: 'open', acknowledgedBy: undefined, reminders: { count: 2 } }),
        settings,
      ),
    ).toBe('never');
    expect(
      escalationWake(escalation({ delivery: { status: 'pending', at: PICKED_UP.at } }), settings),
    ).toEqual({});
    expect(escalationWake(escalation({ meldcodeFollowUp: { sent: [], pending: true } }), settings)).toEqual(
      {},
    );
    // Other settings give another code: a record written under the old ones is read again.
    expect(followUpSettingsCode(settings)).not.toBe(followUpSettingsCode({ ...settings, decisionDays: 3 }));
    expect(followUpSettingsCode(settings)).not.toBe(followUpSettingsCode({ ...settings, timeZone: 'UTC' }));
  });
});

const checklist = openChecklist;

describe('aftercare wake', () => {
  it.each(['Europe/Amsterdam', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
    'in office hours, asleep exactly on the days no item may be reminded of, reminders claimed day by day (%s)',
    (timeZone) => {
      let current = checklist();
      let reminded = 0;
      for (const at of hours('2026-11-01T00:00:00Z', 24 * 60)) {
        // The pass does nothing outside office hours.
        if (!inOfficeHours(at, settings.officeHours, timeZone)) continue;
        const today = localDay(at, timeZone);
        const due = remindableItems(current, today);
        const check: WakeCheck = { now: at.getTime(), today, officeHours: true };
        const asleep = isAsleep(wakeMetadata(aftercareWake(current)), check);
        expect({ at, asleep }).toEqual({ at, asleep: due.length === 0 });
        if (due.length === 0) continue;
        // The pass claims them: reminded today.
        const items = { ...current.items };
        for (const id of due) {
          const state = items[id];
          if (state) items[id] = { ...state, remindedOn: today };
        }
        current = { ...current, items };
        reminded++;
      }
      expect(reminded).toBeGreaterThan(5);
    },
  );

  it('asleep until the first due day; never once closed or nothing is open; awake while claimed reminders wait', () => {
    const open = checklist();
    const first = Math.min(...DEFAULT_AFTERCARE_ITEMS.map((i) => i.due.days));
    const firstDay = addDays('2026-11-02', first);
    expect(aftercareWake(open)).toEqual({ day: firstDay, officeHours: true });
    expect(aftercareWake(checklist({ status: 'closed' }))).toBe('never');
    const done = checklist();
    for (const [id, state] of Object.entries(done.items)) done.items[id] = { ...state, status: 'done' };
    expect(aftercareWake(done)).toBe('never');
    const pending = checklist({
      status: 'closed',
      pendingReminders: [
        { key: 'r1', owner: { aadObjectId: 'aad-anna', name: 'Anna' }, items: ['steungesprek'] },
      ],
    });
    expect(aftercareWake(pending)).toEqual({});
  });
});
