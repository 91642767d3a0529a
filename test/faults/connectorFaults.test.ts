import { FakeClock } from '../../src/clock';
import { Outbox } from '../../src/delivery/outbox';
import { outboxEntrySchema, type OutboxEntry } from '../../src/delivery/outboxEntry';
import { THREAD_LIMITS } from '../../src/delivery/rateLimiter';
import { escalationRecordSchema, type EscalationRecord } from '../../src/escalation/escalationRecord';
import { EventLog } from '../support/eventLog';
import {
  PEOPLE,
  cardOf,
  escalationIdOf,
  noticeInvoke,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { FaultProxy, seededRandom, type Fault, type ProxyAttempt } from '../support/faultProxy';
import { useAzurite } from '../support/harness';
import { MELDINGEN_ID, TEAM_ID, channelMention, personalMessage, teamInstall } from '../support/teams';

/**
 * For a while Teams answers a mix of 429 (with Retry-After), 503 and no answer at all. Every notice, update and
 * reminder still arrives exactly once, in order per thread, and no thread gets more than Teams allows (7 a second,
 * 60 in 30 seconds) — counted on every request that reached "Teams", at the injected clock's time, which is the
 * time the dispatcher's rate limiter sees.
 */

const azurite = useAzurite();
const SEED = Number(process.env.FAULT_SEED ?? 20261102);
const MINUTE = 60_000;
const ESCALATIONS = 10;

/** Calls the dispatcher makes (not the turn's own replies, which answer a specific activity, and not roster reads). */
function isDelivery(request: { method: string; path: string }): boolean {
  const path = request.path.split('?')[0] ?? '';
  if (request.method === 'GET') return false;
  if (request.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities\/[^/]+$/.test(path)) return false;
  return true;
}

/** The conversation path segment of a call, decoded. */
function conversationOf(path: string): string | undefined {
  const match = /^\/v3\/conversations\/([^/?]+)\/activities/.exec(path);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

describe('the connector answers 429, 503 and nothing for a while', () => {
  const log = new EventLog();
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  const random = seededRandom(SEED);
  let faulty = false;
  let t: EscalationBaken;
  let proxy: FaultProxy;

  beforeAll(async () => {
    t = await startEscalationBaken(azurite.get(), {
      clock,
      install: false,
      env: { ESCALATION_REMIND_MINUTES: '2', ESCALATION_MAX_REMINDERS: '1' },
      // A hang costs this long; an answered send must never take longer, or the dispatcher gives up on a send that
      // Teams took and sends it again (250 ms did, twice, on a busy 2-core machine: a PUT accepted twice).
      overrides: { logger: log, deliveryTimeoutMs: 1_500, random: seededRandom(SEED + 1) },
    });
    proxy = await new FaultProxy(t.connector.url, clock, (request): Fault | undefined => {
      if (!faulty || !isDelivery(request) || random() < 0.45) return undefined;
      const roll = random();
      if (roll < 0.4) return { kind: '429', retryAfterSeconds: 1 + Math.floor(random() * 10) };
      if (roll < 0.75) return { kind: '503' };
      return { kind: 'hang' };
    }).start();
    pendingView = new Outbox(t.app.storage.outbox, clock, t.app.storage.sending);
    // Installed through the proxy: every later call to "Teams" goes through it.
    expect((await t.send(teamInstall(proxy.url, PEOPLE.anna))).status).toBe(200);
    for (const manager of [PEOPLE.anna, PEOPLE.piet, PEOPLE.oud]) {
      await t.teams.addManager(
        TEAM_ID,
        { aadObjectId: manager.aadObjectId, name: manager.name },
        PEOPLE.admin,
      );
    }
    expect((await t.send(channelMention(proxy.url, PEOPLE.anna, 'meldkanaal', MELDINGEN_ID))).status).toBe(
      200,
    );
  }, 30_000);
  afterAll(async () => {
    await t?.stop();
    await proxy?.stop();
  });

  /** The test's own view of the outbox (it remembers finished entries, so a scan reads only pending ones). */
  let pendingView: Outbox;

  async function outboxEntries(): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const name of await t.app.storage.outbox.list()) {
      const doc = await t.app.storage.outbox.read(name, outboxEntrySchema);
      if (doc) entries.push(doc.value);
    }
    return entries;
  }

  async function records(): Promise<EscalationRecord[]> {
    const found: EscalationRecord[] = [];
    for (const name of await t.app.storage.escalations.list()) {
      const doc = await t.app.storage.escalations.read(name, escalationRecordSchema);
      if (doc) found.push(doc.value);
    }
    return found;
  }

  /**
   * Runs the background work as a scheduler would, jumping the clock from one due moment to the next (a retry,
   * a rate-limit wait, a reminder) until `until`.
   */
  async function runUntil(until: number): Promise<void> {
    for (let guard = 0; guard < 500; guard++) {
      await t.app.tick();
      const now = clock.now().getTime();
      const moments: number[] = [];
      for (const { value: entry } of await pendingView.pending()) {
        moments.push(Date.parse(entry.nextAttemptAt));
        if (entry.claim) moments.push(Date.parse(entry.claim.until));
      }
      for (const record of await records()) {
        if (record.status === 'open' && record.reminders.nextAt)
          moments.push(Date.parse(record.reminders.nextAt));
      }
      const next = Math.min(...moments.filter((m) => m > now), until);
      if (next <= now) return;
      clock.set(new Date(next));
    }
    throw new Error('background work did not settle');
  }

  const ack = (id: string, action: 'escalation.ack' | 'escalation.resolve') =>
    t.send(
      noticeInvoke(
        proxy.url,
        PEOPLE.piet,
        // "Afgerond" asks once more; this is the "Ja, rond af" on that question.
        { action, ref: id, version: 0, ...(action === 'escalation.resolve' ? { confirmed: 'ja' } : {}) },
        MELDINGEN_ID,
      ),
    );

  it('delivers every notice, update and reminder once, in order per thread, within the thread limits', async () => {
    const started = clock.now().getTime();
    faulty = true;
    for (let i = 0; i < ESCALATIONS; i++) {
      expect((await t.send(personalMessage(proxy.url, PEOPLE.anna, 'testmelding'))).status).toBe(200);
    }
    const ids = (await records()).sort((a, b) => a.id.localeCompare(b.id)).map((r) => r.id);
    expect(ids).toHaveLength(ESCALATIONS);
    // Picked up (some also closed) while their notices are still on their way.
    for (const id of ids.slice(0, 4)) expect((await ack(id, 'escalation.ack')).status).toBe(200);
    for (const id of ids.slice(0, 2)) expect((await ack(id, 'escalation.resolve')).status).toBe(200);
    // Reminders for the others go out at +2 min, still in bad weather; two are picked up after their reminders
    // reached the managers 1:1 (so those 1:1 copies are updated in place too).
    await runUntil(started + 3 * MINUTE);
    faulty = false;
    await runUntil(started + 3.5 * MINUTE);
    for (const id of ids.slice(4, 6)) expect((await ack(id, 'escalation.ack')).status).toBe(200);
    // The rest are not picked up: at +4 min the admins and the reporter are told.
    await runUntil(started + 30 * MINUTE);

    // The weather really was bad, and retries really happened.
    const delivery = proxy.attempts.filter(isDelivery);
    for (const kind of ['429', '503', 'hang'] as const) {
      expect(delivery.filter((a) => a.outcome === kind).length).toBeGreaterThanOrEqual(3);
    }
    expect(log.named(['outbox_retry']).length).toBeGreaterThan(10);
    expect(
      log.named(['outbox_failed', 'turn_failed', 'outbox_thread_failed', 'outbox_drain_failed']),
    ).toEqual([]);

    // 1. Everything was delivered (or skipped for Olga, who left the team), nothing is left or failed.
    const entries = await outboxEntries();
    for (const entry of entries) {
      expect([entry.key, entry.status]).toEqual([entry.key, entry.status === 'skipped' ? 'skipped' : 'sent']);
      if (entry.status === 'skipped') expect([entry.key, entry.reason]).toEqual([entry.key, 'not_member']);
    }
    const sent = entries.filter((e) => e.status === 'sent');
    const kinds = new Set(
      sent.map((e) => (e.render.card === 'notice' ? `notice:${e.target.kind}` : e.render.card)),
    );
    for (const kind of [
      'notice:channelThread',
      'notice:noticeUpdate',
      'notice:activityUpdate',
      'reminder',
      'notice:personal',
      'message',
    ])
      expect(kinds).toContain(kind);

    // 2. Exactly once: every accepted message is one sent entry's, every sent entry's message was accepted once.
    const accepted = delivery.filter((a) => a.outcome === 'forwarded' && (a.status ?? 0) < 300);
    const acceptedPosts = accepted.filter(
      (a) => a.method === 'POST' && (conversationOf(a.path) !== undefined || a.body.activity !== undefined),
    );
    const postIds = acceptedPosts.map((a) => String(a.response?.activityId ?? a.response?.id));
    const entryIds = sent
      .filter((e) => !e.target.kind.endsWith('Update'))
      .map((e) => e.result?.activityId ?? '');
    expect([...postIds].sort()).toEqual([...entryIds].sort());
    expect(new Set(postIds).size).toBe(postIds.length);
    // Updates: as many PUTs on each activity as update entries for it.
    const resultOf = new Map(entries.map((e) => [e.key, e.result]));
    const updateTarget = (e: OutboxEntry) => {
      const source =
        e.target.kind === 'noticeUpdate'
          ? resultOf.get(`${e.target.escalationId}:notice`)
          : e.target.kind === 'activityUpdate'
            ? resultOf.get(e.target.sourceKey)
            : undefined;
      return source ? `${source.conversationId}/${source.activityId}` : undefined;
    };
    const expectedPuts = new Map<string, OutboxEntry[]>();
    for (const e of sent) {
      const target = updateTarget(e);
      if (target) expectedPuts.set(target, [...(expectedPuts.get(target) ?? []), e]);
    }
    const acceptedPuts = new Map<string, ProxyAttempt[]>();
    for (const a of accepted.filter((x) => x.method === 'PUT')) {
      const [, , , conv, , activity] = a.path.split('/');
      const key = `${decodeURIComponent(conv ?? '')}/${decodeURIComponent(activity ?? '')}`;
      acceptedPuts.set(key, [...(acceptedPuts.get(key) ?? []), a]);
    }
    expect(new Map([...acceptedPuts].map(([k, v]) => [k, v.length]))).toEqual(
      new Map([...expectedPuts].map(([k, v]) => [k, v.length])),
    );

    // 3. In order per thread: each thread's entries were accepted in the order they were recorded.
    const acceptedAt = new Map<string, number>();
    const byActivityId = new Map(
      acceptedPosts.map((a) => [String(a.response?.activityId ?? a.response?.id), a.index]),
    );
    for (const e of sent) {
      const target = updateTarget(e);
      if (!target) acceptedAt.set(e.key, byActivityId.get(e.result?.activityId ?? '') ?? -1);
    }
    for (const [target, list] of expectedPuts) {
      const order = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq);
      const puts = acceptedPuts.get(target) ?? [];
      order.forEach((e, i) => acceptedAt.set(e.key, puts[i]?.index ?? -1));
    }
    const threads = new Map<string, OutboxEntry[]>();
    for (const e of sent) threads.set(e.thread, [...(threads.get(e.thread) ?? []), e]);
    for (const [thread, list] of threads) {
      const recorded = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq);
      const arrivals = recorded.map((e) => acceptedAt.get(e.key) ?? -1);
      expect([thread, arrivals]).toEqual([thread, [...arrivals].sort((a, b) => a - b)]);
      expect(arrivals.every((n) => n >= 0)).toBe(true);
    }

    // 4. Within Teams' per-thread limits, counting every request to a conversation (faulted ones too).
    const userOfConversation = new Map<string, string>();
    for (const a of accepted) {
      const members = a.body.members as Array<{ id?: string }> | undefined;
      if (a.method === 'POST' && members?.[0]?.id && typeof a.response?.id === 'string') {
        userOfConversation.set(a.response.id, members[0].id);
      }
    }
    const sends = new Map<string, number[]>();
    for (const a of delivery) {
      const conversation = conversationOf(a.path);
      const channel = (a.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      const key = conversation
        ? (userOfConversation.get(conversation) ?? conversation)
        : a.body.activity
          ? `channel:${channel}`
          : undefined;
      if (key) sends.set(key, [...(sends.get(key) ?? []), a.clockAt]);
    }
    let busiest = 0;
    for (const [key, times] of sends) {
      for (const window of THREAD_LIMITS) {
        for (const at of times) {
          const inWindow = times.filter((x) => x > at - window.windowMs && x <= at).length;
          expect([key, window.windowMs, inWindow <= window.max]).toEqual([key, window.windowMs, true]);
          if (window.windowMs === 1000) busiest = Math.max(busiest, inWindow);
        }
      }
    }
    // The limit was really reached (ten notices into one channel at once), not merely never approached.
    expect(busiest).toBe(7);

    // 5. Retry-After honoured: after a 429, the same thread's next request came no sooner than asked.
    const threadOf = (a: ProxyAttempt) => {
      const members = a.body.members as Array<{ id?: string }> | undefined;
      if (members?.[0]?.id) return `user:${members[0].id}`;
      const conversation = conversationOf(a.path);
      if (conversation)
        return userOfConversation.has(conversation)
          ? `user:${userOfConversation.get(conversation)}`
          : conversation;
      return `esc:${escalationIdOf(cardOf({ method: a.method, path: a.path, body: a.body, at: 0 }))}`;
    };
    for (const [i, a] of delivery.entries()) {
      if (a.outcome !== '429') continue;
      const next = delivery.slice(i + 1).find((b) => threadOf(b) === threadOf(a));
      if (next) expect(next.clockAt - a.clockAt).toBeGreaterThanOrEqual(a.retryAfterMs ?? 0);
    }

    // 6. The records and the cards say what happened.
    const final = await records();
    for (const record of final) {
      expect(record.delivery.status).toBe('in_channel');
      const index = ids.indexOf(record.id);
      const expected = index < 2 ? 'resolved' : index < 6 ? 'acknowledged' : 'open';
      expect([record.id, record.status]).toEqual([record.id, expected]);
      if (index >= 4) expect(record.reminders.count).toBe(1);
      if (index >= 6) expect(record.reminders.exhaustedAt).toBeDefined();
      const puts = acceptedPuts.get(`${record.notice?.conversationId}/${record.notice?.activityId}`) ?? [];
      const last = JSON.stringify(puts.at(-1)?.body ?? {});
      if (expected === 'resolved') expect(last).toContain('Afgerond door Piet Jansen');
      if (expected === 'acknowledged') expect(last).toContain('Opgepakt door Piet Jansen');
      if (expected === 'open') expect(puts).toEqual([]);
    }
  }, 120_000);
});
