import { aftercareOverviewCard } from '../../cards/aftercareOverviewCard';
import { removedCard } from '../../cards/removedCard';
import {
  aftercareChecklistSchema,
  type AftercareChecklist,
  type AftercareItemState,
} from '../../src/aftercare/aftercareChecklist';
import { AFTERCARE_ITEMS, aftercareItemSchema } from '../../src/aftercare/aftercareItems';
import { allSettled, dueItems, overdueItems, remindableItems } from '../../src/aftercare/aftercareRules';
import { managerCardOf, reminderCardOf, staffCardOf } from '../../src/aftercare/aftercareViews';
import { addDays, inOfficeHours, isDay, localDay } from '../../src/aftercare/localTime';
import { parseCommand } from '../../src/bot/commands';
import { menuEntries } from '../../src/bot/menu';
import { scrubState } from '../../src/records/stateScrub';
import { cardText } from '../support/cardWalk';
import { validateCard } from '../support/validateCard';

const TZ = 'Europe/Amsterdam';
const HOURS = { from: '08:00', to: '17:00' };
const REASON = 'Geregeld door HR';

/** One item's state of a checklist (throws when absent). */
function stateOf(items: Record<string, AftercareItemState>, id: string): AftercareItemState {
  const found = items[id];
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

/** A checklist started on 2 November, with two items changed. */
function checklist(overrides: Partial<AftercareChecklist> = {}): AftercareChecklist {
  const owner = { aadObjectId: 'aad-anna', name: 'Anna de Vries' };
  const items: Record<string, AftercareItemState> = Object.fromEntries(
    AFTERCARE_ITEMS.map((i) => [
      i.id,
      { status: 'open' as const, dueDate: addDays('2026-11-02', i.due.days), owner, rescheduled: false },
    ]),
  );
  items.steungesprek = {
    ...stateOf(items, 'steungesprek'),
    status: 'done',
    changedAt: '2026-11-03T10:00:00Z',
    changedBy: owner,
  };
  items.mim = {
    ...stateOf(items, 'mim'),
    status: 'not_needed',
    reason: REASON,
    changedAt: '2026-11-03T10:00:00Z',
    changedBy: owner,
  };
  return aftercareChecklistSchema.parse({
    id: '6bffef49-148c-407e-a9ed-5d282c0ea126',
    schemaVersion: 1,
    teamId: '19:team',
    address: { serviceUrl: 'https://smba.example' },
    staff: { aadObjectId: 'aad-bram', name: 'Bram Bakker', userId: '29:bram' },
    contact: { ...owner, userId: '29:anna' },
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

describe('aftercare content', () => {
  it('has the thirteen items of the product, each valid, with a source and a B1 text', () => {
    expect(AFTERCARE_ITEMS.map((i) => i.id)).toEqual([
      'steungesprek',
      'mim',
      'aangifte',
      'platform',
      'juridisch',
      'teamoverleg',
      'afspraken',
      'client_geinformeerd',
      'getuigen',
      'nagesprek_2w',
      'nagesprek_6w',
      'professionele_hulp',
      'opnieuw_aanbieden',
    ]);
    for (const item of AFTERCARE_ITEMS) {
      expect(() => aftercareItemSchema.parse(item)).not.toThrow();
      // B1: short sentences.
      for (const sentence of item.guidance.split(/[.?!]\s/))
        expect(sentence.split(' ').length).toBeLessThan(22);
    }
    expect(AFTERCARE_ITEMS.find((i) => i.id === 'steungesprek')?.due.days).toBe(3);
    expect(AFTERCARE_ITEMS.find((i) => i.id === 'opnieuw_aanbieden')?.due).toEqual({
      from: 'declined',
      days: 14,
    });
    expect(new Set(AFTERCARE_ITEMS.flatMap((i) => i.sources))).toEqual(new Set(['004', 'nazorgpraktijk']));
  });
});

describe('local time', () => {
  it('knows the local day and office hours, summer and winter time alike', () => {
    expect(localDay(new Date('2026-11-02T23:30:00Z'), TZ)).toBe('2026-11-03');
    expect(inOfficeHours(new Date('2026-11-02T06:59:00Z'), HOURS, TZ)).toBe(false);
    expect(inOfficeHours(new Date('2026-11-02T07:00:00Z'), HOURS, TZ)).toBe(true);
    expect(inOfficeHours(new Date('2026-11-02T16:00:00Z'), HOURS, TZ)).toBe(false);
    expect(inOfficeHours(new Date('2026-07-01T06:00:00Z'), HOURS, TZ)).toBe(true);
    expect(inOfficeHours(new Date('2026-07-01T15:00:00Z'), HOURS, TZ)).toBe(false);
    expect(addDays('2026-10-25', 14)).toBe('2026-11-08');
    expect(isDay('2026-02-30')).toBe(true);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('morgen')).toBe(false);
  });
});

describe('aftercare rules and cards', () => {
  it('finds due, overdue and remindable items; "offer again" only after a decline', () => {
    const c = checklist();
    expect(dueItems(c, '2026-11-05')).toEqual([]);
    expect(dueItems(c, '2026-11-09')).toEqual(['aangifte', 'platform', 'client_geinformeerd', 'getuigen']);
    expect(overdueItems(c, '2026-11-09')).toEqual([]);
    expect(overdueItems(c, '2026-11-10')).toHaveLength(4);
    const reminded = checklist({
      items: { ...c.items, aangifte: { ...stateOf(c.items, 'aangifte'), remindedOn: '2026-11-09' } },
    });
    expect(remindableItems(reminded, '2026-11-09')).not.toContain('aangifte');
    expect(remindableItems(reminded, '2026-11-10')).toContain('aangifte');
    expect(dueItems(c, '2026-12-31')).not.toContain('opnieuw_aanbieden');
    expect(dueItems(checklist({ declinedAt: '2026-11-03T10:00:00Z' }), '2026-12-31')).toContain(
      'opnieuw_aanbieden',
    );
    const settled = Object.fromEntries(
      Object.entries(c.items).map(([k, v]) => [k, { ...v, status: 'done' as const }]),
    );
    expect(
      allSettled(
        checklist({ items: { ...settled, opnieuw_aanbieden: stateOf(c.items, 'opnieuw_aanbieden') } }),
      ),
    ).toBe(true);
  });

  it('renders valid cards; the staff member never sees the manager’s reason', () => {
    const c = checklist();
    const now = new Date('2026-11-10T09:00:00Z');
    const manager = managerCardOf(c, now, TZ);
    const staff = staffCardOf(c, TZ);
    const reminder = reminderCardOf(c, ['aangifte', 'steungesprek'], now, TZ);
    for (const card of [manager, staff, reminder, removedCard()])
      expect(() => validateCard(card)).not.toThrow();
    expect(cardText(manager)).toContain(REASON);
    expect(cardText(manager)).toContain('Uiterlijk 9 november · te laat');
    expect(cardText(manager)).toContain('2 van 12 klaar');
    expect(JSON.stringify(staff)).not.toContain(REASON);
    expect(cardText(staff)).toContain('Anna de Vries is je contactpersoon');
    // Only open items are reminded.
    expect(cardText(reminder)).toContain('Aangifte door de organisatie');
    expect(cardText(reminder)).not.toContain('Steungesprek');
    expect(reminderCardOf(c, ['steungesprek'], now, TZ)).toBeUndefined();
    // Everything a phone shows outside the chat is neutral.
    for (const card of [manager, staff, reminder]) expect(card?.fallbackText).toBe('Baken: nieuwe melding');
    const overview = aftercareOverviewCard({
      managed: [
        {
          checklistId: c.id,
          revision: 3,
          headline: 'Bram',
          contactName: 'Anna',
          progress: '2 van 12 klaar',
          overdue: ['MIM'],
        },
      ],
      startable: [{ incidentId: c.id, revision: 1, headline: 'Bram: Bedreiging' }],
      own: [],
    });
    expect(() => validateCard(overview)).not.toThrow();
    // Every item open (the largest card): within Teams' message size (80 KB as UTF-16 is the safe margin).
    const allOpen = checklist({
      declinedAt: '2026-11-03T10:00:00Z',
      items: Object.fromEntries(
        Object.entries(c.items).map(([k, v]) => [k, { ...v, status: 'open' as const }]),
      ),
    });
    expect(Buffer.byteLength(JSON.stringify(managerCardOf(allOpen, now, TZ)), 'utf16le')).toBeLessThan(
      80_000,
    );
    // A closed checklist has no buttons to change items.
    const closed = managerCardOf(checklist({ status: 'closed', closedAt: '2026-11-10T09:00:00Z' }), now, TZ);
    expect(cardText(closed)).toContain('Afgerond op 10 november');
    expect(cardText(closed)).not.toContain('Andere datum');
  });
});

describe('the bot around aftercare', () => {
  it('parses "nazorg", with or without a name, and lists Nazorg in the menu as a real entry', () => {
    expect(parseCommand('nazorg')).toEqual({ kind: 'aftercare' });
    expect(parseCommand('Nazorg Bram Bakker')).toEqual({ kind: 'aftercare', name: 'bram bakker' });
    const entry = menuEntries().find((e) => e.title === 'Nazorg');
    expect(entry?.action).toEqual({ action: 'aftercare.list' });
  });

  it('scrubs a purged record from a conversation state, keeping the rest', () => {
    const id = 'run-0123456789';
    const state = {
      welcomed: true,
      flowRuns: {
        runs: { grensoverschrijdend: { runId: id }, grooming: { runId: 'other-run-1' } },
        lastFlowId: 'grensoverschrijdend',
      },
      dialogState: { dialogStack: [{ id: 'flow', state: { runId: id } }] },
    };
    const mentions = (text: string) => text.includes(id);
    expect(scrubState(state, mentions)).toEqual({
      welcomed: true,
      flowRuns: { runs: { grooming: { runId: 'other-run-1' } } },
    });
    expect(scrubState({ welcomed: true }, mentions)).toBeUndefined();
  });
});
