import { randomUUID } from 'node:crypto';
import {
  incidentDocName,
  incidentRecordSchema,
  type IncidentRecord,
} from '../../src/incidents/incidentRecord';
import { buttonOf, cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
  startSecondBakenProcess,
} from '../support/escalationSetup';
import { postActivity, useAzurite, type TestBaken } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import { validateCard } from '../support/validateCard';

const azurite = useAzurite();
const { anna, bram } = PEOPLE;
const WHAT = { f_soort: 'bedreiging', f_platform: 'linkedin', f_wanneer: '2026-11-01', f_online: 'ja' };
const SCREENSHOT = { f_gemaakt: 'ja', f_wie: 'account boos123', f_kanaal: 'openbare pagina' };

/** The stored incident. */
async function stored(t: TestBaken, id: string): Promise<IncidentRecord | undefined> {
  return (await t.app.storage.records.read(incidentDocName(id), incidentRecordSchema))?.value;
}

/** Bram reports: what happened, the screenshot step, and (optionally) consent at "Bespreek". */
async function bramReports(
  t: TestBaken,
  withConsent: boolean,
): Promise<{ driver: PersonalDriver; id: string }> {
  const driver = new PersonalDriver(t, bram);
  const id = await driver.startIncident();
  await driver.press('Verder', WHAT);
  await driver.press('Verder', SCREENSHOT);
  await driver.press('Sla over'); // In gesprek
  await driver.press('Sla over'); // Rapporteer
  await driver.press('Verder', { f_toestemming: withConsent ? 'ja' : 'nee' });
  return { driver, id };
}

/** The "Werk bij" data of a step on an opened incident card. */
function saveData(card: Record<string, unknown> | undefined, id: string, stepId: string) {
  const edit = buttonOf(card, 'Werk bij');
  return { action: 'incident.save', ref: id, step: edit.step, value: stepId };
}

describe('the incident record', () => {
  let baken: EscalationBaken;
  afterEach(async () => {
    await baken?.stop();
  });

  it('notifies the team channel with consent, naming nobody and showing no incident detail; "Trek aan de bel" sends a new signal', async () => {
    baken = await startEscalationBaken(azurite.get());
    await setEscalationChannel(baken);
    const { driver, id } = await bramReports(baken, true);
    expect(cardText(driver.card)).toContain('Je leidinggevenden weten het nu');
    await baken.app.tick();
    const threads = channelThreads(baken.connector.calls);
    expect(threads).toHaveLength(1);
    const notice = JSON.stringify(cardOf(threads[0] ?? { method: '', path: '', body: {}, at: 0 }));
    expect(notice).toContain('een collega');
    for (const detail of [
      'Bram',
      'Bakker',
      bram.aadObjectId,
      'boos123',
      'LinkedIn',
      'Bedreiging',
      'openbare pagina',
      id,
    ]) {
      expect(notice).not.toContain(detail);
    }
    expect((await stored(baken, id))?.sharedWithManagers).toBe(true);

    // The incident keeps following Bram: one button, a new signal.
    while (!cardText(driver.card).includes('Overzicht van je melding')) await driver.press('Sla over');
    await driver.press('Trek aan de bel');
    expect(cardText(driver.card)).toContain('nieuw signaal');
    await baken.app.tick();
    const after = channelThreads(baken.connector.calls);
    expect(after).toHaveLength(2);
    const alarm = JSON.stringify(cardOf(after[1] ?? { method: '', path: '', body: {}, at: 0 }));
    for (const detail of ['Bram', 'boos123', 'LinkedIn', 'Bedreiging']) expect(alarm).not.toContain(detail);
    expect((await stored(baken, id))?.escalations.map((e) => e.reason)).toEqual(['consent', 'alarm']);
  });

  it('lets a manager list the team’s open incidents 1:1 and open one; each read is in the audit log', async () => {
    baken = await startEscalationBaken(azurite.get());
    const shared = await bramReports(baken, true);
    const notShared = await bramReports(baken, false);
    const manager = new PersonalDriver(baken, anna);
    const posted = await manager.message('mijn meldingen');
    const list = (posted.at(-1)?.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content;
    expect(() => validateCard(list)).not.toThrow();
    expect(cardText(list)).toContain('Open meldingen in je team');
    expect(cardText(list)).toContain(bram.name);
    expect(JSON.stringify(list)).toContain(shared.id);
    expect(JSON.stringify(list)).not.toContain(notShared.id);

    await manager.press('Open', {}, list);
    expect(cardText(manager.card)).toContain('account boos123');
    expect(cardText(manager.card)).not.toContain('Werk bij');
    // A manager reads, but cannot change the colleague's incident.
    const refused = await manager.invoke({
      action: 'incident.save',
      ref: shared.id,
      value: 'wat_gebeurd',
      f_online: 'nee',
    });
    expect(refused.status).toBe(200);
    expect((await stored(baken, shared.id))?.steps.wat_gebeurd?.fields.online).toBe('ja');
    // Not shared: even a manager of the team is refused.
    await manager.invoke({ action: 'incident.open', ref: notShared.id });
    expect(cardText(manager.card)).toContain('Deze melding kun je niet openen');

    const audit = await baken.app.storage.audit.readAll((e) => e.actorId === anna.aadObjectId);
    const lines = audit.map((e) => [e.action, e.objectId, e.role, e.outcome]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['incident.list', shared.id, 'manager', 'ok'],
        ['incident.read', shared.id, 'manager', 'ok'],
        ['incident.update_step', shared.id, 'unknown', 'refused'],
        ['incident.read', notShared.id, 'unknown', 'refused'],
      ]),
    );
    expect(audit.every((e) => e.conversationId !== undefined && e.actorName === anna.name)).toBe(true);
  });

  it('keeps both changes when two devices update the same incident at once (ETag conflict, retried)', async () => {
    baken = await startEscalationBaken(azurite.get(), { overrides: { pauseBeforeWriteMs: 250 } });
    const { driver, id } = await bramReports(baken, false);
    await driver.invoke({ action: 'incident.open', ref: id });
    const card = driver.card;
    const before = (await stored(baken, id))?.revision ?? 0;
    const phone = new PersonalDriver(baken, bram);
    const laptop = new PersonalDriver(baken, bram);
    // Both devices show the same card (same revision) and save a different step at the same moment.
    await Promise.all([
      phone.invoke({ ...saveData(card, id, 'wat_gebeurd'), ...WHAT, f_online: 'verwijderd' }),
      laptop.invoke({ ...saveData(card, id, 'rapporteer'), f_gerapporteerd: 'ja', f_reactie: 'verwijderd' }),
    ]);
    const record = await stored(baken, id);
    expect(record?.steps.wat_gebeurd?.fields.online).toBe('verwijderd');
    expect(record?.steps.rapporteer?.fields).toEqual({ gerapporteerd: 'ja', reactie: 'verwijderd' });
    expect(record?.steps.screenshot?.fields.wie).toBe('account boos123');
    expect(record?.revision).toBe(before + 2);
    expect(
      record?.timeline
        .filter((l) => l.action === 'step_updated')
        .map((l) => l.ref)
        .sort(),
    ).toEqual(['rapporteer', 'wat_gebeurd']);
  });

  it('loses neither update when two Baken processes change the same incident at once', async () => {
    const connector = await new LoopbackConnector().start();
    const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    // Process one: in this test process. Process two: `npm start` as a child on the same storage account and
    // prefix. Both pause between reading the record and writing it back, so their writes collide.
    const one = await startEscalationBaken(azurite.get(), {
      env: { STORAGE_PREFIX: prefix },
      connector,
      overrides: { pauseBeforeWriteMs: 300 },
    });
    const two = await startSecondBakenProcess(azurite.get(), prefix);
    baken = one;
    try {
      const { id } = await bramReports(one, false);
      const viaOne = new PersonalDriver(one, bram);
      const viaTwo = new PersonalDriver(
        { connector, send: (activity) => postActivity(two.url, activity) },
        bram,
      );
      await viaOne.invoke({ action: 'incident.open', ref: id });
      const data = (stepId: string) => saveData(viaOne.card, id, stepId);
      const started = Date.now();
      const timed = async <T>(work: Promise<T>) => {
        const value = await work;
        return { value, ms: Date.now() - started };
      };
      const [a, b] = await Promise.all([
        timed(viaOne.invoke({ ...data('wat_gebeurd'), ...WHAT, f_online: 'verwijderd' })),
        timed(viaTwo.invoke({ ...data('juridische_hulp'), f_nodig: 'ja' })),
      ]);
      expect([a.value.status, b.value.status]).toEqual([200, 200]);
      // Each process paused between its read and its write, so both read the same version; one write met a
      // changed ETag and was read and written again (a second pause).
      expect(Math.min(a.ms, b.ms)).toBeGreaterThanOrEqual(300);
      expect(Math.max(a.ms, b.ms)).toBeGreaterThanOrEqual(600);
      const record = await stored(one, id);
      expect(record?.steps.wat_gebeurd?.fields.online).toBe('verwijderd');
      expect(record?.steps.juridische_hulp?.fields).toEqual({ nodig: 'ja' });
    } finally {
      await two.stop();
      await connector.stop();
    }
  }, 60_000);
});
