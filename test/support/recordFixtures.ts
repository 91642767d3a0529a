import {
  aftercareChecklistSchema,
  type AftercareChecklist,
  type AftercareItemState,
} from '../../src/aftercare/aftercareChecklist';
import { DEFAULT_AFTERCARE_ITEMS } from '../../src/aftercare/aftercareItems';
import { addDays } from '../../src/aftercare/localTime';
import { escalationRecordSchema, type EscalationRecord } from '../../src/escalation/escalationRecord';

/** When Anna picked up the escalations below (2 November, 10:00 Amsterdam). */
export const PICKED_UP = { aadObjectId: 'anna', name: 'Anna', at: '2026-11-02T09:00:00.000Z' };

/** A grooming escalation picked up by Anna on 2 November, 10:00 Amsterdam (for pure rules; never stored). */
export function pickedUpEscalation(extra: Partial<EscalationRecord> = {}): EscalationRecord {
  return escalationRecordSchema.parse({
    id: 'esc-0123456789abcdef',
    kind: 'grooming',
    urgency: 'normaal',
    teamId: 'team',
    reporter: { aadObjectId: 'bram', name: 'Bram', userId: 'u-bram' },
    origin: { serviceUrl: 'https://example.invalid' },
    createdAt: PICKED_UP.at,
    status: 'acknowledged',
    acknowledgedBy: PICKED_UP,
    route: 'channel',
    delivery: { status: 'in_channel', at: PICKED_UP.at },
    reminders: { count: 0 },
    timeline: [],
    revision: 1,
    ...extra,
  });
}

/** The owner of every item of the checklist below. */
export const CHECKLIST_OWNER = { aadObjectId: 'aad-anna', name: 'Anna de Vries' };

/** A checklist started on 2 November with every default item open (for pure rules and views; never stored). */
export function openChecklist(
  overrides: Partial<AftercareChecklist> = {},
  items: Record<string, AftercareItemState> = defaultItemStates(),
): AftercareChecklist {
  return aftercareChecklistSchema.parse({
    id: '6bffef49-148c-407e-a9ed-5d282c0ea126',
    schemaVersion: 1,
    teamId: '19:team',
    address: { serviceUrl: 'https://smba.example' },
    staff: { aadObjectId: 'aad-bram', name: 'Bram Bakker', userId: '29:bram' },
    contact: { ...CHECKLIST_OWNER, userId: '29:anna' },
    incidentAt: '2026-11-02T09:00:00Z',
    startedAt: '2026-11-02T09:05:00Z',
    status: 'open',
    staffResponse: 'informed',
    items,
    timeline: [
      { at: '2026-11-02T09:05:00Z', actorId: 'aad-anna', actorName: 'Anna de Vries', action: 'started' },
    ],
    revision: 3,
    ...overrides,
  });
}

/** Every default item open, due its number of days after 2 November. */
export function defaultItemStates(): Record<string, AftercareItemState> {
  return Object.fromEntries(
    DEFAULT_AFTERCARE_ITEMS.map((i) => [
      i.id,
      {
        status: 'open' as const,
        dueDate: addDays('2026-11-02', i.due.days),
        owner: CHECKLIST_OWNER,
        rescheduled: false,
      },
    ]),
  );
}
