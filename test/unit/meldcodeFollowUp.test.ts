import type { EscalationRecord } from '../../src/escalation/escalationRecord';
import {
  claimFollowUp,
  isFollowUpDue,
  nextFollowUp,
  type FollowUpSettings,
} from '../../src/meldcode/meldcodeFollowUp';
import { PICKED_UP, pickedUpEscalation } from '../support/recordFixtures';

const settings: FollowUpSettings = {
  decisionDays: 5,
  timeZone: 'Europe/Amsterdam',
  officeHours: { from: '08:00', to: '17:00' },
};
const stamp = PICKED_UP;
const pickedUp = pickedUpEscalation;

/** Claims every reminder due at these moments, in order; returns who got one, when. */
function run(record: EscalationRecord, moments: string[]): Array<[string, string]> {
  const got: Array<[string, string]> = [];
  let current = record;
  for (const moment of moments) {
    const claimed = claimFollowUp(current, new Date(moment), settings);
    if (!claimed) continue;
    current = claimed.record;
    got.push([moment, `${claimed.due.kind}:${claimed.due.to}:${claimed.due.count}`]);
  }
  return got;
}

describe('Meldcode follow-up timing', () => {
  it('no decision: the picker after 5 days, the managers the next day, then every 5 days; once a day', () => {
    const hourly = Array.from({ length: 24 * 16 }, (_, h) =>
      new Date(Date.parse('2026-11-02T09:00:00Z') + h * 3_600_000).toISOString(),
    );
    expect(run(pickedUp(), hourly)).toEqual([
      ['2026-11-07T09:00:00.000Z', 'besluit:person:1'],
      ['2026-11-08T07:00:00.000Z', 'besluit:managers:2'],
      ['2026-11-13T07:00:00.000Z', 'besluit:managers:3'],
      ['2026-11-18T07:00:00.000Z', 'besluit:managers:4'],
    ]);
  });

  it('a decision "hulp" is checked from its day; a final decision, another kind or an open escalation has none', () => {
    const hulp = { decision: 'hulp' as const, byId: 'piet', byName: 'Piet', at: stamp.at, day: '2026-11-04' };
    const helped = pickedUp({ meldcode: { answers: [], decisions: [hulp] } });
    expect(nextFollowUp(helped, settings)).toMatchObject({
      kind: 'afweging5',
      to: 'person',
      day: '2026-11-04',
    });
    expect(run(helped, ['2026-11-03T09:00:00Z', '2026-11-04T06:59:00Z', '2026-11-04T07:00:00Z'])).toEqual([
      ['2026-11-04T07:00:00Z', 'afweging5:person:1'],
    ]);
    const decided = pickedUp({
      meldcode: {
        answers: [],
        decisions: [{ ...hulp, decision: 'melden', day: undefined, melding: 'gedaan' }],
      },
    });
    expect(nextFollowUp(decided, settings)).toBeUndefined();
    expect(
      nextFollowUp(pickedUp({ kind: 'grensoverschrijdend_gedrag_medewerker' }), settings),
    ).toBeUndefined();
    expect(nextFollowUp(pickedUp({ status: 'open', acknowledgedBy: undefined }), settings)).toBeUndefined();
  });

  it('is due only in office hours, on or after its day and time', () => {
    const moment = { notBefore: '2026-11-07T09:00:00.000Z', day: '2026-11-07' };
    expect(isFollowUpDue(moment, new Date('2026-11-07T08:59:00Z'), settings)).toBe(false);
    expect(isFollowUpDue(moment, new Date('2026-11-07T09:00:00Z'), settings)).toBe(true);
    expect(isFollowUpDue(moment, new Date('2026-11-07T16:00:00Z'), settings)).toBe(false);
    expect(isFollowUpDue(moment, new Date('2026-11-08T06:59:00Z'), settings)).toBe(false);
    expect(isFollowUpDue(moment, new Date('2026-11-08T07:00:00Z'), settings)).toBe(true);
  });
});
