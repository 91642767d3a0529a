import { rateKey } from '../../src/delivery/deliveryPlan';
import { directPlan } from '../../src/delivery/directPlan';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import {
  allPuts,
  bramReports,
  cardsReceived,
  putsInto,
  startAftercare,
  storedChecklist,
  storedIncident,
} from '../support/aftercareSetup';
import { buttonOf, buttonsOf, cardText } from '../support/cardWalk';
import { PEOPLE, cardOf, startEscalationBaken, type EscalationBaken } from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const { anna, piet, bram } = PEOPLE;
const REASON = 'Al geregeld via HR';

/** The data of an item's button on a checklist card. */
function itemButton(card: Record<string, unknown> | undefined, verb: string, item: string) {
  const found = buttonsOf(card).find((b) => b.data.action === verb && b.data.value === item);
  if (!found) throw new Error(`no ${verb} for ${item}`);
  return found.data;
}

/** The card of the last PUT into a user's 1:1 chat. */
function lastPutCard(t: EscalationBaken, u: typeof anna): Record<string, unknown> | undefined {
  return cardOf(putsInto(t, u).at(-1) ?? { method: '', path: '', body: {}, at: 0 });
}

describe('aftercare: the checklist card, declining and closing', () => {
  let t: EscalationBaken;
  let id: string;
  let anne: PersonalDriver;
  let pete: PersonalDriver;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
    id = (await bramReports(t)).id;
    anne = await startAftercare(t, anna, id);
    // Piet, the second manager, has the checklist open too.
    pete = new PersonalDriver(t, piet);
    await pete.invoke({ action: 'aftercare.open', ref: id });
    await t.app.tick();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('tick, "niet nodig" and a new date update the pressed card in place and the other manager’s card by PUT', async () => {
    const putsBefore = putsInto(t, piet).length;
    await anne.invoke(itemButton(anne.card, 'aftercare.tick', 'steungesprek'));
    expect(() => validateCard(anne.card)).not.toThrow();
    expect(cardText(anne.card)).toContain('"Steungesprek binnen 72 uur" is klaar.');
    expect(cardText(anne.card)).toMatch(/Klaar \(Anna de Vries, 2 november\)/);
    expect(cardText(anne.card)).toContain('1 van 12 klaar');

    await anne.invoke({ ...itemButton(anne.card, 'aftercare.notNeeded', 'mim'), f_reden_mim: REASON });
    expect(cardText(anne.card)).toContain('"Incident geregistreerd (MIM)" is niet nodig.');
    expect(cardText(anne.card)).toContain(REASON);

    await anne.invoke({
      ...itemButton(anne.card, 'aftercare.reschedule', 'aangifte'),
      f_datum_aangifte: '2026-11-20',
    });
    expect(cardText(anne.card)).toContain('nieuwe datum: 20 november');
    expect(cardText(anne.card)).toContain('Uiterlijk 20 november · nieuwe datum');

    // Without a reason, or with a date in the past: the same card with a notice, nothing changed.
    await anne.invoke({
      ...itemButton(anne.card, 'aftercare.notNeeded', 'platform'),
      f_reden_platform: '  ',
    });
    expect(cardText(anne.card)).toContain('Schrijf kort waarom');
    await anne.invoke({
      ...itemButton(anne.card, 'aftercare.reschedule', 'platform'),
      f_datum_platform: '2026-10-01',
    });
    expect(cardText(anne.card)).toContain('Kies een datum vanaf vandaag');

    const checklist = await storedChecklist(t, id);
    expect(checklist?.items.steungesprek).toMatchObject({
      status: 'done',
      changedBy: { aadObjectId: anna.aadObjectId },
    });
    expect(checklist?.items.mim).toMatchObject({ status: 'not_needed', reason: REASON });
    expect(checklist?.items.aangifte).toMatchObject({
      status: 'open',
      dueDate: '2026-11-20',
      rescheduled: true,
    });
    expect(checklist?.items.platform?.status).toBe('open');
    expect(checklist?.timeline.map((l) => [l.action, l.item])).toEqual(
      expect.arrayContaining([
        ['ticked', 'steungesprek'],
        ['not_needed', 'mim'],
        ['rescheduled', 'aangifte'],
      ]),
    );

    // Piet's card follows through the outbox (PUT over the card he has open), showing all three changes.
    await t.app.tick();
    expect(putsInto(t, piet).length).toBeGreaterThan(putsBefore);
    const pietsCard = lastPutCard(t, piet);
    expect(() => validateCard(pietsCard)).not.toThrow();
    expect(cardText(pietsCard)).toContain('Klaar (Anna de Vries');
    expect(cardText(pietsCard)).toContain(REASON);
    expect(cardText(pietsCard)).toContain('Uiterlijk 20 november');
    // Anna's own card is answered in place, never PUT by the outbox.
    expect(putsInto(t, anna)).toHaveLength(0);
    // Each PUT counts against the viewer's 1:1 chat, as the reminders sent there do (one limit per chat).
    const putKeys: Array<[string, string]> = [];
    for (const name of await t.app.storage.outbox.list()) {
      const entry = (await t.app.storage.outbox.read(name, outboxEntrySchema))?.value;
      if (entry?.target.kind !== 'activityPut') continue;
      const plan = directPlan(entry.target, { type: 'message', summary: '', attachments: [] });
      if (plan?.kind === 'send') putKeys.push([rateKey(plan.operation), entry.thread]);
    }
    expect(putKeys.map(([key]) => key)).toContain(`user:${piet.aadObjectId}`);
    for (const [key, thread] of putKeys) expect(key).toBe(thread);

    // Every change is in the audit log, with ids and codes only: never the reason.
    const audit = await t.app.storage.audit.readAll((e) => e.objectType === 'aftercareChecklist');
    expect(audit.map((e) => [e.action, e.objectId])).toEqual(
      expect.arrayContaining([
        ['aftercare.tick', `${id}/steungesprek`],
        ['aftercare.not_needed', `${id}/mim`],
        ['aftercare.reschedule', `${id}/aangifte`],
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(REASON);
    for (const name of await t.app.storage.outbox.list()) {
      const entry = await t.app.storage.outbox.read(name, outboxEntrySchema);
      expect(JSON.stringify(entry)).not.toContain(REASON);
    }

    // Piet ticking the item Anna already ticked: told so, on the current card.
    await pete.invoke(itemButton(pete.card, 'aftercare.tick', 'steungesprek'));
    expect(cardText(pete.card)).toContain('Dit was al gedaan');
  });

  it('the staff member declines: the manager sees it on the card and in the timeline; offering again is due in 2 weeks', async () => {
    await anne.invoke({ ...itemButton(anne.card, 'aftercare.notNeeded', 'mim'), f_reden_mim: REASON });
    const staff = new PersonalDriver(t, bram);
    const [told] = await cardsReceived(t, bram, 'Nazorg na je melding');
    // Asked once more: "Nee, terug" changes nothing; "Ja, nu geen nazorg" declines.
    await staff.press('Ik wil nu geen nazorg', {}, told);
    expect(cardText(staff.card)).toContain('Nu geen nazorg?');
    const question = staff.card;
    await staff.press('Nee, terug', {}, question);
    expect((await storedChecklist(t, id))?.staffResponse).not.toBe('declined');
    expect(cardText(staff.card)).toContain('Ik wil nu geen nazorg');
    await staff.press('Ja, nu geen nazorg', {}, question);
    expect(() => validateCard(staff.card)).not.toThrow();
    expect(cardText(staff.card)).toContain('Je wilt nu geen nazorg');
    expect(buttonOf(staff.card, 'Toch graag nazorg')).toMatchObject({ action: 'aftercare.accept' });
    // The staff member never sees the manager's notes.
    expect(cardText(staff.card)).not.toContain(REASON);

    const checklist = await storedChecklist(t, id);
    expect(checklist?.staffResponse).toBe('declined');
    expect(checklist?.items.opnieuw_aanbieden?.dueDate).toBe('2026-11-16');
    expect(checklist?.timeline.at(-1)).toMatchObject({ action: 'declined', actorId: bram.aadObjectId });

    await t.app.tick();
    const message = await cardsReceived(t, anna, 'wil nu geen nazorg');
    expect(message).toHaveLength(1);
    for (const manager of [anna, piet]) {
      const card = lastPutCard(t, manager);
      expect(cardText(card)).toContain('Bram Bakker wil nu geen nazorg');
      expect(cardText(card)).toContain('Nazorg opnieuw aanbieden');
      expect(cardText(card)).toContain('Collega wil nu geen nazorg');
    }
    // Someone else cannot decline for Bram.
    await pete.invoke({ action: 'aftercare.accept', ref: id });
    expect(cardText(pete.card)).toContain('Alleen de collega');
    expect((await storedChecklist(t, id))?.staffResponse).toBe('declined');

    // Bram wants aftercare after all: offering again is settled.
    await staff.press('Toch graag nazorg');
    expect(cardText(staff.card)).toContain('toch nazorg wilt');
    expect((await storedChecklist(t, id))?.items.opnieuw_aanbieden?.status).toBe('done');
  });

  it('closes when every item is done or not needed; the incident’s retention clock starts', async () => {
    const items = buttonsOf(anne.card)
      .filter((b) => b.data.action === 'aftercare.tick')
      .map((b) => String(b.data.value));
    expect(items).toHaveLength(12);
    for (const [i, item] of items.entries()) {
      t.clock.advance(60_000);
      if (i % 3 === 0)
        await anne.invoke({
          ...itemButton(anne.card, 'aftercare.notNeeded', item),
          [`f_reden_${item}`]: 'nvt',
        });
      else await anne.invoke(itemButton(anne.card, 'aftercare.tick', item));
    }
    expect(cardText(anne.card)).toContain('De nazorg is afgerond');
    expect(cardText(anne.card)).toContain('Afgerond op 2 november');
    expect(buttonsOf(anne.card).filter((b) => b.title === 'Klaar')).toHaveLength(0);
    const checklist = await storedChecklist(t, id);
    const incident = await storedIncident(t, id);
    expect(checklist?.status).toBe('closed');
    expect(incident?.status).toBe('closed');
    expect(incident?.closedAt).toBe(checklist?.closedAt);
    expect(checklist?.timeline.at(-1)?.action).toBe('closed');

    await t.app.tick();
    // Bram's card (posted 1:1 through the outbox; Baken remembered where) is updated in place too.
    const staffPuts = allPuts(t).filter((c) => cardText(cardOf(c)).includes('Nazorg na je melding'));
    const staffCard = cardOf(staffPuts.at(-1) ?? { method: '', path: '', body: {}, at: 0 });
    expect(cardText(staffCard)).toContain('De nazorg is afgerond');
    expect(cardText(staffCard)).not.toContain('nvt');
    const audit = await t.app.storage.audit.readAll((e) => e.action.endsWith('.close'));
    expect(audit.map((e) => [e.action, e.objectId])).toEqual([
      ['aftercare.close', id],
      ['incident.close', id],
    ]);
    // Closed: no more changes.
    await pete.invoke({ action: 'aftercare.tick', ref: id, value: 'steungesprek' });
    expect(cardText(pete.card)).toContain('Dit was al gedaan');
  });
});
