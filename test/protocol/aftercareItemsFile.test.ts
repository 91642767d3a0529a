import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  aftercareChecklistSchema,
  aftercareDocName,
  type AftercareChecklist,
} from '../../src/aftercare/aftercareChecklist';
import { DEFAULT_AFTERCARE_ITEMS, type AftercareItem } from '../../src/aftercare/aftercareItems';
import { FakeClock } from '../../src/clock';
import { SOURCE_LABELS } from '../../src/flows/flowSchema';
import { bramReports, cardsReceived, startAftercare, storedChecklist } from '../support/aftercareSetup';
import { buttonsOf, cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import { PEOPLE, startEscalationBaken, type EscalationBaken } from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const { anna, bram } = PEOPLE;

/** An item of a test list (common practice only, unless said otherwise). */
function item(
  id: string,
  title: string,
  due: AftercareItem['due'],
  sources: AftercareItem['sources'] = ['nazorgpraktijk'],
): AftercareItem {
  return {
    id,
    title,
    guidance: `Doe dit: ${title}.`,
    staffText: `Voor jou: ${title}.`,
    owner: 'leidinggevende',
    due,
    sources,
  };
}

/** List A: what the organisation had when the first checklist started. */
const LIST_A = [
  item('gesprek_a', 'Eerste gesprek (lijst A)', { from: 'incident', days: 2 }),
  item('melding_a', 'Melding gedaan (lijst A)', { from: 'incident', days: 10 }, ['004', 'nazorgpraktijk']),
  item('opnieuw_a', 'Opnieuw vragen (lijst A)', { from: 'declined', days: 21 }),
];
/** List B: the file after the organisation replaced it. */
const LIST_B = [
  item('gesprek_b', 'Gesprek (lijst B)', { from: 'incident', days: 5 }),
  item('controle_b', 'Controle (lijst B)', { from: 'incident', days: 30 }),
];
const titles = (items: AftercareItem[]) => items.map((i) => i.title);

/** The titles of the items a manager can tick on a card. */
function tickable(card: Record<string, unknown> | undefined): string[] {
  return buttonsOf(card)
    .filter((b) => b.data.action === 'aftercare.tick')
    .map((b) => String(b.data.value));
}

describe('aftercare items from the organisation’s file (AFTERCARE_ITEMS_FILE)', () => {
  let dir: string;
  let file: string;
  let connector: LoopbackConnector;
  let clock: FakeClock;
  let env: Record<string, string>;
  const running: EscalationBaken[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'baken-items-'));
    file = path.join(dir, 'nazorg.json');
    connector = await new LoopbackConnector().start();
    clock = new FakeClock('2026-11-02T09:00:00Z');
    env = { STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}` };
  });
  afterEach(async () => {
    for (const t of running.splice(0)) await t.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts Baken (again) on the same storage, with the items file or without. */
  async function start(itemsFile: boolean, install = true): Promise<EscalationBaken> {
    const t = await startEscalationBaken(storage.get(), {
      env: itemsFile ? { ...env, AFTERCARE_ITEMS_FILE: file } : env,
      connector,
      clock,
      install,
    });
    running.push(t);
    return t;
  }

  /**
   * Stops Baken; the organisation replaces the file with list B and Baken starts again. Anna opens the checklist:
   * nothing of list B is on it.
   */
  async function restartWithListB(
    before: EscalationBaken,
    id: string,
  ): Promise<{ t: EscalationBaken; manager: PersonalDriver }> {
    running.splice(running.indexOf(before), 1);
    await before.stop();
    writeFileSync(file, JSON.stringify({ items: LIST_B }));
    const t = await start(true, false);
    const manager = new PersonalDriver(t, anna);
    await manager.invoke({ action: 'aftercare.open', ref: id });
    expect(() => validateCard(manager.card)).not.toThrow();
    for (const title of titles(LIST_B)) expect(cardText(manager.card)).not.toContain(title);
    return { t, manager };
  }

  it('an open checklist keeps the list it started with after the file is replaced; a new checklist gets the new list', async () => {
    writeFileSync(file, JSON.stringify({ items: LIST_A }));
    const first = await start(true);
    const { id } = await bramReports(first);
    const started = await startAftercare(first, anna, id);
    expect(() => validateCard(started.card)).not.toThrow();
    for (const title of titles(LIST_A.slice(0, 2))) expect(cardText(started.card)).toContain(title);
    expect(tickable(started.card)).toEqual(['gesprek_a', 'melding_a']);
    expect(cardText(started.card)).toContain(
      `Bron: ${SOURCE_LABELS['004']}; ${SOURCE_LABELS.nazorgpraktijk}`,
    );
    const copied = await storedChecklist(first, id);
    expect(copied?.content).toEqual(LIST_A);
    expect(copied?.items.gesprek_a?.dueDate).toBe('2026-11-04');
    await first.app.tick();

    // The organisation replaces the file; Baken restarts with list B.
    const { t: second, manager } = await restartWithListB(first, id);
    for (const title of titles(LIST_A.slice(0, 2))) expect(cardText(manager.card)).toContain(title);
    expect(cardText(manager.card)).toContain('0 van 2 klaar');
    await manager.invoke({ action: 'aftercare.tick', ref: id, value: 'melding_a' });
    expect(cardText(manager.card)).toContain('"Melding gedaan (lijst A)" is klaar.');
    expect(cardText(manager.card)).toContain('1 van 2 klaar');
    // An item of the new list is no item of this checklist.
    await manager.invoke({ action: 'aftercare.tick', ref: id, value: 'gesprek_b' });
    expect(cardText(manager.card)).toContain('bestaat niet (meer)');

    // The reminder on list A's due day names list A's item.
    clock.set('2026-11-04T08:00:00Z');
    await second.app.tick();
    const [reminder] = await cardsReceived(second, anna, 'Herinnering nazorg');
    expect(cardText(reminder)).toContain('Eerste gesprek (lijst A)');
    expect(cardText(reminder)).not.toContain('lijst B');

    // Declining: list A's "after a decline" item is due 21 days later, and the staff member is told so.
    const staff = new PersonalDriver(second, bram);
    const [told] = await cardsReceived(second, bram, 'Nazorg na je melding');
    expect(cardText(told)).toContain('Voor jou: Eerste gesprek (lijst A).');
    await staff.press('Ik wil nu geen nazorg', {}, told);
    await staff.press('Ja, nu geen nazorg');
    expect(cardText(staff.card)).toContain('Over 3 weken vraagt je leidinggevende het nog een keer.');
    const declined = await storedChecklist(second, id);
    expect(declined?.items.opnieuw_a?.dueDate).toBe('2026-11-25');
    expect(declined?.content).toEqual(LIST_A);
    expect(Object.keys(declined?.items ?? {}).sort()).toEqual(['gesprek_a', 'melding_a', 'opnieuw_a']);

    // A checklist started now gets list B.
    const next = await bramReports(second);
    const nextCard = (await startAftercare(second, anna, next.id)).card;
    expect(tickable(nextCard)).toEqual(['gesprek_b', 'controle_b']);
    for (const title of titles(LIST_A)) expect(cardText(nextCard)).not.toContain(title);
    expect(cardText(nextCard)).toContain(`Bron: ${SOURCE_LABELS.nazorgpraktijk}`);
    expect(cardText(nextCard)).not.toContain(SOURCE_LABELS['004']);
    expect((await storedChecklist(second, next.id))?.content).toEqual(LIST_B);
  });

  it('a checklist stored before checklists kept a copy still loads, shows and ticks the default list', async () => {
    const first = await start(false);
    const { id } = await bramReports(first);
    await startAftercare(first, anna, id);
    // Store it as earlier versions of Baken wrote it: without the copy of its items.
    const name = aftercareDocName(id);
    const stored = await first.app.storage.records.read(name, aftercareChecklistSchema);
    if (!stored) throw new Error('no checklist stored');
    const { content, ...old }: AftercareChecklist = stored.value;
    expect(content).toEqual(DEFAULT_AFTERCARE_ITEMS);
    await first.app.storage.records.replace(name, old, stored.etag);

    const { t: second, manager } = await restartWithListB(first, id);
    expect(tickable(manager.card)).toHaveLength(12);
    expect(cardText(manager.card)).toContain('Steungesprek binnen 72 uur');
    await manager.invoke({ action: 'aftercare.tick', ref: id, value: 'steungesprek' });
    expect(cardText(manager.card)).toContain('"Steungesprek binnen 72 uur" is klaar.');
    const after = await storedChecklist(second, id);
    expect(after?.items.steungesprek?.status).toBe('done');
    expect(after?.content).toBeUndefined();

    clock.set('2026-11-05T07:00:00Z');
    await second.app.tick();
    const [reminder] = await cardsReceived(second, anna, 'Herinnering nazorg');
    expect(cardText(reminder)).toContain('Incident geregistreerd (MIM)');
  });
});
