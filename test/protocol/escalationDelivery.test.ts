import { randomUUID } from 'node:crypto';
import { outboxEntrySchema, type OutboxEntry } from '../../src/delivery/outboxEntry';
import { RETRY_POLICY, backoffBounds } from '../../src/delivery/retryPolicy';
import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { FakeClock } from '../../src/clock';
import { Outbox } from '../../src/delivery/outbox';
import { EscalationService } from '../../src/escalation/escalationService';
import { RoleService } from '../../src/platform/roles';
import { createLogger } from '../../src/logger';
import { AuditTrail } from '../../src/storage/auditTrail';
import { LoopbackConnector, type ConnectorCall } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  noticeInvoke,
  personalMessages,
  personalStarts,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { MELDINGEN_ID, TEAM_ID } from '../support/teams';

const storage = useMemoryStorage();
const MINUTE = 60_000;

const isChannelCreate = (c: ConnectorCall) =>
  c.method === 'POST' &&
  c.path === '/v3/conversations' &&
  (c.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id === MELDINGEN_ID;

async function noticeEntry(t: EscalationBaken): Promise<OutboxEntry> {
  for (const name of await t.app.storage.outbox.list()) {
    const doc = await t.app.storage.outbox.read(name, outboxEntrySchema);
    if (doc?.value.key.endsWith(':notice')) return doc.value;
  }
  throw new Error('no notice entry');
}

async function recordOf(t: EscalationBaken, id: string) {
  const doc = await t.app.storage.escalations.read(escalationDocName(id), escalationRecordSchema);
  if (!doc) throw new Error('no record');
  return doc.value;
}

const textOf = (calls: ConnectorCall[]) => calls.map((c) => JSON.stringify(cardOf(c)));
const none: ConnectorCall = { method: '', path: '', body: {}, at: 0 };

describe('delivery through the outbox', () => {
  const running: EscalationBaken[] = [];
  afterEach(async () => {
    for (const t of running.splice(0)) await t.stop();
  });
  async function start(...args: Parameters<typeof startEscalationBaken>) {
    const t = await startEscalationBaken(...args);
    running.push(t);
    return t;
  }

  it('429 with Retry-After, then 503, then 201: exactly one notice; Retry-After honoured and backoff within bounds', async () => {
    const t = await start(storage.get());
    t.connector.script(isChannelCreate, { status: 429, headers: { 'retry-after': '7' } }, { status: 503 });
    await setEscalationChannel(t);
    await sendTestEscalation(t);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(1);
    const start0 = t.clock.now().getTime();
    let entry = await noticeEntry(t);
    expect(entry.status).toBe('pending');
    expect(entry.lastError).toEqual({ status: 429, code: 'http' });
    // Retry-After (7 s) is longer than the first backoff window (1–2 s), so it decides the wait exactly.
    expect(Date.parse(entry.nextAttemptAt) - start0).toBe(7000);

    t.clock.advance(6999);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(1);
    t.clock.advance(1);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(2);
    entry = await noticeEntry(t);
    expect(entry.lastError).toEqual({ status: 503, code: 'http' });
    const wait = Date.parse(entry.nextAttemptAt) - t.clock.now().getTime();
    const bounds = backoffBounds(2);
    expect(wait).toBeGreaterThanOrEqual(bounds.min);
    expect(wait).toBeLessThanOrEqual(bounds.max);

    t.clock.advance(wait - 1);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(2);
    t.clock.advance(1);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(3);
    entry = await noticeEntry(t);
    expect(entry).toMatchObject({ status: 'sent', attempts: 3 });
    // Nothing more is ever sent for it.
    t.clock.advance(RETRY_POLICY.maxMs);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(3);
    const record = await recordOf(t, entry.escalationId ?? '');
    expect(record.delivery.status).toBe('in_channel');
    expect(record.notice?.conversationId).toBe(entry.result?.conversationId);
  });

  it('a time-out is retried after the backoff, and the notice is sent once', async () => {
    const t = await start(storage.get(), { overrides: { deliveryTimeoutMs: 300 } });
    t.connector.script(isChannelCreate, { status: 201, hang: true });
    await setEscalationChannel(t);
    await sendTestEscalation(t);
    await t.app.tick();
    let entry = await noticeEntry(t);
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, lastError: { code: 'timeout' } });
    const wait = Date.parse(entry.nextAttemptAt) - t.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(backoffBounds(1).min);
    expect(wait).toBeLessThanOrEqual(backoffBounds(1).max);
    t.clock.advance(wait);
    await t.app.tick();
    entry = await noticeEntry(t);
    expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
    expect(channelThreads(t.connector.calls)).toHaveLength(2);
  });

  it('a bot stopped between "recorded" and "delivered" delivers after restart, once', async () => {
    const connector = await new LoopbackConnector().start();
    const clock = new FakeClock();
    const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    try {
      const env = { STORAGE_PREFIX: prefix };
      const first = await startEscalationBaken(storage.get(), {
        env,
        connector,
        clock,
        overrides: { holdDelivery: true },
      });
      await setEscalationChannel(first);
      await sendTestEscalation(first);
      await first.app.tick();
      expect(channelThreads(connector.calls)).toHaveLength(0);
      expect((await noticeEntry(first)).status).toBe('pending');
      await first.stop();

      const second = await startEscalationBaken(storage.get(), { env, connector, clock, install: false });
      await connector.waitFor((calls) => channelThreads(calls).length === 1);
      await second.app.tick();
      await second.app.tick();
      expect((await noticeEntry(second)).status).toBe('sent');
      await second.stop();

      const third = await startEscalationBaken(storage.get(), { env, connector, clock, install: false });
      await third.app.tick();
      await third.stop();
      expect(channelThreads(connector.calls)).toHaveLength(1);
    } finally {
      await connector.stop();
    }
  });

  it.each([403, 404])(
    'a channel answering %i ends with the managers notified 1:1 and the admins told',
    async (status) => {
      const t = await start(storage.get());
      t.connector.script(isChannelCreate, { status });
      await setEscalationChannel(t);
      await sendTestEscalation(t);
      await t.app.tick();
      await t.app.tick();
      expect(channelThreads(t.connector.calls)).toHaveLength(1);
      const entry = await noticeEntry(t);
      expect(entry).toMatchObject({ status: 'failed', attempts: 1, lastError: { status } });
      for (const manager of [PEOPLE.anna, PEOPLE.piet]) {
        const texts = textOf(await personalMessages(t, manager));
        expect(texts.some((x) => x.includes('Het meldkanaal werkt niet'))).toBe(true);
      }
      const toAdmin = textOf(await personalMessages(t, PEOPLE.admin));
      expect(toAdmin).toHaveLength(1);
      expect(toAdmin[0]).toContain('werkt niet meer');
      const record = await recordOf(t, entry.escalationId ?? '');
      expect(record.delivery.status).toBe('direct_to_managers');
      expect(record.timeline.map((e) => e.action)).toContain('notice_failed');
      // Permanent: never retried.
      t.clock.advance(RETRY_POLICY.maxMs * 2);
      await t.app.tick();
      expect(channelThreads(t.connector.calls)).toHaveLength(1);
    },
  );

  it('no pick-up → a reminder in the thread and 1:1 to every manager after the configured time; then admins and reporter', async () => {
    const t = await start(storage.get(), {
      env: { ESCALATION_REMIND_MINUTES: '30', ESCALATION_MAX_REMINDERS: '2' },
    });
    await setEscalationChannel(t);
    await sendTestEscalation(t);
    await t.app.tick();
    const notice = channelThreads(t.connector.calls)[0] ?? none;
    const id = escalationIdOf(cardOf(notice));
    const thread = (await recordOf(t, id)).notice?.conversationId ?? '';
    const inThread = () => t.connector.posted(thread);

    t.clock.advance(29 * MINUTE);
    await t.app.tick();
    expect(inThread()).toHaveLength(0);

    t.clock.advance(MINUTE);
    await t.app.tick();
    expect(inThread()).toHaveLength(1);
    expect(JSON.stringify(cardOf(inThread()[0] ?? none))).toContain('herinnering 1');
    for (const manager of [PEOPLE.anna, PEOPLE.piet]) {
      expect(
        textOf(await personalMessages(t, manager)).filter((x) => x.includes('Herinnering 1')),
      ).toHaveLength(1);
    }
    expect(personalStarts(t.connector.calls, PEOPLE.oud)).toHaveLength(0);
    await t.app.tick();
    expect(inThread()).toHaveLength(1);

    t.clock.advance(30 * MINUTE);
    await t.app.tick();
    expect(inThread()).toHaveLength(2);
    expect(await personalMessages(t, PEOPLE.admin)).toHaveLength(0);

    t.clock.advance(30 * MINUTE);
    await t.app.tick();
    expect(inThread()).toHaveLength(2);
    expect(textOf(await personalMessages(t, PEOPLE.admin))).toEqual([
      expect.stringContaining('na alle herinneringen'),
    ]);
    expect(
      textOf(await personalMessages(t, PEOPLE.anna)).filter((x) =>
        x.includes('nog niet opgepakt. Ik heb de beheerders'),
      ),
    ).toHaveLength(1);

    t.clock.advance(5 * 30 * MINUTE);
    await t.app.tick();
    expect(inThread()).toHaveLength(2);
    expect(await personalMessages(t, PEOPLE.admin)).toHaveLength(1);
    const record = await recordOf(t, id);
    expect(record.reminders.count).toBe(2);
    expect(record.reminders.nextAt).toBeUndefined();
    expect(record.reminders.exhaustedAt).toBeDefined();
    expect(record.timeline.map((e) => e.action)).toEqual([
      'created',
      'notice_posted',
      'reminder',
      'reminder',
      'admins_told',
    ]);
  });

  it('picked up in time → no reminder', async () => {
    const t = await start(storage.get());
    await setEscalationChannel(t);
    await sendTestEscalation(t);
    await t.app.tick();
    const id = escalationIdOf(cardOf(channelThreads(t.connector.calls)[0] ?? none));
    const thread = (await recordOf(t, id)).notice?.conversationId ?? '';
    await t.send(
      noticeInvoke(t.connector.url, PEOPLE.piet, { action: 'escalation.ack', ref: id, version: 1 }, thread),
    );
    t.clock.advance(3 * 60 * MINUTE);
    await t.app.tick();
    expect(t.connector.posted(thread)).toHaveLength(0);
    expect(textOf(await personalMessages(t, PEOPLE.piet)).some((x) => x.includes('Herinnering'))).toBe(false);
  });

  it('a scheduler pass reads only escalations with work to do: none once the notice is posted and nothing is due', async () => {
    const t = await start(storage.get());
    await setEscalationChannel(t);
    await sendTestEscalation(t);
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(1);
    await t.app.tick();
    const reads = jest.spyOn(t.app.storage.escalations, 'read');
    t.clock.advance(MINUTE);
    await t.app.tick();
    await t.app.tick();
    expect(reads).not.toHaveBeenCalled();
    // Once its reminder is due, it is read (and reminded) again.
    t.clock.advance(60 * MINUTE);
    await t.app.tick();
    expect(reads).toHaveBeenCalled();
    expect(channelThreads(t.connector.calls).length + t.connector.posted().length).toBeGreaterThan(1);
  });

  it('a repeat of an escalation made before the team had a channel posts nothing in the channel', async () => {
    const t = await start(storage.get());
    // A second service on the same storage, as another instance (or a retried turn) would escalate.
    const roles = new RoleService([], t.teams);
    const service = new EscalationService({
      escalations: t.app.storage.escalations,
      outbox: new Outbox(t.app.storage.outbox, t.clock, t.app.storage.sending),
      teams: t.teams,
      roles,
      audit: new AuditTrail(t.app.storage.audit, t.clock),
      clock: t.clock,
      logger: createLogger('silent'),
      settings: {
        remindMinutes: 30,
        remindAcuutMinutes: 10,
        maxReminders: 2,
        meldcodeDecisionDays: 5,
        timeZone: 'Europe/Amsterdam',
        officeHours: { from: '08:00', to: '17:00' },
      },
    });
    const request = {
      kind: 'test' as const,
      urgency: 'normaal' as const,
      teamId: TEAM_ID,
      reporter: { aadObjectId: PEOPLE.anna.aadObjectId, name: PEOPLE.anna.name, userId: PEOPLE.anna.id },
      recordId: 'run-1',
      origin: { serviceUrl: t.connector.url },
    };
    const first = await service.escalate(request);
    expect(first.route).toBe('managers');
    await setEscalationChannel(t);
    const again = await service.escalate(request);
    expect(again.id).toBe(first.id);
    expect(again.route).toBe('managers');
    await t.app.tick();
    expect(channelThreads(t.connector.calls)).toHaveLength(0);
  });
});
