import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { NEUTRAL_PREVIEW } from '../../cards/cardShell';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  invokeCardOf,
  noticeInvoke,
  personalMessages,
  personalStarts,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import {
  MELDINGEN_ID,
  TEAM_ID,
  TENANT,
  cardInvoke,
  channelMention,
  personalMessage,
  type TestUser,
} from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();

async function readRecord(t: EscalationBaken, id: string) {
  const found = await t.app.storage.escalations.read(escalationDocName(id), escalationRecordSchema);
  if (!found) throw new Error(`no escalation ${id}`);
  return found.value;
}

/** Sets the channel, sends a test escalation by Anna, delivers, and returns the posted notice. */
async function postedNotice(t: EscalationBaken) {
  expect((await setEscalationChannel(t)).status).toBe(200);
  expect((await sendTestEscalation(t)).status).toBe(200);
  await t.app.tick();
  const threads = channelThreads(t.connector.calls);
  expect(threads).toHaveLength(1);
  const create = threads[0];
  if (!create) throw new Error('no notice');
  const card = cardOf(create);
  const id = escalationIdOf(card);
  const record = await readRecord(t, id);
  if (!record.notice) throw new Error('notice not recorded');
  return { create, card, id, record, notice: record.notice };
}

describe('escalation to the team channel', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
  });
  afterEach(async () => {
    await t.stop();
  });

  it('"@Baken meldkanaal" by a manager stores the channel and confirms in the channel', async () => {
    expect((await setEscalationChannel(t)).status).toBe(200);
    const team = await t.teams.get(TEAM_ID);
    expect(team?.escalationChannel?.channelId).toBe(MELDINGEN_ID);
    expect(team?.escalationChannel?.setBy.aadObjectId).toBe(PEOPLE.anna.aadObjectId);
    const reply = t.connector.posted(MELDINGEN_ID).at(-1);
    expect(reply?.body.text).toMatch(/meldkanaal/);
    const audit = await t.app.storage.audit.readAll((e) => e.action === 'team.set_escalation_channel');
    expect(audit).toEqual([
      expect.objectContaining({ actorId: PEOPLE.anna.aadObjectId, role: 'manager', outcome: 'ok' }),
    ]);
  });

  it('"@Baken meldkanaal" by a staff member changes nothing; the refusal goes only to them, 1:1', async () => {
    await t.send(channelMention(t.connector.url, PEOPLE.bram, 'meldkanaal', MELDINGEN_ID));
    await t.app.tick();
    expect((await t.teams.get(TEAM_ID))?.escalationChannel).toBeUndefined();
    expect(t.connector.posted(MELDINGEN_ID)).toHaveLength(0);
    const refusal = await personalMessages(t, PEOPLE.bram);
    expect(refusal).toHaveLength(1);
    expect(JSON.stringify(cardOf(refusal[0] ?? { method: '', path: '', body: {}, at: 0 }))).toMatch(
      /alleen een leidinggevende/i,
    );
    const audit = await t.app.storage.audit.readAll((e) => e.outcome === 'refused');
    expect(audit).toEqual([expect.objectContaining({ actorId: PEOPLE.bram.aadObjectId, role: 'staff' })]);
  });

  it('the notice arrives as a new conversation in the configured channel: kind, urgency, who, when, status only', async () => {
    const { create, card, record } = await postedNotice(t);
    expect(create.body.isGroup).toBe(true);
    expect((create.body.activity as { summary?: string }).summary).toBe(NEUTRAL_PREVIEW);
    validateCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Testmelding');
    expect(text).toContain('Anna de Vries');
    expect(text).toContain('Nog niet opgepakt');
    expect(text).toContain('Ik pak dit op');
    expect(text).toContain('Afgerond');
    expect(text).toContain('Bekijk details');
    expect(record.delivery.status).toBe('in_channel');
    expect(record.timeline.map((e) => e.action)).toEqual(['created', 'notice_posted']);
  });

  /** Piet, a manager, presses "Ik pak dit op" on the posted notice. */
  const pietAcks = ({ id, notice, record }: Awaited<ReturnType<typeof postedNotice>>) =>
    t.send(
      noticeInvoke(
        t.connector.url,
        PEOPLE.piet,
        { action: 'escalation.ack', ref: id, version: record.revision },
        notice.conversationId,
      ),
    );

  it('the update of the card after a press is sent only after the answer to that press', async () => {
    const posted = await postedNotice(t);
    // The press's turn ends slowly (its audit line, written after the update was recorded, takes 300 ms): the
    // PUT must still come after the turn's answer.
    const append = t.app.storage.audit.append.bind(t.app.storage.audit);
    let turnWritten = 0;
    jest.spyOn(t.app.storage.audit, 'append').mockImplementation(async (entry) => {
      await new Promise((r) => setTimeout(r, 300));
      await append(entry);
      turnWritten = Date.now();
    });
    const answer = await pietAcks(posted);
    expect(answer.status).toBe(200);
    await t.connector.waitFor((calls) => calls.some((c) => c.method === 'PUT'));
    const put = t.connector.calls.find((c) => c.method === 'PUT');
    expect(turnWritten).toBeGreaterThan(0);
    expect(put?.at).toBeGreaterThanOrEqual(turnWritten);
  });

  it('"Ik pak dit op" by a manager updates that same activity (PUT) and tells the reporter 1:1', async () => {
    const posted = await postedNotice(t);
    const { id, notice } = posted;
    const before = t.connector.calls.length;
    const answer = await pietAcks(posted);
    expect(answer.status).toBe(200);
    const shown = invokeCardOf(answer.body);
    validateCard(shown);
    expect(JSON.stringify(shown)).toContain('Je hebt deze melding opgepakt');
    await t.app.tick();
    const after = t.connector.calls.slice(before);
    const puts = after.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(
      `/v3/conversations/${encodeURIComponent(notice.conversationId)}/activities/${encodeURIComponent(notice.activityId)}`,
    );
    const updated = cardOf(puts[0] ?? { method: '', path: '', body: {}, at: 0 });
    validateCard(updated);
    expect(JSON.stringify(updated)).toContain('Opgepakt door Piet Jansen');
    expect(JSON.stringify(updated)).not.toContain('Ik pak dit op');
    const toReporter = await personalMessages(t, PEOPLE.anna);
    expect(toReporter).toHaveLength(1);
    const told = JSON.stringify(cardOf(toReporter[0] ?? { method: '', path: '', body: {}, at: 0 }));
    expect(told).toContain('is opgepakt door Piet Jansen');
    // A message to the team is never called "je melding" (that sounds like Veilig Thuis or the police).
    expect(told).toContain('Je bericht aan het team (Testmelding) is opgepakt');
    expect(told).not.toContain('Je melding');
    const stored = await readRecord(t, id);
    expect(stored.status).toBe('acknowledged');
    expect(stored.acknowledgedBy?.aadObjectId).toBe(PEOPLE.piet.aadObjectId);
    expect(stored.reminders.nextAt).toBeUndefined();
  });

  it.each([
    ['a staff member', PEOPLE.bram, 'staff'],
    ['a guest', PEOPLE.gast, 'unknown'],
    ['a manager who left the team', PEOPLE.oud, 'unknown'],
  ])(
    'the same button pressed by %s changes nothing; the refusal is seen only by them',
    async (_label, who, role) => {
      const { id, notice, record } = await postedNotice(t);
      const before = t.connector.calls.length;
      const answer = await t.send(
        noticeInvoke(
          t.connector.url,
          who,
          { action: 'escalation.ack', ref: id, version: record.revision },
          notice.conversationId,
        ),
      );
      expect(answer.status).toBe(200);
      expect(JSON.stringify(invokeCardOf(answer.body))).toMatch(/alleen een leidinggevende/i);
      await t.app.tick();
      const sent = t.connector.calls.slice(before).filter((c) => c.method !== 'GET');
      expect(sent).toEqual([]);
      const stored = await readRecord(t, id);
      expect(stored.status).toBe('open');
      expect(stored.revision).toBe(record.revision);
      const refused = await t.app.storage.audit.readAll((e) => e.outcome === 'refused' && e.objectId === id);
      expect(refused).toEqual([
        expect.objectContaining({ actorId: who.aadObjectId, role, action: 'escalation.acknowledge' }),
      ]);
    },
  );

  it('"Afgerond" asks once more, only the presser sees it, and "Nee, nog niet" changes nothing', async () => {
    const { id, notice } = await postedNotice(t);
    const pressAs = (who: TestUser, action: string, extra: Record<string, unknown> = {}) =>
      t.send(
        noticeInvoke(t.connector.url, who, { action, ref: id, version: 0, ...extra }, notice.conversationId),
      );
    const press = (action: string, extra: Record<string, unknown> = {}) =>
      pressAs(PEOPLE.piet, action, extra);
    await press('escalation.ack');
    await t.app.tick();
    const putsBefore = t.connector.calls.filter((c) => c.method === 'PUT').length;
    const asked = invokeCardOf((await press('escalation.resolve')).body);
    validateCard(asked);
    const question = JSON.stringify(asked);
    expect(question).toContain('Deze melding afronden?');
    expect(question).toContain('Je kunt dit niet terugdraaien.');
    expect(question).toContain('"confirmed":"ja"');
    const back = JSON.stringify(invokeCardOf((await press('escalation.resolve', { confirmed: 'nee' })).body));
    expect(back).toContain('Opgepakt door Piet Jansen');
    await t.app.tick();
    expect((await readRecord(t, id)).status).toBe('acknowledged');
    expect(t.connector.calls.filter((c) => c.method === 'PUT')).toHaveLength(putsBefore);
    expect(await personalMessages(t, PEOPLE.anna)).toHaveLength(1);
    // A staff member pressing it is refused at once, without the question.
    const bram = await pressAs(PEOPLE.bram, 'escalation.resolve');
    expect(JSON.stringify(invokeCardOf(bram.body))).not.toContain('Deze melding afronden?');
  });

  it('"Afgerond", then "Ja, rond af", updates the same card again and tells the reporter; a second press changes nothing', async () => {
    const { id, notice } = await postedNotice(t);
    const press = (action: string) =>
      t.send(
        noticeInvoke(
          t.connector.url,
          PEOPLE.piet,
          { action, ref: id, version: 0, ...(action === 'escalation.resolve' ? { confirmed: 'ja' } : {}) },
          notice.conversationId,
        ),
      );
    await press('escalation.ack');
    await press('escalation.resolve');
    await t.app.tick();
    const again = await press('escalation.resolve');
    expect(JSON.stringify(invokeCardOf(again.body))).toContain('al afgerond door Piet Jansen');
    await t.app.tick();
    const puts = t.connector.calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(JSON.stringify(cardOf(puts[1] ?? { method: '', path: '', body: {}, at: 0 }))).toContain(
      'Afgerond door Piet Jansen',
    );
    expect(await personalMessages(t, PEOPLE.anna)).toHaveLength(2);
    expect((await readRecord(t, id)).status).toBe('resolved');
  });

  it('"Bekijk details" in the channel sends the details 1:1 to a manager, never into the channel', async () => {
    const { id, notice } = await postedNotice(t);
    const answer = await t.send(
      noticeInvoke(
        t.connector.url,
        PEOPLE.piet,
        { action: 'escalation.details', ref: id, version: 1 },
        notice.conversationId,
      ),
    );
    expect(JSON.stringify(invokeCardOf(answer.body))).toContain('persoonlijk bericht');
    await t.app.tick();
    const toPiet = await personalMessages(t, PEOPLE.piet);
    expect(toPiet).toHaveLength(1);
    const details = cardOf(toPiet[0] ?? { method: '', path: '', body: {}, at: 0 });
    validateCard(details);
    expect(JSON.stringify(details)).toContain('Details van de melding');
    expect(
      t.connector.calls.filter((c) => c.path.includes(encodeURIComponent(notice.conversationId))),
    ).toHaveLength(0);
    const staff = await t.send(
      noticeInvoke(
        t.connector.url,
        PEOPLE.bram,
        { action: 'escalation.details', ref: id, version: 1 },
        notice.conversationId,
      ),
    );
    expect(JSON.stringify(invokeCardOf(staff.body))).toContain('alleen voor de melder en de leidinggevenden');
    await t.app.tick();
    expect(await personalMessages(t, PEOPLE.bram)).toHaveLength(0);
  });

  it('without an escalation channel the managers get the notice 1:1 and the reporter is told', async () => {
    expect((await sendTestEscalation(t)).status).toBe(200);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(0);
    const toPiet = await personalMessages(t, PEOPLE.piet);
    expect(toPiet).toHaveLength(1);
    expect(JSON.stringify(cardOf(toPiet[0] ?? { method: '', path: '', body: {}, at: 0 }))).toContain(
      'nog geen meldkanaal',
    );
    // Olga left the team: she is still in the team record, but the live roster decides.
    expect(personalStarts(t.connector.calls, PEOPLE.oud)).toHaveLength(0);
    const toAnna = (await personalMessages(t, PEOPLE.anna)).map((c) => JSON.stringify(cardOf(c)));
    expect(toAnna.some((text) => text.includes('persoonlijk naar de leidinggevenden'))).toBe(true);
    const id = escalationIdOf(cardOf(toPiet[0] ?? { method: '', path: '', body: {}, at: 0 }));
    expect((await readRecord(t, id)).delivery.status).toBe('direct_to_managers');
  });

  it('picked up from a 1:1 copy: the 1:1 copy of every manager is updated in place (PUT)', async () => {
    await sendTestEscalation(t);
    await t.app.tick();
    const toPiet = await personalMessages(t, PEOPLE.piet);
    const id = escalationIdOf(cardOf(toPiet[0] ?? { method: '', path: '', body: {}, at: 0 }));
    const pietChat = decodeURIComponent(toPiet[0]?.path.split('/')[3] ?? '');
    await t.send({
      ...cardInvoke(t.connector.url, PEOPLE.piet, { action: 'escalation.ack', ref: id, version: 0 }),
      conversation: { conversationType: 'personal', id: pietChat, tenantId: TENANT },
    });
    await t.app.tick();
    const puts = t.connector.calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(2);
    for (const put of puts) expect(JSON.stringify(cardOf(put))).toContain('Opgepakt door Piet Jansen');
    const copies = [...(await personalMessages(t, PEOPLE.anna)), ...toPiet].filter((c) =>
      JSON.stringify(cardOf(c)).includes('Bekijk details'),
    );
    expect(puts.map((p) => p.path.split('/')[3]).sort()).toEqual(
      copies.map((c) => c.path.split('/')[3]).sort(),
    );
  });

  it('"testmelding" from a staff member is refused and escalates nothing', async () => {
    await setEscalationChannel(t);
    await t.send(personalMessage(t.connector.url, PEOPLE.bram, 'testmelding'));
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(0);
    expect(await t.app.storage.escalations.list()).toEqual([]);
  });
});
