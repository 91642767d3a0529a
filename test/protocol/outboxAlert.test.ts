import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FakeClock } from '../../src/clock';
import { Outbox } from '../../src/delivery/outbox';
import { outboxEntrySchema, type NewOutboxEntry } from '../../src/delivery/outboxEntry';
import { ALERT_LOG_NAME, OutboxWatch } from '../../src/delivery/outboxWatch';
import { createLogger } from '../../src/logger';
import { LoopbackConnector, type ConnectorCall } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  personalMessages,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { openTestStorage, useMemoryStorage } from '../support/harness';
import { personalMessage } from '../support/teams';
import { validateCard } from '../support/validateCard';

const memory = useMemoryStorage();
const MINUTE = 60_000;
const ALERT_TITLE = 'Berichten van Baken komen niet aan';

/** Teams throttles every new channel thread for an hour: the notices wait in the outbox. */
function throttleChannel(connector: LoopbackConnector, times: number): void {
  connector.script(
    (c) => channelThreads([c]).length > 0,
    ...Array.from({ length: times }, () => ({ status: 429, headers: { 'Retry-After': '3600' } })),
  );
}

/** A scheduler tick, then the sends it recorded (the alerts go out right after the tick that records them). */
async function tick(t: EscalationBaken): Promise<void> {
  await t.app.tick();
  await t.app.tick();
}

/** The text of every card the admin received 1:1. */
async function adminCards(t: EscalationBaken): Promise<string[]> {
  return (await personalMessages(t, PEOPLE.admin)).map((c: ConnectorCall) => JSON.stringify(cardOf(c)));
}

/** The alerts among them. */
async function alerts(t: EscalationBaken): Promise<string[]> {
  return (await adminCards(t)).filter((text) => text.includes(ALERT_TITLE));
}

describe('admins are told 1:1 when messages wait too long, once per entry', () => {
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  let connector: LoopbackConnector;
  let t: EscalationBaken;
  // No reminders during the test: only the notices wait.
  const env = { STORAGE_PREFIX: prefix, ESCALATION_REMIND_MINUTES: '600' };

  beforeAll(async () => {
    connector = await new LoopbackConnector().start();
    t = await startEscalationBaken(memory.get(), { env, clock, connector });
    expect((await setEscalationChannel(t)).status).toBe(200);
  });
  afterAll(async () => {
    await t?.stop();
    await connector?.stop();
  });

  it('not before the alert time (15 minutes by default); then once, with counts only', async () => {
    throttleChannel(connector, 1);
    expect((await sendTestEscalation(t)).status).toBe(200);
    await tick(t);
    expect(channelThreads(connector.calls)).toHaveLength(1); // tried once, throttled
    clock.advance(14 * MINUTE);
    await tick(t);
    expect(await alerts(t)).toEqual([]);

    clock.advance(MINUTE);
    await tick(t);
    const told = await alerts(t);
    expect(told).toHaveLength(1);
    const card = JSON.parse(told[0] ?? '{}') as Record<string, unknown>;
    validateCard(card);
    expect(told[0]).toContain('1 bericht is na 15 minuten nog niet afgeleverd in Teams');
    expect(told[0]).toContain('Het oudste wacht al 15 minuten');
    expect(told[0]).toContain('Wat kun je controleren?');
    // Nothing of what waits: no escalation id, no team, no names, no kind of report.
    const notice = (await t.app.storage.outbox.list()).find((n) => n.endsWith('%3Anotice.json')) ?? '';
    const escalationId = decodeURIComponent(notice).replace(/:notice\.json$/, '');
    expect(escalationId.length).toBeGreaterThan(5);
    for (const secret of [escalationId, PEOPLE.anna.name, PEOPLE.anna.aadObjectId, 'Linde', 'Testmelding'])
      expect(told[0]).not.toContain(secret);
    const entry = (await t.app.storage.outbox.read(notice, outboxEntrySchema))?.value;
    expect(entry?.status).toBe('pending');
    // The alert log names the entry by a hash only: no id a purge would have to find.
    const log = await t.app.storage.records.read(
      ALERT_LOG_NAME,
      z.object({ alerted: z.record(z.string(), z.string()) }),
    );
    expect(Object.keys(log?.value.alerted ?? {})).toHaveLength(1);
    expect(JSON.stringify(log?.value)).not.toContain(escalationId);

    for (const minutes of [1, 10]) {
      clock.advance(minutes * MINUTE);
      await tick(t);
    }
    expect(await alerts(t)).toHaveLength(1);
  });

  it('not again after a restart on the same storage; a newly late entry gets its own alert', async () => {
    await t.stop();
    t = await startEscalationBaken(memory.get(), {
      env,
      clock,
      connector,
      install: false,
    });
    for (const minutes of [1, 5]) {
      clock.advance(minutes * MINUTE);
      await tick(t);
    }
    expect(await alerts(t)).toHaveLength(1);

    // A second notice waits: one new alert, about that one only (the first still waits too).
    throttleChannel(connector, 1);
    expect((await sendTestEscalation(t, PEOPLE.piet)).status).toBe(200);
    await tick(t);
    clock.advance(16 * MINUTE);
    await tick(t);
    const told = await alerts(t);
    expect(told).toHaveLength(2);
    expect(told[1]).toContain('1 bericht is na 15 minuten nog niet afgeleverd');
    expect(told[1]).toContain('Het oudste wacht al 16 minuten');
    expect(told[1]).toContain('Er wachten nu 2 berichten');
    clock.advance(MINUTE);
    await tick(t);
    expect(await alerts(t)).toHaveLength(2);
  });

  it('"status" shows an admin how many wait and for how long; anyone else gets the answer to unknown text', async () => {
    const before = connector.calls.length;
    const admin = await t.send(personalMessage(connector.url, PEOPLE.admin, 'status'));
    expect(admin.status).toBe(200);
    const shown = connector.calls.slice(before).map((c) => JSON.stringify(c.body));
    const status = shown.find((s) => s.includes('Status van de berichten')) ?? '';
    expect(status).toContain('Nog niet afgeleverd: 2 berichten.');
    expect(status).toContain('Het oudste wacht al 49 minuten.');
    expect(status).toContain('2 berichten wachten langer dan 15 minuten.');
    validateCard(JSON.parse(status).attachments[0].content);

    for (const person of [PEOPLE.bram, PEOPLE.anna]) {
      const from = connector.calls.length;
      expect((await t.send(personalMessage(connector.url, person, 'status'))).status).toBe(200);
      const answer = connector.calls.slice(from).map((c) => JSON.stringify(c.body));
      expect(answer.join('\n')).toContain('Dat begrijp ik niet');
      expect(answer.join('\n')).not.toContain('Status van de berichten');
      expect(answer.join('\n')).not.toContain('afgeleverd');
    }
  });

  it('once delivered, nothing waits: status says so and no alert follows', async () => {
    clock.advance(60 * MINUTE); // past Retry-After: both notices go out
    await tick(t);
    await tick(t);
    expect(channelThreads(connector.calls)).toHaveLength(4); // each tried twice
    const before = connector.calls.length;
    await t.send(personalMessage(connector.url, PEOPLE.admin, 'status'));
    const shown = connector.calls
      .slice(before)
      .map((c) => JSON.stringify(c.body))
      .join('\n');
    expect(shown).toContain('Alle berichten zijn afgeleverd. Er wacht niets.');
    clock.advance(30 * MINUTE);
    await tick(t);
    expect(await alerts(t)).toHaveLength(2);
  });
});

describe('the watch reads nothing on a tick with nothing newly late, and a crash between alert and log repeats nothing', () => {
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  const logger = createLogger('silent');

  function setUp(prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`) {
    const storage = openTestStorage(memory.get(), prefix);
    const outbox = new Outbox(storage.outbox, clock, storage.sending);
    const watch = new OutboxWatch({
      outbox,
      documents: storage.records,
      clock,
      logger,
      admins: () => ['aad-admin', 'aad-admin2'],
      thresholdMinutes: 15,
      fallbackAddress: async () => ({ serviceUrl: 'http://127.0.0.1:1/', tenantId: 't' }),
    });
    return { storage, outbox, watch, prefix };
  }

  const entry = (n: number): NewOutboxEntry => ({
    key: `esc-${n}:notice`,
    thread: `esc:esc-${n}`,
    escalationId: `esc-${n}`,
    target: { kind: 'noticeReply', escalationId: `esc-${n}` },
    render: { card: 'notice', escalationId: `esc-${n}` },
  });

  const alertKeys = async (outbox: Outbox) =>
    (await outbox.undelivered())
      .filter((e) => e.key.startsWith('outbox-alert:'))
      .map((e) => e.key)
      .sort();

  it('lists only, until an entry becomes late; then reads the alert log once', async () => {
    const { storage, outbox, watch } = setUp();
    await storage.ensureContainers();
    await outbox.enqueue([entry(1), entry(2), entry(3)]);
    const reads = [jest.spyOn(storage.outbox, 'read'), jest.spyOn(storage.records, 'read')];
    const readCount = () => reads.reduce((n, spy) => n + spy.mock.calls.length, 0);
    expect(await watch.check()).toBe(0);
    clock.advance(10 * MINUTE);
    expect(await watch.check()).toBe(0);
    expect(readCount()).toBe(0);
    expect(watch.gauge()).toEqual({ depth: 3, oldestAgeSeconds: 600 });

    clock.advance(5 * MINUTE);
    expect(await watch.check()).toBe(3);
    expect(readCount()).toBeGreaterThan(0);
    for (const spy of reads) spy.mockClear();
    for (const minutes of [1, 60]) {
      clock.advance(minutes * MINUTE);
      expect(await watch.check()).toBe(0);
    }
    expect(readCount()).toBe(0);
    // One alert per admin, about all three; the alerts themselves wait too but are never alerted about.
    const keys = await alertKeys(outbox);
    expect(keys).toHaveLength(2);
    expect((await outbox.get(keys[0] ?? ''))?.value.render).toEqual({
      card: 'outboxAlert',
      count: 3,
      oldestMinutes: 15,
      thresholdMinutes: 15,
      depth: 3,
    });
  });

  it('an alert recorded but not logged (a crash in between) is not recorded again', async () => {
    const { storage, outbox, watch } = setUp();
    await storage.ensureContainers();
    await outbox.enqueue([entry(1), entry(2)]);
    clock.advance(20 * MINUTE);
    const update = jest.spyOn(storage.records, 'update').mockRejectedValueOnce(new Error('crash'));
    await expect(watch.check()).rejects.toThrow('crash');
    update.mockRestore();
    const recorded = await alertKeys(outbox);
    expect(recorded).toHaveLength(2);
    // The next tick (or another instance) finds the same late entries: the same alert keys, nothing new.
    expect(await watch.check()).toBe(2);
    expect(await alertKeys(outbox)).toEqual(recorded);
    expect(await watch.check()).toBe(0);
  });

  it('a restarted process (or another instance) reads the log once and tells nobody again', async () => {
    const first = setUp();
    await first.storage.ensureContainers();
    await first.outbox.enqueue([entry(1)]);
    clock.advance(20 * MINUTE);
    expect(await first.watch.check()).toBe(1);
    const second = setUp(first.prefix);
    const reads = jest.spyOn(second.storage.records, 'read');
    expect(await second.watch.check()).toBe(0);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await second.watch.check()).toBe(0);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await alertKeys(second.outbox)).toHaveLength(2);
    // A new late entry: told once, by whichever instance sees it first.
    await first.outbox.enqueue([entry(2)]);
    clock.advance(16 * MINUTE);
    expect(await second.watch.check()).toBe(1);
    expect(await first.watch.check()).toBe(0);
    expect(await alertKeys(first.outbox)).toHaveLength(4);
  });
});
