import { DEFAULT_AFTERCARE_ITEMS } from '../../src/aftercare/aftercareItems';
import {
  CARLA,
  addCarla,
  bramReports,
  cardsReceived,
  startAftercare,
  storedChecklist,
  storedIncident,
} from '../support/aftercareSetup';
import { buttonOf, buttonsOf, cardText } from '../support/cardWalk';
import {
  PEOPLE,
  cardOf,
  personalMessages,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const { anna, piet, bram, gast, oud } = PEOPLE;

describe('aftercare: starting, refusals, the staff member told 1:1', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
    addCarla(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a manager starts aftercare from the incident card; the staff member is told 1:1 who their contact is', async () => {
    const { id } = await bramReports(t);
    const manager = new PersonalDriver(t, anna);
    await manager.invoke({ action: 'incident.open', ref: id });
    expect(() => validateCard(manager.card)).not.toThrow();
    await manager.press('Nazorg');
    const card = manager.card;
    expect(() => validateCard(card)).not.toThrow();
    expect(cardText(card)).toContain('Nazorg voor Bram Bakker');
    expect(cardText(card)).toContain('Nazorg gestart');
    // Every item that applies before a decline, each with its buttons.
    for (const item of DEFAULT_AFTERCARE_ITEMS.filter((i) => i.due.from === 'incident'))
      expect(cardText(card)).toContain(item.title);
    expect(cardText(card)).not.toContain('Nazorg opnieuw aanbieden');
    expect(buttonsOf(card).filter((b) => b.title === 'Klaar')).toHaveLength(12);
    expect(cardText(card)).toContain('Bron:');

    const checklist = await storedChecklist(t, id);
    expect(checklist).toMatchObject({
      status: 'open',
      staffResponse: 'informed',
      contact: { aadObjectId: anna.aadObjectId },
      staff: { aadObjectId: bram.aadObjectId },
    });
    // Due dates count from the incident (reported 2 November): support conversation within 72 hours.
    expect(checklist?.items.steungesprek?.dueDate).toBe('2026-11-05');
    expect(checklist?.items.nagesprek_2w?.dueDate).toBe('2026-11-16');
    expect(checklist?.items.nagesprek_6w?.dueDate).toBe('2026-12-14');

    await t.app.tick();
    const told = await cardsReceived(t, bram, 'Nazorg na je melding');
    expect(told).toHaveLength(1);
    expect(() => validateCard(told[0])).not.toThrow();
    expect(cardText(told[0])).toContain('Anna de Vries is je contactpersoon');
    expect(buttonOf(told[0], 'Ik wil nu geen nazorg')).toMatchObject({
      action: 'aftercare.decline',
      ref: id,
    });

    // Pressing again opens the same checklist: no second start, no second message.
    await manager.invoke({ action: 'aftercare.start', ref: id });
    expect(cardText(manager.card)).toContain('loopt al');
    await t.app.tick();
    expect(await cardsReceived(t, bram, 'Nazorg na je melding')).toHaveLength(1);
    const audit = await t.app.storage.audit.readAll((e) => e.objectType === 'aftercareChecklist');
    expect(audit.map((e) => [e.action, e.actorId, e.outcome])).toEqual(
      expect.arrayContaining([
        ['aftercare.start', anna.aadObjectId, 'ok'],
        ['aftercare.read', anna.aadObjectId, 'ok'],
      ]),
    );
  });

  it('refuses a staff member, the reporter, a guest and a manager who left the team: only they see it, audited', async () => {
    const { id } = await bramReports(t);
    await t.app.tick();
    const before = t.connector.calls.length;
    const cases = [
      { who: CARLA, says: 'alleen een leidinggevende' },
      { who: bram, says: 'Nazorg voor jezelf' },
      { who: gast, says: 'alleen een leidinggevende' },
      { who: oud, says: 'alleen een leidinggevende' },
    ];
    for (const { who, says } of cases) {
      const driver = await startAftercare(t, who, id);
      expect(cardText(driver.card)).toContain(says);
      expect(cardText(driver.card)).not.toContain('Steungesprek');
    }
    expect(await storedChecklist(t, id)).toBeUndefined();
    await t.app.tick();
    // Nothing was posted to anyone (the refusals were the invoke answers).
    expect(t.connector.calls.slice(before).filter((c) => c.method !== 'GET')).toEqual([]);
    const refused = await t.app.storage.audit.readAll(
      (e) => e.action === 'aftercare.start' && e.outcome === 'refused',
    );
    expect(refused.map((e) => e.actorId).sort()).toEqual(
      [CARLA, bram, gast, oud].map((u) => u.aadObjectId).sort(),
    );
    // A manager of the team (on the roster) may.
    const piets = await startAftercare(t, piet, id);
    expect(cardText(piets.card)).toContain('Nazorg voor Bram Bakker');
  });

  it('refuses to start on an incident that was not shared with the managers', async () => {
    const { id } = await bramReports(t, false);
    const driver = await startAftercare(t, anna, id);
    expect(cardText(driver.card)).toContain('niet gedeeld');
    expect(await storedChecklist(t, id)).toBeUndefined();
  });

  it('starts from the escalation details card (1:1) and lists incidents to start from with "nazorg"', async () => {
    const { id } = await bramReports(t);
    await t.app.tick();
    const escalationId = (await storedIncident(t, id))?.escalations[0]?.id ?? '';
    const manager = new PersonalDriver(t, anna);
    await manager.invoke({ action: 'escalation.details', ref: escalationId });
    await t.app.tick();
    const details = (await personalMessages(t, anna))
      .map((c) => cardOf(c))
      .find((c) => cardText(c).includes('Details van de melding'));
    expect(() => validateCard(details)).not.toThrow();
    expect(buttonOf(details, 'Nazorg')).toMatchObject({ action: 'aftercare.start', ref: escalationId });

    // Before starting: "nazorg" lists the shared incident to start from; "nazorg bram" finds it too.
    for (const text of ['nazorg', 'nazorg bram']) {
      const posted = await manager.message(text);
      const overview = (posted.at(-1)?.attachments as Array<{ content: Record<string, unknown> }>)[0]
        ?.content;
      expect(() => validateCard(overview)).not.toThrow();
      expect(cardText(overview)).toContain('Meldingen zonder nazorg');
      expect(buttonOf(overview, 'Start nazorg')).toMatchObject({ action: 'aftercare.start', ref: id });
    }
    const nobody = await manager.message('nazorg piet');
    const notFound = (nobody.at(-1)?.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content;
    expect(cardText(notFound)).toContain('Ik vind geen open melding van die collega');

    const listed = await t.app.storage.audit.readAll(
      (e) => e.action === 'incident.list' && e.objectId === id,
    );
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.every((e) => e.actorId === anna.aadObjectId && e.role === 'manager')).toBe(true);

    await manager.press('Nazorg', {}, details);
    expect(cardText(manager.card)).toContain('Nazorg voor Bram Bakker');
    expect((await storedChecklist(t, id))?.contact.aadObjectId).toBe(anna.aadObjectId);
  });
});
