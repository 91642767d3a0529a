import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import type { EscalationRecord } from '../../src/escalation/escalationRecord';
import { CARLA, addCarla, bramReports, removedCardPaths, storedIncident } from '../support/aftercareSetup';
import { cardText } from '../support/cardWalk';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  invokeCardOf,
  noticeInvoke,
  personalMessages,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { walkFlow } from '../support/flowWalker';
import { useMemoryStorage } from '../support/harness';
import { blobsNaming, snapshotStorage } from '../support/storageSnapshot';
import type { TestUser } from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const { anna, bram, piet } = PEOPLE;
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

describe('the purge of escalations about no incident', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get(), { env: { RETENTION_DAYS: '30' } });
    await setEscalationChannel(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  const stored = async (id: string): Promise<EscalationRecord | undefined> =>
    (await t.app.storage.escalations.read(escalationDocName(id), escalationRecordSchema))?.value;

  /** The id of the escalation whose notice was posted last in the channel. */
  async function newestNotice(): Promise<string> {
    await t.app.tick();
    const call = channelThreads(t.connector.calls).at(-1);
    if (!call) throw new Error('no notice in the channel');
    return escalationIdOf(cardOf(call));
  }

  /** `who` walks the grooming flow to its escalation. */
  async function grooming(who: TestUser): Promise<string> {
    expect((await walkFlow(t, who, 'grooming', { canary: 'K7', urgency: 'normaal' })).escalated).toBe(true);
    return newestNotice();
  }

  /** Anna presses on the notice of escalation `id`; returns the card's text. */
  async function press(id: string, data: Record<string, unknown>): Promise<string> {
    const thread = (await stored(id))?.notice?.conversationId ?? '';
    const answer = await t.send(
      noticeInvoke(t.connector.url, anna, { ref: id, version: 0, ...data }, thread),
    );
    expect(answer.status).toBe(200);
    const card = invokeCardOf(answer.body);
    validateCard(card);
    return cardText(card);
  }

  /** Anna walks the Meldcode to "afsluiten": the escalation is resolved; returns when. */
  async function closeByMeldcode(id: string): Promise<number> {
    for (const value of ['toepassing.ja', 'gesprek.niet_veilig', 'a1.nee'])
      await press(id, { action: 'meldcode.answer', value });
    expect(await press(id, { action: 'meldcode.answer', value: 'besluit.afsluiten' })).toContain(
      'Voor het dossier',
    );
    await t.app.tick();
    const record = await stored(id);
    expect(record?.status).toBe('resolved');
    return Date.parse(record?.resolvedBy?.at ?? '');
  }

  /** Runs a purge pass at `at` (the scan runs at most hourly; two ticks also deliver what it recorded). */
  async function passAt(at: number): Promise<void> {
    t.clock.set(new Date(at));
    await t.app.tick();
    await t.app.tick();
  }

  it('purges a resolved grooming escalation RETENTION_DAYS after it was resolved, with its cards, outbox entries and flow run; later and open ones stay', async () => {
    addCarla(t);
    const first = await grooming(bram);
    const open = (await sendTestEscalation(t, piet), await newestNotice());
    const firstResolved = await closeByMeldcode(first);
    t.clock.set(new Date(firstResolved + DAY));
    const second = await grooming(CARLA);
    const secondResolved = await closeByMeldcode(second);
    const notice = (await stored(first))?.notice;
    if (!notice) throw new Error('the notice was not posted');
    // The flow run in Bram's conversation state names the escalation before the purge.
    const before = await snapshotStorage(t.app.storage);
    expect(Object.values(before.state).some((content) => content.includes(first))).toBe(true);
    expect(Object.keys(before.outbox).some((name) => decodeURIComponent(name).includes(first))).toBe(true);

    // Bram's 1:1 cards about it (picked up, closed, "Voor het dossier"); Carla's are about the second.
    const bramsMessages = await personalMessages(t, bram);
    const bramsChats = new Set(bramsMessages.map((c) => decodeURIComponent(c.path.split('/')[3] ?? '')));
    const bramsCards = bramsMessages.length;
    expect(bramsCards).toBeGreaterThanOrEqual(3);

    // Within the retention period nothing goes.
    await passAt(firstResolved + 30 * DAY - 60_000);
    expect(await stored(first)).toBeDefined();
    const putsBefore = t.connector.calls.filter((c) => c.method === 'PUT').length;

    // After it, the first goes; the one resolved a day later and the open one stay. The purge reads the outbox
    // entries about the first, not those of the second (sent long ago, nothing to do); the open one's sends of
    // this tick are read by their delivery.
    // A sent entry whose marker no drain has deleted yet: after the pass no marker names the escalation either.
    const noticeName = `${encodeURIComponent(`${first}:notice`)}.json`;
    await t.app.storage.sending.put(noticeName, {}, { createdat: new Date().toISOString() });
    const outboxReads = jest.spyOn(t.app.storage.outbox, 'read');
    await passAt(firstResolved + 30 * DAY + HOUR);
    expect((await t.app.storage.sending.list()).filter((name) => name.includes(first))).toEqual([]);
    const readKeys = outboxReads.mock.calls.map(([name]) => decodeURIComponent(name));
    outboxReads.mockRestore();
    expect(readKeys.filter((key) => key.startsWith(`${first}:`)).length).toBeGreaterThanOrEqual(3);
    expect(readKeys.filter((key) => key.startsWith(`${second}:`))).toEqual([]);
    expect(await stored(first)).toBeUndefined();
    expect((await stored(second))?.status).toBe('resolved');
    expect((await stored(open))?.status).toBe('open');

    // "Deze melding is verwijderd" over the channel notice and the cards sent 1:1 (Bram's dossier and messages).
    const paths = removedCardPaths(t, putsBefore);
    expect(paths).toContain(`/v3/conversations/${notice.conversationId}/activities/${notice.activityId}`);
    const inBramsChats = paths.filter((p) => bramsChats.has(p.split('/')[3] ?? ''));
    expect(inBramsChats).toHaveLength(bramsCards);
    expect(new Set(paths).size).toBe(paths.length);

    // Nothing but the audit log names the first escalation: not the outbox, not Bram's state (its flow run).
    const snapshot = await snapshotStorage(t.app.storage);
    expect(blobsNaming(snapshot, [first])).toEqual([]);
    expect(Object.keys(snapshot.outbox).filter((n) => n.startsWith('purge'))).toEqual([]);
    expect(Object.values(snapshot.outbox).some((content) => content.includes(second))).toBe(true);
    const purged = async () =>
      (await t.app.storage.audit.readAll((e) => e.action === 'escalation.purge')).map((e) => e.objectId);
    expect(await purged()).toEqual([first]);

    // The second goes at its own time; the open one never.
    await passAt(secondResolved + 30 * DAY - 60_000);
    expect(await stored(second)).toBeDefined();
    await passAt(secondResolved + 30 * DAY + HOUR);
    expect(await stored(second)).toBeUndefined();
    expect(await purged()).toEqual([first, second]);
    await passAt(secondResolved + 400 * DAY);
    expect((await stored(open))?.status).toBe('open');
  });

  it('a pass with nothing to purge reads no escalation; one written without metadata is read once, then found from the listing', async () => {
    const id = await grooming(bram);
    const resolved = await closeByMeldcode(id);
    const name = escalationDocName(id);
    // The record write carries what the purge lists: status, kind and when it was resolved.
    const props = await t.app.storage.escalations.properties(name);
    expect(props?.metadata).toMatchObject({
      bakenstatus: 'resolved',
      bakenkind: 'grooming',
      bakenresolvedat: new Date(resolved).toISOString(),
    });
    await passAt(resolved + HOUR);

    const reads = jest.spyOn(t.app.storage.escalations, 'read');
    const lists = jest.spyOn(t.app.storage.escalations, 'listVersions');
    try {
      // Nothing due: the pass lists with metadata and reads no escalation document.
      await passAt(resolved + 2 * HOUR);
      expect(lists.mock.calls.some(([, options]) => options?.metadata === true)).toBe(true);
      expect(reads).not.toHaveBeenCalled();

      // An escalation stored before the metadata existed is read (and labelled) by the next pass, then only listed.
      await t.app.storage.escalations.setMetadata(name, {}, props?.etag ?? '');
      await passAt(resolved + 3 * HOUR);
      expect(reads.mock.calls.some(([n]) => n === name)).toBe(true);
      expect((await t.app.storage.escalations.properties(name))?.metadata.bakenstatus).toBe('resolved');
      reads.mockClear();
      await passAt(resolved + 4 * HOUR);
      expect(reads).not.toHaveBeenCalled();
      await t.app.storage.escalations.setMetadata(
        name,
        {},
        (await t.app.storage.escalations.properties(name))?.etag ?? '',
      );
    } finally {
      reads.mockRestore();
      lists.mockRestore();
    }

    // Unlabelled and past retention: it is still found and purged.
    await passAt(resolved + 30 * DAY + HOUR);
    expect(await stored(id)).toBeUndefined();
  });

  it('a resolved harassment escalation is not purged on its own: it goes with its incident', async () => {
    const { id: incidentId } = await bramReports(t);
    await t.app.tick();
    const id = (await storedIncident(t, incidentId))?.escalations[0]?.id ?? '';
    expect(id).toMatch(/^esc-/);
    await press(id, { action: 'escalation.resolve', confirmed: 'ja' });
    const resolved = Date.parse((await stored(id))?.resolvedBy?.at ?? '');
    expect(Number.isNaN(resolved)).toBe(false);

    await passAt(resolved + 60 * DAY);
    expect((await stored(id))?.status).toBe('resolved');
    expect(await storedIncident(t, incidentId)).toBeDefined();
    const audit = await t.app.storage.audit.readAll((e) => e.action === 'escalation.purge');
    expect(audit).toEqual([]);
  });
});
