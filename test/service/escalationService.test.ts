import { FakeClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import type { Outbox } from '../../src/delivery/outbox';
import type { OutboxEntry } from '../../src/delivery/outboxEntry';
import { escalationKeys } from '../../src/delivery/outboxKeys';
import type { TeamsPort } from '../../src/delivery/teamsPort';
import type { EscalationRecord } from '../../src/escalation/escalationRecord';
import { registerEscalation } from '../../src/escalation/escalationRegistration';
import type { Actor, EscalateRequest, EscalationService } from '../../src/escalation/escalationService';
import { createLogger } from '../../src/logger';
import { createPlatform } from '../../src/platform/platform';
import type { Role } from '../../src/platform/roles';
import type { AuditEntry } from '../../src/storage/auditLog';
import { openMemoryStorage, type MemoryStorage } from '../../src/storage/memoryStorage';
import type { TeamStore } from '../../src/teams/teamStore';

/*
 * EscalationService at service level: built as the composition root builds it (createPlatform, then
 * registerEscalation) on the in-memory storage and a FakeClock, with delivery held: every send is only recorded in
 * the outbox, and the tests assert on the outbox entries, the stored record and the audit log.
 */

const TEAM_ID = 'team-1';
const ADMIN = 'aad-admin';
const SERVICE_URL = 'https://smba.example.test/emea/';
const person = (id: string, name: string) => ({ aadObjectId: `aad-${id}`, name, userId: `user-${id}` });
const PEOPLE = {
  anna: person('anna', 'Anna de Vries'),
  piet: person('piet', 'Piet Jansen'),
  bram: person('bram', 'Bram Bakker'),
  admin: { aadObjectId: ADMIN, name: 'Ada Beheer', userId: 'user-admin' },
};

/** A Teams port that must never be called: delivery is held, so nothing reaches Teams. */
const unusedTeams: TeamsPort = {
  createChannelThread: () => Promise.reject(new Error('no delivery in service tests')),
  sendPersonal: () => Promise.reject(new Error('no delivery in service tests')),
  reply: () => Promise.reject(new Error('no delivery in service tests')),
  update: () => Promise.reject(new Error('no delivery in service tests')),
  member: () => Promise.reject(new Error('no roster in service tests')),
  members: () => Promise.reject(new Error('no roster in service tests')),
};

/** The escalation service and what the tests read its effects from. */
interface World {
  storage: MemoryStorage;
  clock: FakeClock;
  teams: TeamStore;
  outbox: Outbox;
  service: EscalationService;
}

let prefixCounter = 0;

/** A fresh Baken platform in memory with one team (managers Anna and Piet, a Meldingen channel unless told). */
async function world(
  options: { channel?: boolean; managers?: boolean; maxReminders?: number; pauseBeforeWriteMs?: number } = {},
): Promise<World> {
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  const storage = openMemoryStorage({
    prefix: `svc-esc-${++prefixCounter}`,
    pauseBeforeWriteMs: options.pauseBeforeWriteMs,
  });
  await storage.ensureContainers();
  const config = parseConfig({
    ADMIN_IDS: ADMIN,
    ESCALATION_REMIND_MINUTES: '30',
    ESCALATION_REMIND_ACUUT_MINUTES: '10',
    ESCALATION_MAX_REMINDERS: String(options.maxReminders ?? 2),
    MELDCODE_DECISION_DAYS: '3',
    OFFICE_HOURS: '08:00-17:00',
    TIMEZONE: 'Europe/Amsterdam',
  });
  const logger = createLogger('silent');
  const platform = createPlatform(
    { config, storage, clock, logger, teamsPort: unusedTeams },
    { backgroundTimer: false, holdDelivery: true },
  );
  const { service } = registerEscalation({ platform, config, storage, clock, logger });
  const { teams, outbox } = platform;
  await teams.recordInstall(TEAM_ID, 'Team Noord', {
    serviceUrl: SERVICE_URL,
    conversationId: '19:general@thread.tacv2',
    tenantId: 'tenant-1',
    channelId: 'msteams',
  });
  if (options.managers !== false) {
    for (const m of [PEOPLE.anna, PEOPLE.piet]) await teams.addManager(TEAM_ID, m, PEOPLE.admin);
  }
  if (options.channel !== false) {
    await teams.setEscalationChannel(TEAM_ID, '19:meldingen@thread.tacv2', 'Meldingen', PEOPLE.anna);
  }
  return { storage, clock, teams, outbox, service };
}

/** Bram's escalation of a grooming flow run in the team. */
function request(overrides: Partial<EscalateRequest> = {}): EscalateRequest {
  return {
    kind: 'grooming',
    urgency: 'hoog',
    teamId: TEAM_ID,
    reporter: PEOPLE.bram,
    recordId: 'run-1',
    origin: { serviceUrl: SERVICE_URL, tenantId: 'tenant-1' },
    ...overrides,
  };
}

/** Someone pressing, with the role the server found for them. */
function actor(who: keyof typeof PEOPLE, role: Role | undefined): Actor {
  return { ...PEOPLE[who], role, address: { serviceUrl: SERVICE_URL, tenantId: 'tenant-1' } };
}

/** The outbox entries of an escalation, by key. */
async function entriesOf(w: World, record: EscalationRecord): Promise<OutboxEntry[]> {
  return (await w.outbox.withPrefix(escalationKeys.prefix(record.id))).sort((a, b) =>
    a.key.localeCompare(b.key),
  );
}

/** The outbox keys of an escalation, sorted. */
async function keysOf(w: World, record: EscalationRecord): Promise<string[]> {
  return (await entriesOf(w, record)).map((e) => e.key);
}

/** Every audit line written. */
async function auditOf(w: World): Promise<AuditEntry[]> {
  return w.storage.audit.readAll();
}

/** The audit lines as action:outcome. */
async function actionsOf(w: World): Promise<string[]> {
  return (await auditOf(w)).map((e) => `${e.action}:${e.outcome}`);
}

/** The record of an ok outcome (throws on a refusal). */
function doneRecord(outcome: Awaited<ReturnType<EscalationService['acknowledge']>>): EscalationRecord {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.reason}`);
  return outcome.record;
}

const MINUTE = 60_000;

describe('escalate', () => {
  test('creates one open record and one channel notice entry', async () => {
    const w = await world();
    const record = await w.service.escalate(request());
    const stored = await w.service.get(record.id);
    expect(stored?.status).toBe('open');
    expect(stored?.route).toBe('channel');
    expect(stored?.timeline.map((t) => t.action)).toEqual(['created']);
    expect(stored?.reminders).toEqual({ count: 0, nextAt: '2026-11-02T09:30:00.000Z' });
    const entries = await entriesOf(w, record);
    expect(entries.map((e) => [e.key, e.render.card, e.target.kind])).toEqual([
      [escalationKeys.notice(record.id), 'notice', 'channelThread'],
    ]);
    expect(await actionsOf(w)).toEqual(['escalation.create:ok']);
  });

  test('a repeat with the same recordId returns the same escalation and records no second notice', async () => {
    const w = await world();
    const first = await w.service.escalate(request());
    const again = await w.service.escalate(request());
    expect(again.id).toBe(first.id);
    expect(await keysOf(w, first)).toEqual([escalationKeys.notice(first.id)]);
    expect((await w.storage.listEverything()).escalations).toHaveLength(1);
    expect(await actionsOf(w)).toEqual(['escalation.create:ok']);
  });

  test('another recordId is another escalation', async () => {
    const w = await world();
    const first = await w.service.escalate(request());
    const second = await w.service.escalate(request({ recordId: 'run-2' }));
    expect(second.id).not.toBe(first.id);
    expect((await w.storage.listEverything()).escalations).toHaveLength(2);
  });

  test('acute urgency sets the first reminder after the acute minutes', async () => {
    const w = await world();
    const record = await w.service.escalate(request({ urgency: 'acuut' }));
    expect(record.reminders.nextAt).toBe('2026-11-02T09:10:00.000Z');
  });

  test('without a channel the managers get the notice 1:1 and the reporter is told', async () => {
    const w = await world({ channel: false });
    const record = await w.service.escalate(request());
    expect(record.route).toBe('managers');
    expect(record.delivery.status).toBe('direct_to_managers');
    expect(record.timeline.map((t) => t.action)).toEqual(['created', 'notice_direct']);
    const entries = await entriesOf(w, record);
    expect(entries.map((e) => [e.key, e.render])).toEqual([
      [
        `${record.id}:notice:manager:${PEOPLE.anna.aadObjectId}`,
        { card: 'notice', escalationId: record.id, banner: 'noChannel' },
      ],
      [
        `${record.id}:notice:manager:${PEOPLE.piet.aadObjectId}`,
        { card: 'notice', escalationId: record.id, banner: 'noChannel' },
      ],
      [
        `${record.id}:reporter:routed`,
        { card: 'message', message: 'reporterDirectToManagers', escalationId: record.id },
      ],
    ]);
  });

  test('a team without managers or channel goes to the admins', async () => {
    const w = await world({ channel: false, managers: false });
    const record = await w.service.escalate(request());
    expect(record.route).toBe('admins');
    expect(record.delivery.status).toBe('direct_to_admins');
    const entries = await entriesOf(w, record);
    expect(entries.map((e) => [e.key, e.render.card])).toEqual([
      [`${record.id}:notice:admin:${ADMIN}`, 'notice'],
      [`${record.id}:reporter:routed`, 'message'],
    ]);
    expect(entries[0]?.render).toMatchObject({ banner: 'noManagers' });
  });
});

describe('acknowledge and resolve', () => {
  test('a manager acknowledges: status, stamp, timeline, notice update and reporter told', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    w.clock.advance(5 * MINUTE);
    const outcome = await w.service.acknowledge(created.id, actor('anna', 'manager'));
    const record = doneRecord(outcome);
    expect(outcome).toMatchObject({ ok: true, status: 'done' });
    const stored = await w.service.get(created.id);
    expect(stored?.status).toBe('acknowledged');
    expect(stored?.acknowledgedBy).toMatchObject({
      aadObjectId: PEOPLE.anna.aadObjectId,
      at: '2026-11-02T09:05:00.000Z',
    });
    expect(stored?.reminders.nextAt).toBeUndefined();
    expect(stored?.timeline.map((t) => [t.action, t.actorId])).toEqual([
      ['created', PEOPLE.bram.aadObjectId],
      ['acknowledged', PEOPLE.anna.aadObjectId],
    ]);
    const entries = await entriesOf(w, record);
    expect(entries.map((e) => [e.key, e.render.card, e.target.kind])).toEqual([
      [escalationKeys.notice(record.id), 'notice', 'channelThread'],
      [`${record.id}:reporter:acknowledged`, 'message', 'personal'],
      [escalationKeys.noticeUpdate(record.id, record.revision), 'notice', 'noticeUpdate'],
    ]);
    expect(entries[1]?.target).toMatchObject({ aadObjectId: PEOPLE.bram.aadObjectId });
    expect(await actionsOf(w)).toEqual(['escalation.create:ok', 'escalation.acknowledge:ok']);
  });

  test('acknowledging twice answers already and records nothing more', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.acknowledge(created.id, actor('anna', 'manager'));
    const keys = await keysOf(w, created);
    const second = await w.service.acknowledge(created.id, actor('piet', 'manager'));
    expect(second).toMatchObject({ ok: true, status: 'already' });
    expect((await w.service.get(created.id))?.acknowledgedBy?.aadObjectId).toBe(PEOPLE.anna.aadObjectId);
    expect(await keysOf(w, created)).toEqual(keys);
    expect((await actionsOf(w)).at(-1)).toBe('escalation.acknowledge.already:ok');
  });

  test.each<[string, Role | undefined]>([
    ['staff', 'staff'],
    ['no role', undefined],
  ])('acknowledge is refused for %s and the record is unchanged', async (_label, role) => {
    const w = await world();
    const created = await w.service.escalate(request());
    const before = await w.service.get(created.id);
    const outcome = await w.service.acknowledge(created.id, actor('bram', role));
    expect(outcome).toMatchObject({ ok: false, reason: 'refused' });
    expect(await w.service.get(created.id)).toEqual(before);
    expect(await keysOf(w, created)).toEqual([escalationKeys.notice(created.id)]);
    const last = (await auditOf(w)).at(-1);
    expect(last).toMatchObject({
      action: 'escalation.acknowledge',
      outcome: 'refused',
      actorId: PEOPLE.bram.aadObjectId,
    });
  });

  test('an admin may acknowledge', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const outcome = await w.service.acknowledge(created.id, actor('admin', 'admin'));
    expect(outcome).toMatchObject({ ok: true, status: 'done' });
    expect((await w.service.get(created.id))?.status).toBe('acknowledged');
  });

  test('an unknown id is not_found and records nothing', async () => {
    const w = await world();
    expect(await w.service.acknowledge('esc-unknown', actor('anna', 'manager'))).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    expect(await w.service.resolve('not a valid id!', actor('anna', 'manager'))).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    expect(await auditOf(w)).toEqual([]);
  });

  test('resolve after acknowledge closes it; acknowledge afterwards is already', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.acknowledge(created.id, actor('anna', 'manager'));
    w.clock.advance(MINUTE);
    const record = doneRecord(await w.service.resolve(created.id, actor('piet', 'manager')));
    expect(record.status).toBe('resolved');
    expect(record.resolvedBy?.aadObjectId).toBe(PEOPLE.piet.aadObjectId);
    expect(record.timeline.map((t) => t.action)).toEqual(['created', 'acknowledged', 'resolved']);
    expect(await keysOf(w, created)).toContain(`${created.id}:reporter:resolved`);
    expect(await keysOf(w, created)).toContain(escalationKeys.noticeUpdate(created.id, record.revision));
    expect(await w.service.acknowledge(created.id, actor('anna', 'manager'))).toMatchObject({
      status: 'already',
    });
    expect((await w.service.get(created.id))?.status).toBe('resolved');
  });

  test('resolve is refused for staff', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    expect(await w.service.resolve(created.id, actor('bram', 'staff'))).toMatchObject({ reason: 'refused' });
    expect((await w.service.get(created.id))?.status).toBe('open');
  });

  test('two acknowledges at once on the memory store: one done, one already', async () => {
    // Both read the open record before either writes (the store pauses 20 ms between read and write): without the
    // ETag check both writes would land and both presses would answer "done".
    const w = await world({ pauseBeforeWriteMs: 20 });
    const created = await w.service.escalate(request());
    const outcomes = await Promise.all([
      w.service.acknowledge(created.id, actor('anna', 'manager')),
      w.service.acknowledge(created.id, actor('piet', 'manager')),
    ]);
    const statuses = outcomes.map((o) => (o.ok ? o.status : o.reason)).sort();
    expect(statuses).toEqual(['already', 'done']);
    const stored = await w.service.get(created.id);
    expect(stored?.timeline.filter((t) => t.action === 'acknowledged')).toHaveLength(1);
    expect(stored?.revision).toBe(1);
    const updates = (await keysOf(w, created)).filter((k) => k.includes(':update:'));
    expect(updates).toEqual([escalationKeys.noticeUpdate(created.id, 1)]);
  });
});

describe('details and timeline requests', () => {
  test('details go 1:1 to a manager, once per requestId', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.requestDetails(created.id, actor('anna', 'manager'), 'req-1');
    await w.service.requestDetails(created.id, actor('anna', 'manager'), 'req-1');
    const details = (await entriesOf(w, created)).filter((e) => e.render.card === 'details');
    expect(details.map((e) => [e.key, e.target])).toEqual([
      [
        `${created.id}:details:req-1`,
        expect.objectContaining({ kind: 'personal', aadObjectId: PEOPLE.anna.aadObjectId }),
      ],
    ]);
    expect(details[0]?.render).toEqual({
      card: 'details',
      escalationId: created.id,
      viewerAadObjectId: PEOPLE.anna.aadObjectId,
    });
  });

  test('the reporter may see their details; other staff are refused', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    expect(await w.service.requestDetails(created.id, actor('bram', 'staff'), 'r1')).toMatchObject({
      status: 'done',
    });
    // Piet as staff (not the reporter): the role decides, not the name.
    expect(await w.service.requestDetails(created.id, actor('piet', 'staff'), 'r2')).toMatchObject({
      reason: 'refused',
    });
    const keys = await keysOf(w, created);
    expect(keys).toContain(`${created.id}:details:r1`);
    expect(keys).not.toContain(`${created.id}:details:r2`);
    expect((await auditOf(w)).at(-1)).toMatchObject({ action: 'escalation.details', outcome: 'refused' });
  });

  test('the timeline goes to managers only, once per requestId', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    expect(await w.service.requestTimeline(created.id, actor('bram', 'staff'), 't0')).toMatchObject({
      reason: 'refused',
    });
    await w.service.requestTimeline(created.id, actor('piet', 'manager'), 't1');
    await w.service.requestTimeline(created.id, actor('piet', 'manager'), 't1');
    const timeline = (await entriesOf(w, created)).filter((e) => e.render.card === 'timeline');
    expect(timeline.map((e) => e.key)).toEqual([`${created.id}:timeline:t1`]);
    expect(timeline[0]?.target).toMatchObject({ aadObjectId: PEOPLE.piet.aadObjectId });
  });
});

describe('remindDue', () => {
  test('nothing due: 0 and no entries', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    w.clock.advance(29 * MINUTE);
    expect(await w.service.remindDue()).toBe(0);
    expect(await keysOf(w, created)).toEqual([escalationKeys.notice(created.id)]);
    expect((await w.service.get(created.id))?.reminders.count).toBe(0);
  });

  test('due after the remind minutes: a thread reply and 1:1 reminders to the managers, once', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    w.clock.advance(30 * MINUTE);
    expect(await w.service.remindDue()).toBe(1);
    expect(await w.service.remindDue()).toBe(0);
    const reminders = (await entriesOf(w, created)).filter(
      (e) => e.key !== escalationKeys.notice(created.id),
    );
    expect(reminders.map((e) => [e.key, e.render.card])).toEqual([
      [`${created.id}:reminder:1:manager:${PEOPLE.anna.aadObjectId}`, 'notice'],
      [`${created.id}:reminder:1:manager:${PEOPLE.piet.aadObjectId}`, 'notice'],
      [escalationKeys.threadReminder(created.id, 1), 'reminder'],
    ]);
    const stored = await w.service.get(created.id);
    expect(stored?.reminders).toEqual({ count: 1, nextAt: '2026-11-02T10:00:00.000Z' });
    expect(stored?.timeline.map((t) => t.action)).toEqual(['created', 'reminder']);
    expect((await actionsOf(w)).filter((a) => a === 'escalation.remind:ok')).toHaveLength(1);
  });

  test('after max reminders the admins and the reporter are told, then nothing more', async () => {
    const w = await world({ maxReminders: 1 });
    const created = await w.service.escalate(request());
    w.clock.advance(30 * MINUTE);
    expect(await w.service.remindDue()).toBe(1);
    w.clock.advance(30 * MINUTE);
    expect(await w.service.remindDue()).toBe(1);
    w.clock.advance(120 * MINUTE);
    expect(await w.service.remindDue()).toBe(0);
    const stored = await w.service.get(created.id);
    expect(stored?.reminders.count).toBe(1);
    expect(stored?.reminders.exhaustedAt).toBe('2026-11-02T10:00:00.000Z');
    expect(stored?.timeline.map((t) => t.action)).toEqual(['created', 'reminder', 'admins_told']);
    const keys = await keysOf(w, created);
    expect(keys).toContain(`${created.id}:not-picked-up:admin:${ADMIN}`);
    expect(keys).toContain(`${created.id}:reporter:not-picked-up`);
    expect(keys.filter((k) => k.includes(':reminder:2'))).toEqual([]);
    expect(await actionsOf(w)).toContain('escalation.admins_told:ok');
  });

  test('an acknowledged escalation gets no reminder', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.acknowledge(created.id, actor('anna', 'manager'));
    w.clock.advance(60 * MINUTE);
    expect(await w.service.remindDue()).toBe(0);
    expect((await keysOf(w, created)).filter((k) => k.includes('reminder'))).toEqual([]);
  });

  test('two passes at once claim a due reminder once', async () => {
    const w = await world({ pauseBeforeWriteMs: 20 });
    const created = await w.service.escalate(request());
    w.clock.advance(30 * MINUTE);
    const counts = await Promise.all([w.service.remindDue(), w.service.remindDue()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await w.service.get(created.id))?.reminders.count).toBe(1);
  });

  test('Meldcode follow-up waits outside office hours and goes out the next morning', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.acknowledge(created.id, actor('anna', 'manager'));
    w.clock.set('2026-11-05T19:00:00Z');
    expect(await w.service.remindDue()).toBe(0);
    expect((await keysOf(w, created)).filter((k) => k.includes('meldcode-besluit'))).toEqual([]);
    w.clock.set('2026-11-06T08:00:00Z');
    expect(await w.service.remindDue()).toBe(1);
    expect(await w.service.remindDue()).toBe(0);
    const followUps = (await entriesOf(w, created)).filter((e) => e.render.card === 'meldcodeReminder');
    expect(followUps.map((e) => [e.key, e.render])).toEqual([
      [
        `${created.id}:meldcode-besluit:1`,
        { card: 'meldcodeReminder', escalationId: created.id, kind: 'besluit', to: 'person', count: 1 },
      ],
    ]);
    expect(followUps[0]?.target).toMatchObject({ aadObjectId: PEOPLE.anna.aadObjectId });
    expect(await actionsOf(w)).toContain('meldcode.remind.besluit:ok');
  });

  test('Meldcode follow-up is not due before the decision days, and due in office hours on the due day', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.acknowledge(created.id, actor('anna', 'manager'));
    w.clock.set('2026-11-04T10:00:00Z');
    expect(await w.service.remindDue()).toBe(0);
    w.clock.set('2026-11-05T10:00:00Z');
    expect(await w.service.remindDue()).toBe(1);
    const stored = await w.service.get(created.id);
    expect(stored?.meldcodeFollowUp?.pending).toBe(false);
    expect(await keysOf(w, created)).toContain(`${created.id}:meldcode-besluit:1`);
  });
});

describe('Meldcode walk sent 1:1', () => {
  test('requestWalk records the walk card for a manager, once per requestId; staff are refused', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    expect(await w.service.requestWalk(created.id, actor('bram', 'staff'), 'w0')).toMatchObject({
      reason: 'refused',
    });
    await w.service.requestWalk(created.id, actor('anna', 'manager'), 'w1');
    await w.service.requestWalk(created.id, actor('anna', 'manager'), 'w1');
    const walks = (await entriesOf(w, created)).filter((e) => e.render.card === 'meldcodeWalk');
    expect(walks.map((e) => [e.key, e.render])).toEqual([
      [`${created.id}:meldcode:w1`, { card: 'meldcodeWalk', escalationId: created.id }],
    ]);
    expect(walks[0]?.target).toMatchObject({ aadObjectId: PEOPLE.anna.aadObjectId });
    expect((await auditOf(w)).filter((e) => e.action === 'meldcode.open').map((e) => e.outcome)).toEqual([
      'refused',
      'ok',
      'ok',
    ]);
  });
});

describe('notice delivery', () => {
  test('noticeDelivered records where the notice is, once', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const result = { activityId: 'act-1', conversationId: '19:meldingen@thread.tacv2;messageid=act-1' };
    await w.service.noticeDelivered(created.id, result);
    await w.service.noticeDelivered(created.id, { ...result, activityId: 'act-2' });
    const stored = await w.service.get(created.id);
    expect(stored?.notice).toEqual(result);
    expect(stored?.delivery.status).toBe('in_channel');
    expect(stored?.timeline.map((t) => t.action)).toEqual(['created', 'notice_posted']);
    expect((await actionsOf(w)).filter((a) => a === 'escalation.notice_posted:ok')).toHaveLength(1);
  });

  test('noticeFailed sends the notice to the managers 1:1 and tells the admins, once', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    await w.service.noticeFailed(created.id);
    await w.service.noticeFailed(created.id);
    const stored = await w.service.get(created.id);
    expect(stored?.delivery.status).toBe('direct_to_managers');
    expect(stored?.timeline.map((t) => t.action)).toEqual(['created', 'notice_failed']);
    const entries = (await entriesOf(w, created)).filter((e) => e.key !== escalationKeys.notice(created.id));
    expect(entries.map((e) => [e.key, e.render])).toEqual([
      [
        `${created.id}:channel-failed:admin:${ADMIN}`,
        { card: 'notice', escalationId: created.id, banner: 'adminChannelFailed' },
      ],
      [
        `${created.id}:notice-fallback:manager:${PEOPLE.anna.aadObjectId}`,
        { card: 'notice', escalationId: created.id, banner: 'channelFailed' },
      ],
      [
        `${created.id}:notice-fallback:manager:${PEOPLE.piet.aadObjectId}`,
        { card: 'notice', escalationId: created.id, banner: 'channelFailed' },
      ],
    ]);
    expect((await actionsOf(w)).filter((a) => a === 'escalation.notice_failed:ok')).toHaveLength(1);
  });
});

describe('Meldcode walk via recordMeldcode', () => {
  test('a first answer picks the escalation up and is on the walk and timeline', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const record = doneRecord(
      await w.service.recordMeldcode(created.id, actor('anna', 'manager'), {
        question: 'toepassing',
        answer: 'ja',
      }),
    );
    expect(record.status).toBe('acknowledged');
    expect(record.meldcode?.answers).toEqual([
      expect.objectContaining({ question: 'toepassing', answer: 'ja', byId: PEOPLE.anna.aadObjectId }),
    ]);
    expect(record.timeline.at(-1)).toMatchObject({ action: 'meldcode_answer', code: 'toepassing.ja' });
    expect(await keysOf(w, created)).toContain(`${created.id}:reporter:acknowledged`);
    expect(await actionsOf(w)).toContain('meldcode.antwoord.toepassing.ja:ok');
  });

  test('a stale step changes nothing and answers already', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const anna = actor('anna', 'manager');
    await w.service.recordMeldcode(created.id, anna, { question: 'toepassing', answer: 'ja' });
    const before = await w.service.get(created.id);
    const keys = await keysOf(w, created);
    const stale = await w.service.recordMeldcode(created.id, actor('piet', 'manager'), {
      question: 'toepassing',
      answer: 'ja',
    });
    expect(stale).toMatchObject({ ok: true, status: 'already' });
    expect(await w.service.get(created.id)).toEqual(before);
    expect(await keysOf(w, created)).toEqual(keys);
    expect((await actionsOf(w)).at(-1)).toBe('meldcode.answer.already:ok');
  });

  test('a decision with its inputs closes the escalation and sends the dossier', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const anna = actor('anna', 'manager');
    for (const [question, answer] of [
      ['toepassing', 'ja'],
      ['gesprek', 'gedaan'],
      ['a1', 'ja'],
      ['a2', 'ja'],
    ] as const) {
      expect(await w.service.recordMeldcode(created.id, anna, { question, answer })).toMatchObject({
        status: 'done',
      });
    }
    const record = doneRecord(
      await w.service.recordMeldcode(created.id, anna, {
        decision: 'melden',
        melding: 'gepland',
        day: '2026-11-04',
      }),
    );
    expect(record.status).toBe('resolved');
    expect(record.resolvedBy?.aadObjectId).toBe(PEOPLE.anna.aadObjectId);
    expect(record.meldcode?.decisions).toEqual([
      expect.objectContaining({ decision: 'melden', melding: 'gepland', day: '2026-11-04' }),
    ]);
    expect(record.timeline.at(-1)).toMatchObject({ action: 'meldcode_decision', code: 'melden' });
    const entries = await entriesOf(w, created);
    expect(entries.find((e) => e.key === `${created.id}:dossier`)?.render).toEqual({
      card: 'dossier',
      escalationId: created.id,
    });
    expect(await keysOf(w, created)).toContain(`${created.id}:reporter:resolved`);
    const actions = await actionsOf(w);
    expect(actions).toEqual(expect.arrayContaining(['meldcode.dossier:ok', 'meldcode.besluit.melden:ok']));
  });

  test('a decision missing its inputs is refused as already and changes nothing', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const anna = actor('anna', 'manager');
    await w.service.recordMeldcode(created.id, anna, { question: 'toepassing', answer: 'ja' });
    await w.service.recordMeldcode(created.id, anna, { question: 'gesprek', answer: 'gedaan' });
    await w.service.recordMeldcode(created.id, anna, { question: 'a1', answer: 'ja' });
    await w.service.recordMeldcode(created.id, anna, { question: 'a2', answer: 'ja' });
    const before = await w.service.get(created.id);
    const keys = await keysOf(w, created);
    const missingDay = await w.service.recordMeldcode(created.id, anna, {
      decision: 'melden',
      melding: 'gepland',
    });
    expect(missingDay).toMatchObject({ status: 'already' });
    const wrongDecision = await w.service.recordMeldcode(created.id, anna, { decision: 'afsluiten' });
    expect(wrongDecision).toMatchObject({ status: 'already' });
    expect(await w.service.get(created.id)).toEqual(before);
    expect(await keysOf(w, created)).toEqual(keys);
  });

  test('hulp keeps the escalation open for afweging 5', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const anna = actor('anna', 'manager');
    for (const [question, answer] of [
      ['toepassing', 'ja'],
      ['gesprek', 'gedaan'],
      ['a1', 'ja'],
      ['a2', 'nee'],
      ['a3', 'ja'],
      ['a4', 'ja'],
    ] as const) {
      await w.service.recordMeldcode(created.id, anna, { question, answer });
    }
    const record = doneRecord(
      await w.service.recordMeldcode(created.id, anna, { decision: 'hulp', day: '2026-12-01' }),
    );
    expect(record.status).toBe('acknowledged');
    expect(record.meldcode?.decisions.map((d) => d.decision)).toEqual(['hulp']);
    expect(await keysOf(w, created)).not.toContain(`${created.id}:dossier`);
  });

  test('staff are refused and a non-client escalation is not found', async () => {
    const w = await world();
    const created = await w.service.escalate(request());
    const before = await w.service.get(created.id);
    expect(
      await w.service.recordMeldcode(created.id, actor('bram', 'staff'), {
        question: 'toepassing',
        answer: 'ja',
      }),
    ).toMatchObject({ reason: 'refused' });
    expect(await w.service.get(created.id)).toEqual(before);
    const notClient = await w.service.escalate(request({ kind: 'test', recordId: 'run-test' }));
    expect(
      await w.service.recordMeldcode(notClient.id, actor('anna', 'manager'), {
        question: 'toepassing',
        answer: 'ja',
      }),
    ).toMatchObject({ reason: 'not_found' });
  });
});
