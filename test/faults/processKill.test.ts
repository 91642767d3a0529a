import { randomUUID } from 'node:crypto';
import { FakeClock, systemClock } from '../../src/clock';
import { outboxEntrySchema, type OutboxEntry } from '../../src/delivery/outboxEntry';
import { escalationRecordSchema, type EscalationRecord } from '../../src/escalation/escalationRecord';
import { openStorage } from '../../src/storage/storage';
import { bakenEnv, startBakenProcess, type BakenProcess } from '../support/bakenProcess';
import { LoopbackConnector } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  escalationIdOf,
  noticeInvoke,
  startEscalationBaken,
  teamRoster,
} from '../support/escalationSetup';
import { FaultProxy, type ProxyAttempt } from '../support/faultProxy';
import { useAzurite } from '../support/harness';
import { portOutsideEphemeralRange } from '../support/stablePort';
import { MELDINGEN_ID, TEAM_ID, channelMention, personalMessage, teamInstall } from '../support/teams';

/**
 * Baken runs as its own process (real clock) with escalations whose notices are not sent yet and whose reminders
 * are due. It is killed with SIGKILL in the middle of delivering them — one notice has reached "Teams" but its
 * answer never came back — and started again. Afterwards every notice, update and reminder has arrived, and the
 * only repeat is that one notice, carrying the same escalation id.
 */

const azurite = useAzurite();
const ESCALATIONS = 4;

describe('the bot process is killed with sends and reminders pending', () => {
  const connector = new LoopbackConnector();
  const prefix = `k${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let lostAnswers = 0;
  let proxy: FaultProxy;
  const processes: BakenProcess[] = [];

  beforeAll(async () => {
    await connector.start();
    connector.rosters.set(TEAM_ID, teamRoster());
    // The second notice posted to the channel reaches Teams, but its answer is lost: the sender hangs on it.
    let channelPosts = 0;
    proxy = await new FaultProxy(connector.url, systemClock, (request) => {
      const channel = (request.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      if (request.method !== 'POST' || channel !== MELDINGEN_ID || !request.body.activity) return undefined;
      channelPosts++;
      if (channelPosts !== 2) return undefined;
      lostAnswers++;
      return { kind: 'lostAnswer' };
    }).start();
  });
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await proxy?.stop();
    await connector.stop();
  });

  const env = (port: number) =>
    bakenEnv({
      AZURE_STORAGE_CONNECTION_STRING: azurite.get().connectionString,
      STORAGE_PREFIX: prefix,
      PORT: String(port),
      ADMIN_IDS: PEOPLE.admin.aadObjectId,
      ESCALATION_REMIND_MINUTES: '1',
      ESCALATION_MAX_REMINDERS: '1',
      SCHEDULER_INTERVAL_SECONDS: '1',
      // The restarted process is the same instance: it takes up its own sends that were in flight at once.
      INSTANCE_ID: 'baken-kill-test',
    });

  it('delivers everything after a restart, repeating only the send caught in flight', async () => {
    // 1. Recorded ten minutes ago by a Baken that never got to deliver: notices pending, reminders due now.
    const seeder = await startEscalationBaken(azurite.get(), {
      clock: new FakeClock(new Date(Date.now() - 10 * 60_000)),
      install: false,
      connector,
      env: { STORAGE_PREFIX: prefix, ESCALATION_REMIND_MINUTES: '1', ESCALATION_MAX_REMINDERS: '1' },
      overrides: { holdDelivery: true },
    });
    expect((await seeder.send(teamInstall(proxy.url, PEOPLE.anna))).status).toBe(200);
    for (const manager of [PEOPLE.anna, PEOPLE.piet, PEOPLE.oud]) {
      await seeder.teams.addManager(
        TEAM_ID,
        { aadObjectId: manager.aadObjectId, name: manager.name },
        PEOPLE.admin,
      );
    }
    expect(
      (await seeder.send(channelMention(proxy.url, PEOPLE.anna, 'meldkanaal', MELDINGEN_ID))).status,
    ).toBe(200);
    for (let i = 0; i < ESCALATIONS; i++) {
      expect((await seeder.send(personalMessage(proxy.url, PEOPLE.anna, 'testmelding'))).status).toBe(200);
    }
    const storage = openStorage({ connectionString: azurite.get().connectionString, prefix });
    const records = async (): Promise<EscalationRecord[]> => {
      const found: EscalationRecord[] = [];
      for (const name of await storage.escalations.list()) {
        const doc = await storage.escalations.read(name, escalationRecordSchema);
        if (doc) found.push(doc.value);
      }
      return found.sort((a, b) => a.id.localeCompare(b.id));
    };
    const ids = (await records()).map((r) => r.id);
    expect(ids).toHaveLength(ESCALATIONS);
    // The first is picked up already: its notice, once sent, must be updated.
    const acked = ids[0] ?? '';
    await seeder.send(
      noticeInvoke(
        proxy.url,
        PEOPLE.piet,
        { action: 'escalation.ack', ref: acked, version: 0 },
        MELDINGEN_ID,
      ),
    );
    await seeder.stop();
    expect(proxy.attempts.filter((a) => a.method !== 'GET' && !isTurnReply(a))).toEqual([]);

    // 2. The real process starts delivering, and is killed mid-way: one notice is caught between Teams taking it
    //    and the outbox marking it, with other sends and the due reminders still to go.
    const port = await portOutsideEphemeralRange();
    const first = await startBakenProcess(env(port), port);
    processes.push(first);
    const deliveries = () => proxy.attempts.filter((a) => a.method !== 'GET' && !isTurnReply(a));
    await waitFor(
      () => lostAnswers === 1 && deliveries().length >= 4,
      20_000,
      () => listAttempts(deliveries()),
    );
    await first.kill();
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    const atKill = deliveries().length;
    const killIndex = proxy.attempts.length;
    const entries = async (): Promise<OutboxEntry[]> => {
      const found: OutboxEntry[] = [];
      for (const name of await storage.outbox.list()) {
        const doc = await storage.outbox.read(name, outboxEntrySchema);
        if (doc) found.push(doc.value);
      }
      return found;
    };
    expect((await entries()).some((e) => e.status === 'pending')).toBe(true);
    expect((await records()).some((r) => r.status === 'open' && r.reminders.count === 0)).toBe(true);

    // 3. Started again on the same port, as the same instance.
    const second = await startBakenProcess(env(port), port);
    processes.push(second);
    const settled = async () => {
      const all = await entries();
      const open = (await records()).filter((r) => r.status === 'open');
      return (
        all.every((e) => e.status !== 'pending') &&
        (await records()).every((r) => r.delivery.status === 'in_channel') &&
        open.every((r) => r.reminders.count === 1) &&
        all.filter((e) => e.render.card === 'reminder').length === open.length
      );
    };
    await waitForAsync(settled, 25_000, async () => listAttempts(deliveries()));
    expect(deliveries().length).toBeGreaterThan(atKill);

    // Every entry was sent (Olga, who left the team, is skipped), none failed.
    const all = await entries();
    for (const e of all)
      expect([e.key, e.status === 'skipped' ? e.reason : e.status]).toEqual([
        e.key,
        e.status === 'skipped' ? 'not_member' : 'sent',
      ]);
    const kinds = new Set(all.map((e) => `${e.render.card}:${e.target.kind}`));
    for (const kind of [
      'notice:channelThread',
      'notice:noticeUpdate',
      'reminder:noticeReply',
      'notice:personal',
      'message:personal',
    ])
      expect(kinds).toContain(kind);

    // Exactly once, except sends caught between Teams taking them and the outbox marking them when the process
    // died (the one whose answer was lost, and any the kill cut off): each of those at most once more, the same
    // message to the same place, with the same escalation id.
    const accepted = proxy.attempts.filter(
      (a) => (a.outcome === 'forwarded' || a.outcome === 'lostAnswer') && !isTurnReply(a),
    );
    const userOf = new Map<string, string>();
    for (const a of accepted) {
      const members = a.body.members as Array<{ id?: string }> | undefined;
      if (members?.[0]?.id && typeof a.response?.id === 'string') userOf.set(a.response.id, members[0].id);
    }
    const posts = accepted.filter(
      (a) => a.method === 'POST' && (a.body.activity !== undefined || /\/activities$/.test(a.path)),
    );
    /** The conversation a post went to ('channel' for a new channel thread). */
    const conversationOf = (a: ProxyAttempt) =>
      decodeURIComponent(/^\/v3\/conversations\/([^/]+)\//.exec(a.path)?.[1] ?? 'channel');
    /** Where a post went and what it said: a repeat has the same. */
    const sameSend = (a: ProxyAttempt) => {
      const conversation = conversationOf(a);
      const activity = (a.body.activity ?? a.body) as { attachments?: unknown };
      return `${userOf.get(conversation) ?? conversation}|${JSON.stringify(activity.attachments)}`;
    };
    const activityIdOf = (a: ProxyAttempt) => String(a.response?.activityId ?? a.response?.id);
    const sentIds = all
      .filter((e) => e.status === 'sent' && !e.target.kind.endsWith('Update'))
      .map((e) => e.result?.activityId ?? '');
    const kept = posts.filter((a) => sentIds.includes(activityIdOf(a)));
    const repeats = posts.filter((a) => !sentIds.includes(activityIdOf(a)));
    expect(kept.map(activityIdOf).sort()).toEqual([...sentIds].sort());
    expect(repeats.some((a) => a.outcome === 'lostAnswer')).toBe(true);
    for (const repeat of repeats) {
      expect(repeat.index).toBeLessThan(killIndex);
      const resends = kept.filter((a) => sameSend(a) === sameSend(repeat));
      expect(resends).toHaveLength(1);
      expect(resends[0]?.index).toBeGreaterThan(repeat.index);
      const id = ids.find((x) => JSON.stringify(repeat.body).includes(x));
      if (id) expect(JSON.stringify(resends[0]?.body)).toContain(id);
      // A message to the reporter ("opgepakt door …") names no escalation id: it must be a 1:1 message, and
      // sameSend above already proved the resend is the same message to the same person.
      else expect(userOf.has(conversationOf(repeat))).toBe(true);
    }
    expect(new Set(repeats.map(sameSend)).size).toBe(repeats.length);
    // Every escalation's notice is in the channel, once or (caught in flight) twice.
    for (const id of ids) {
      const notices = posts.filter(
        (a) => a.body.activity !== undefined && escalationIdOf(cardOf(call(a))) === id,
      );
      expect(notices.length - repeats.filter((r) => notices.includes(r)).length).toBe(1);
    }
    // The picked-up notice was updated on the message Teams keeps: once, or (caught in flight) once more.
    const ackedNotice = (await records()).find((r) => r.id === acked)?.notice;
    const puts = accepted.filter((a) => a.method === 'PUT');
    const noticePath = `/v3/conversations/${encodeURIComponent(ackedNotice?.conversationId ?? '')}/activities/${encodeURIComponent(ackedNotice?.activityId ?? '')}`;
    expect(puts.map((p) => p.path)).toEqual(puts.map(() => noticePath));
    expect(puts.length === 1 || (puts.length === 2 && (puts[0]?.index ?? Infinity) < killIndex)).toBe(true);
    expect(JSON.stringify(puts[0]?.body)).toContain('Opgepakt door Piet Jansen');

    // Every record knows where its notice is, even when the process died between sending it and recording that.
    for (const record of await records()) {
      const notice = all.find((e) => e.key === `${record.id}:notice`);
      expect([record.id, record.notice]).toEqual([record.id, notice?.result]);
      expect(record.timeline.map((l) => l.action)).toContain('notice_posted');
    }

    // The second process ran clean.
    expect(second.logLines().filter((l) => l.level === 'error')).toEqual([]);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
  }, 60_000);
});

describe('a process that dies between marking a notice and telling its record', () => {
  const running: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });

  /** An escalation whose notice the outbox has settled, with the record as it was before it heard of that. */
  async function settledButUntold(status: 503 | 403) {
    const t = await startEscalationBaken(azurite.get());
    running.push(t);
    await t.send(channelMention(t.connector.url, PEOPLE.anna, 'meldkanaal', MELDINGEN_ID));
    if (status === 403) {
      t.connector.script(
        (c) => c.method === 'POST' && c.path === '/v3/conversations' && c.body.activity !== undefined,
        {
          status: 403,
        },
      );
    }
    const before = new Map<string, string>();
    const original = t.app.storage.escalations.create.bind(t.app.storage.escalations);
    // Keep each record as first written: that is what a record looks like if its process died before onSent.
    t.app.storage.escalations.create = async (name: string, value: unknown) => {
      before.set(name, JSON.stringify(value));
      return original(name, value);
    };
    await t.send(personalMessage(t.connector.url, PEOPLE.anna, 'testmelding'));
    await t.app.tick();
    const [name] = await t.app.storage.escalations.list();
    if (!name) throw new Error('no escalation');
    await t.app.storage.escalations.put(name, JSON.parse(before.get(name) ?? '{}'));
    const record = await t.app.storage.escalations.read(name, escalationRecordSchema);
    expect(record?.value.delivery.status).toBe('pending');
    return { t, name, id: record?.value.id ?? '' };
  }

  it('a sent notice: the next scheduler pass records where it is', async () => {
    const { t, name, id } = await settledButUntold(503);
    const sent = await t.app.storage.outbox.read(
      `${encodeURIComponent(`${id}:notice`)}.json`,
      outboxEntrySchema,
    );
    expect(sent?.value.status).toBe('sent');
    await t.app.tick();
    const record = (await t.app.storage.escalations.read(name, escalationRecordSchema))?.value;
    expect(record?.delivery.status).toBe('in_channel');
    expect(record?.notice).toEqual(sent?.value.result);
  });

  it('a notice refused for good: the next pass still sends it to the managers 1:1 and tells the admins', async () => {
    const { t, name, id } = await settledButUntold(403);
    const failed = await t.app.storage.outbox.read(
      `${encodeURIComponent(`${id}:notice`)}.json`,
      outboxEntrySchema,
    );
    expect(failed?.value.status).toBe('failed');
    await t.app.tick();
    await t.app.tick();
    const record = (await t.app.storage.escalations.read(name, escalationRecordSchema))?.value;
    expect(record?.delivery.status).toBe('direct_to_managers');
    const fallback = (await t.app.storage.outbox.list()).filter((n) =>
      decodeURIComponent(n).includes(':notice-fallback:'),
    );
    expect(fallback.length).toBeGreaterThan(0);
  });
});

/** A turn's own reply (POST …/activities/{replyToId}), not a delivery. */
function isTurnReply(a: ProxyAttempt): boolean {
  return a.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities\/[^/?]+$/.test(a.path);
}

function call(a: ProxyAttempt | undefined) {
  return { method: a?.method ?? '', path: a?.path ?? '', body: a?.body ?? {}, at: 0 };
}

function listAttempts(attempts: ProxyAttempt[]): string {
  return attempts.map((a) => `${a.method} ${a.path} ${a.outcome}`).join('\n');
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  return waitForAsync(
    async () => predicate(),
    timeoutMs,
    async () => what(),
  );
}

async function waitForAsync(
  predicate: () => Promise<boolean>,
  timeoutMs: number,
  what: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms:\n${await what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
