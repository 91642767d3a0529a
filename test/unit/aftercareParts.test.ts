import { aftercareOverviewCard } from '../../cards/aftercare/aftercareOverviewCard';
import { removedCard } from '../../cards/removedCard';
import type { AftercareChecklist, AftercareItemState } from '../../src/aftercare/aftercareChecklist';
import {
  DEFAULT_AFTERCARE_ITEMS,
  MAX_AFTERCARE_ITEMS,
  aftercareItemSchema,
  type AftercareItem,
} from '../../src/aftercare/aftercareItems';
import { allSettled, dueItems, overdueItems, remindableItems } from '../../src/aftercare/aftercareRules';
import {
  managerCardOf,
  reminderCardOf,
  responseCardOf,
  staffCardOf,
} from '../../src/aftercare/aftercareViews';
import { SOURCE_LABELS } from '../../src/flows/flowSchema';
import { addDays, inOfficeHours, isDay, localDay } from '../../src/aftercare/localTime';
import { parseCommand } from '../../src/bot/commands';
import { menuEntries } from '../../src/flows/menuViews';
import { scrubState } from '../../src/retention/stateScrub';
import { cardText } from '../support/cardWalk';
import { validateCard } from '../support/validateCard';
import { CHECKLIST_OWNER, defaultItemStates, openChecklist } from '../support/recordFixtures';

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
  const owner = CHECKLIST_OWNER;
  const items = defaultItemStates();
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
  return openChecklist(overrides, items);
}

describe('aftercare content', () => {
  it('has the thirteen items of the product, each valid, with a source and a B1 text', () => {
    expect(DEFAULT_AFTERCARE_ITEMS.map((i) => i.id)).toEqual([
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
    for (const item of DEFAULT_AFTERCARE_ITEMS) {
      expect(() => aftercareItemSchema.parse(item)).not.toThrow();
      // B1: short sentences.
      for (const sentence of item.guidance.split(/[.?!]\s/))
        expect(sentence.split(' ').length).toBeLessThan(22);
    }
    expect(DEFAULT_AFTERCARE_ITEMS.find((i) => i.id === 'steungesprek')?.due.days).toBe(3);
    expect(DEFAULT_AFTERCARE_ITEMS.find((i) => i.id === 'opnieuw_aanbieden')?.due).toEqual({
      from: 'declined',
      days: 14,
    });
    expect(new Set(DEFAULT_AFTERCARE_ITEMS.flatMap((i) => i.sources))).toEqual(
      new Set(['004', 'nazorgpraktijk']),
    );
  });

  it('attributes no due day to seed 004: 004 only where the content is in it, every due day to common practice', () => {
    // Seed 004 says only that careful aftercare matters; these are what it does say (with a due day from practice).
    const fromSeed = ['aangifte', 'platform', 'juridisch', 'teamoverleg', 'afspraken', 'client_geinformeerd'];
    // Every item has a due day, and no due day is in a seed: every item names practice, the others only practice
    // (among them the support conversation within 72 hours and the follow-ups after 2 and 6–8 weeks).
    for (const item of DEFAULT_AFTERCARE_ITEMS)
      expect([item.id, item.sources]).toEqual([
        item.id,
        fromSeed.includes(item.id) ? ['004', 'nazorgpraktijk'] : ['nazorgpraktijk'],
      ]);
    expect(DEFAULT_AFTERCARE_ITEMS.find((i) => i.id === 'steungesprek')?.sources).toEqual(['nazorgpraktijk']);
    // Items that are about their timing (72 hours, 2 weeks, 6–8 weeks, 4–6 weeks) are practice only.
    for (const item of DEFAULT_AFTERCARE_ITEMS) {
      const text = `${item.title} ${item.guidance} ${item.staffText}`;
      if (/\d+\s*(uur|dag|dagen|week|weken)\b/.test(text)) expect(item.sources).toEqual(['nazorgpraktijk']);
    }
    // The label says what it is: common practice, no document.
    expect(SOURCE_LABELS.nazorgpraktijk).toMatch(/^gangbare praktijk\b/);
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

describe('a checklist renders from its own copy of the items', () => {
  /** A short list of the organisation's own, common practice only. */
  const OWN: AftercareItem[] = [
    {
      id: 'bellen',
      title: 'Collega gebeld',
      guidance: 'Bel je collega binnen 2 dagen.',
      staffText: 'Je contactpersoon belt je.',
      owner: 'leidinggevende',
      due: { from: 'incident', days: 2 },
      sources: ['nazorgpraktijk'],
    },
    {
      id: 'later_vragen',
      title: 'Later opnieuw gevraagd',
      guidance: 'Vraag het na 3 weken opnieuw.',
      staffText: 'We vragen het later nog een keer.',
      owner: 'leidinggevende',
      due: { from: 'declined', days: 21 },
      sources: ['nazorgpraktijk'],
    },
  ];
  const owner = { aadObjectId: 'aad-anna', name: 'Anna de Vries' };
  const own = (extra: Partial<AftercareChecklist> = {}) =>
    checklist({
      content: OWN,
      items: {
        bellen: { status: 'open', dueDate: '2026-11-04', owner, rescheduled: false },
        later_vragen: { status: 'open', dueDate: '2026-11-23', owner, rescheduled: false },
      },
      timeline: [{ at: '2026-11-03T10:00:00Z', actorId: 'aad-anna', action: 'reminded', item: 'bellen' }],
      ...extra,
    });
  const now = new Date('2026-11-04T09:00:00Z');

  it('shows, reminds and counts its own items, with their sources', () => {
    const c = own();
    const manager = managerCardOf(c, now, TZ);
    expect(() => validateCard(manager)).not.toThrow();
    expect(cardText(manager)).toContain('Collega gebeld');
    expect(cardText(manager)).toContain('Herinnering verstuurd: Collega gebeld');
    expect(cardText(manager)).toContain('0 van 1 klaar');
    expect(cardText(manager)).not.toContain('Steungesprek');
    expect(cardText(manager)).toContain(`Bron: ${SOURCE_LABELS.nazorgpraktijk}`);
    expect(cardText(manager)).not.toContain(SOURCE_LABELS['004']);
    expect(cardText(staffCardOf(c, TZ))).toContain('Je contactpersoon belt je.');
    expect(cardText(staffCardOf(c, TZ))).not.toContain(SOURCE_LABELS['004']);
    expect(cardText(reminderCardOf(c, ['bellen'], now, TZ))).toContain('Collega gebeld');
    expect(remindableItems(c, '2026-11-04')).toEqual(['bellen']);
    expect(
      allSettled(own({ items: { ...c.items, bellen: { ...stateOf(c.items, 'bellen'), status: 'done' } } })),
    ).toBe(true);
  });

  it('says when aftercare is offered again as its own list does, or not at all', () => {
    const declined = own({ staffResponse: 'declined', declinedAt: '2026-11-03T10:00:00Z' });
    expect(cardText(managerCardOf(declined, now, TZ))).toContain('Bied het over 3 weken opnieuw aan.');
    expect(cardText(staffCardOf(declined, TZ))).toContain(
      'Over 3 weken vraagt je leidinggevende het nog een keer.',
    );
    expect(cardText(responseCardOf(declined))).toContain('Bied het over 3 weken opnieuw aan');
    const first = OWN[0] as AftercareItem;
    const without = own({
      content: [first],
      items: { bellen: stateOf(own().items, 'bellen') },
      staffResponse: 'declined',
      declinedAt: '2026-11-03T10:00:00Z',
    });
    for (const card of [managerCardOf(without, now, TZ), staffCardOf(without, TZ), responseCardOf(without)]) {
      expect(cardText(card)).toMatch(/wilt? nu geen nazorg/);
      expect(cardText(card)).not.toContain('opnieuw aan');
      expect(cardText(card)).not.toContain('vraagt je leidinggevende het nog een keer');
    }
    // The default list (a checklist stored without a copy) offers again after 2 weeks.
    const old = checklist({ staffResponse: 'declined', declinedAt: '2026-11-03T10:00:00Z' });
    expect(old.content).toBeUndefined();
    expect(cardText(managerCardOf(old, now, TZ))).toContain('Bied het over 2 weken opnieuw aan.');
    expect(cardText(managerCardOf(old, now, TZ))).toContain(
      `Bron: ${SOURCE_LABELS['004']}; ${SOURCE_LABELS.nazorgpraktijk}`,
    );
  });

  it('the largest list an organisation may set, every item as long as allowed, fits one Teams message', () => {
    const longest = Array.from({ length: MAX_AFTERCARE_ITEMS }, (_, i): AftercareItem => ({
      id: `punt_${String(i).padStart(2, '0')}_${'x'.repeat(22)}`,
      title: 'T'.repeat(60),
      guidance: 'G'.repeat(300),
      staffText: 'S'.repeat(200),
      owner: 'organisatie',
      due: { from: 'incident', days: 120 },
      sources: ['004', 'nazorgpraktijk'],
    }));
    const first = longest[0] as AftercareItem;
    const c = checklist({
      content: longest,
      items: Object.fromEntries(
        longest.map((i) => [
          i.id,
          { status: 'open' as const, dueDate: '2027-03-02', owner, rescheduled: false },
        ]),
      ),
      timeline: Array.from({ length: 8 }, () => ({
        at: '2026-11-03T10:00:00Z',
        actorId: 'aad-anna',
        actorName: 'Anna de Vries',
        action: 'rescheduled' as const,
        item: first.id,
      })),
    });
    const card = managerCardOf(c, now, TZ);
    expect(() => validateCard(card)).not.toThrow();
    expect(Buffer.byteLength(JSON.stringify(card), 'utf16le')).toBeLessThan(80_000);
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
