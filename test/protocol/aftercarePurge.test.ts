import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { removedCardPaths, storedChecklist, storedIncident } from '../support/aftercareSetup';
import { AttachmentServer } from '../support/attachmentServer';
import { buttonsOf, cardText } from '../support/cardWalk';
import {
  PEOPLE,
  invokeCardOf,
  noticeInvoke,
  readEscalation,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { PNG_1PX, PersonalDriver, inlineImage } from '../support/incidentDriver';
import { blobsNaming, snapshotStorage } from '../support/storageSnapshot';

const storage = useMemoryStorage();
const { anna, piet, bram } = PEOPLE;
const DAY = 24 * 60 * 60 * 1000;

describe('the purge after the retention period', () => {
  let t: EscalationBaken;
  let files: AttachmentServer;
  beforeEach(async () => {
    files = await new AttachmentServer('127.0.0.1').start();
    t = await startEscalationBaken(storage.get(), {
      env: { RETENTION_DAYS: '30', ATTACHMENT_HOSTS: '127.0.0.1' },
      overrides: { attachmentTokens: { authorization: async () => 'Bearer test' } },
    });
  });
  afterEach(async () => {
    await t.stop();
    await files.stop();
  });

  it('deletes a closed record, its evidence, checklist, escalations, outbox entries and state; cards say "verwijderd"; only audit lines remain', async () => {
    // A whole life: channel notice, pick-up, details 1:1, a screenshot and a link, aftercare by two managers.
    await setEscalationChannel(t);
    const staff = new PersonalDriver(t, bram);
    const id = await staff.startIncident();
    await staff.press('Verder', { f_soort: 'bedreiging', f_platform: 'linkedin', f_online: 'ja' });
    await staff.message('', [
      inlineImage(files.serve('/v3/attachments/a/views/original', { body: PNG_1PX })),
    ]);
    while (!cardText(staff.card).includes('Mag ik je leidinggevenden')) await staff.press('Sla over');
    await staff.press('Verder', { f_toestemming: 'ja' });
    await t.app.tick();
    const incident = await storedIncident(t, id);
    const escalationId = incident?.escalations[0]?.id ?? '';
    const evidenceId = incident?.evidence[0]?.id ?? '';
    expect(escalationId).toMatch(/^esc-/);
    expect(evidenceId).toMatch(/^ev-/);
    const notice = (
      await t.app.storage.outbox.read(
        `${encodeURIComponent(`${escalationId}:notice`)}.json`,
        outboxEntrySchema,
      )
    )?.value.result;
    if (!notice) throw new Error('the notice was not posted');
    const ack = await t.send(
      noticeInvoke(
        t.connector.url,
        anna,
        { action: 'escalation.ack', ref: escalationId },
        notice.conversationId,
      ),
    );
    expect(cardText(invokeCardOf(ack.body))).toContain('Je hebt deze melding opgepakt');
    const manager = new PersonalDriver(t, anna);
    await manager.invoke({ action: 'escalation.details', ref: escalationId });
    await manager.invoke({ action: 'incident.link', ref: id, value: evidenceId });
    await manager.invoke({ action: 'aftercare.start', ref: id });
    await new PersonalDriver(t, piet).invoke({ action: 'aftercare.open', ref: id });
    for (const button of buttonsOf(manager.card).filter((b) => b.data.action === 'aftercare.tick'))
      await manager.invoke(button.data);
    expect((await storedChecklist(t, id))?.status).toBe('closed');
    await t.app.tick();
    const closedAt = Date.parse((await storedIncident(t, id))?.closedAt ?? '');
    const ids = [id, escalationId, evidenceId];
    const putsBefore = t.connector.calls.filter((c) => c.method === 'PUT').length;

    // Within the retention period nothing is deleted.
    t.clock.set(new Date(closedAt + 30 * DAY - 60_000));
    await t.app.tick();
    expect(await storedIncident(t, id)).toBeDefined();

    // An escalation about something else (a test notice, resolved, so no reminder reads it): the purge finds the
    // incident's escalations from the listing's metadata and never reads this one.
    await sendTestEscalation(t, piet);
    await t.app.tick();
    const others = (await t.app.storage.escalations.list()).filter((n) => !n.includes(escalationId));
    expect(others).toHaveLength(1);
    const otherId = (others[0] ?? '').replace(/\.json$/, '');
    const otherThread = (await readEscalation(t, otherId)).notice?.conversationId ?? '';
    for (const data of [{ action: 'escalation.ack' }, { action: 'escalation.resolve', confirmed: 'ja' }])
      await t.send(noticeInvoke(t.connector.url, anna, { ref: otherId, version: 0, ...data }, otherThread));
    expect((await readEscalation(t, otherId)).status).toBe('resolved');
    await t.app.tick(); // its notice updated in the channel

    // Conversation states that name the record (Bram's flow run) and states that do not (Piet's, Anna's menu).
    await new PersonalDriver(t, piet).message('menu');
    const statesBefore = (await snapshotStorage(t.app.storage)).state;
    const naming = Object.keys(statesBefore).filter((name) =>
      ids.some((x) => statesBefore[name]?.includes(x)),
    );
    expect(naming.length).toBeGreaterThan(0);
    expect(Object.keys(statesBefore).length).toBeGreaterThan(naming.length);

    // After it: the purge (records are scanned at most hourly: retention counts in days). It reads no other
    // escalation, no evidence link (their metadata names the incident) and only the states that name the record.
    t.clock.set(new Date(closedAt + 30 * DAY + 60 * 60_000));
    const reads = jest.spyOn(t.app.storage.escalations, 'read');
    const recordReads = jest.spyOn(t.app.storage.records, 'read');
    const stateReads = jest.spyOn(t.app.storage.state, 'read');
    try {
      await t.app.tick();
      await t.app.tick();
      expect(reads.mock.calls.map(([name]) => name).filter((name) => others.includes(name))).toEqual([]);
      expect(recordReads.mock.calls.filter(([name]) => name.startsWith('evidence-links/'))).toEqual([]);
      expect([...new Set(stateReads.mock.calls.map(([name]) => name))].sort()).toEqual([...naming].sort());
    } finally {
      reads.mockRestore();
      recordReads.mockRestore();
      stateReads.mockRestore();
    }
    expect(await storedIncident(t, id)).toBeUndefined();

    // "Deze melding is verwijderd" over the channel notice, the 1:1 cards and the checklist cards.
    const paths = removedCardPaths(t, putsBefore);
    expect(paths).toContain(`/v3/conversations/${notice.conversationId}/activities/${notice.activityId}`);
    expect(paths).toContain('/v3/conversations/a:personal-aad-anna/activities/act-card');
    expect(paths).toContain('/v3/conversations/a:personal-aad-piet/activities/act-card');
    // The details card to Anna, the messages and the aftercare card to Bram (each posted once, in its own chat).
    expect(paths.length).toBeGreaterThanOrEqual(6);
    expect(new Set(paths).size).toBe(paths.length);

    // Every container but the audit log holds nothing about the record: not in a name, not in a content.
    const names = await t.app.storage.listEverything();
    const snapshot = await snapshotStorage(t.app.storage);
    expect(blobsNaming(snapshot, ids)).toEqual([]);
    expect(names.evidence).toEqual([]);
    expect(names.escalations).toEqual(others);
    expect(names.outbox.filter((n) => n.startsWith('purge'))).toEqual([]);
    expect(names.records.filter((n) => !n.startsWith('evidence-links/'))).toEqual([]);
    // Bram's conversation state no longer has the incident's flow run.
    expect(Object.keys(snapshot.state).length).toBeGreaterThan(0);

    // The audit log keeps every line about the record, and the purge itself.
    const audit = await t.app.storage.audit.readAll();
    const purge = audit.filter((e) => e.action.endsWith('.purge')).map((e) => [e.action, e.objectId]);
    expect(purge).toEqual(
      expect.arrayContaining([
        ['escalation.purge', escalationId],
        ['evidence.purge', `${id}/${evidenceId}`],
        ['aftercare.purge', id],
        ['incident.purge', id],
      ]),
    );
    expect(audit.some((e) => e.action === 'aftercare.start' && e.objectId === id)).toBe(true);

    // A later pass finds nothing more to do.
    const callsBefore = t.connector.calls.length;
    await t.app.tick();
    expect(t.connector.calls.slice(callsBefore).filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
