import { AFTERCARE_LISTS } from '../../src/aftercare/aftercareStore';
import type { AftercareChecklist } from '../../src/aftercare/aftercareChecklist';
import type { ChangeOutcome, StartOutcome } from '../../src/aftercare/aftercareService';
import defaultItems from '../../src/aftercare/defaultAftercareItems.json';
import {
  BRAM,
  CARLA,
  MARIT,
  OSCAR,
  OTHER_TEAM,
  TEAM,
  aftercareWorld,
  auditLines,
  managersOf,
  outboxEntries,
  report,
  type AftercareWorld,
} from '../support/aftercareWorld';

/*
 * AftercareService and AftercareReminders on memory storage with a FakeClock: no HTTP server, no Azurite, no
 * botbuilder. Every test asserts what is stored: the checklist, its index entries, the outbox and the audit log.
 */

const INCIDENT = 'incident-0001';
const managers = managersOf();
const DEFAULT_IDS = defaultItems.items.map((item) => item.id);
/** The items that apply before any decline (all but "offer again"). */
const APPLICABLE = defaultItems.items.filter((item) => item.due.from === 'incident').map((item) => item.id);

/** The checklist of a successful start (fails the test otherwise). */
function startedChecklist(outcome: StartOutcome): AftercareChecklist {
  if (!outcome.ok) throw new Error(`start refused: ${outcome.reason}`);
  return outcome.checklist;
}

/** The status of a successful change, or the refusal reason. */
function statusOf(outcome: ChangeOutcome): string {
  return outcome.ok ? outcome.status : outcome.reason;
}

/** The stored checklist (fails the test when there is none). */
async function stored(w: AftercareWorld, id = INCIDENT): Promise<AftercareChecklist> {
  const checklist = await w.store.get(id);
  if (!checklist) throw new Error(`no checklist ${id}`);
  return checklist;
}

/** Bram reports, Marit starts aftercare. */
async function started(w: AftercareWorld, id = INCIDENT): Promise<AftercareChecklist> {
  await report(w, BRAM, id);
  return startedChecklist(await w.service.start(MARIT, id, managers));
}

let w: AftercareWorld;
beforeEach(async () => {
  w = await aftercareWorld();
});

describe('start', () => {
  test('a manager of the team starts: every default item open, due from the incident day, owned by the manager', async () => {
    await report(w, BRAM, INCIDENT);
    const outcome = await w.service.start(MARIT, INCIDENT, managers);
    expect(outcome).toMatchObject({ ok: true, status: 'started' });
    const checklist = await stored(w);
    expect(checklist).toMatchObject({
      id: INCIDENT,
      teamId: TEAM,
      status: 'open',
      staffResponse: 'informed',
      staff: { aadObjectId: BRAM.aadObjectId },
      contact: { aadObjectId: MARIT.aadObjectId, userId: MARIT.userId },
      revision: 0,
    });
    expect(Object.keys(checklist.items).sort()).toEqual([...DEFAULT_IDS].sort());
    expect(checklist.items.steungesprek).toMatchObject({
      status: 'open',
      dueDate: '2026-11-05',
      rescheduled: false,
      owner: { aadObjectId: MARIT.aadObjectId },
    });
    expect(checklist.items.aangifte?.dueDate).toBe('2026-11-09');
    expect(checklist.items.juridisch?.dueDate).toBe('2026-11-16');
    expect(checklist.items.nagesprek_6w?.dueDate).toBe('2026-12-14');
    expect(checklist.timeline.map((l) => l.action)).toEqual(['started', 'staff_told']);
  });

  test('due dates count from the local day of the incident (Amsterdam), not the UTC day', async () => {
    // 23:30 UTC on 2 November is 00:30 on 3 November in Amsterdam.
    w.clock.set('2026-11-02T23:30:00Z');
    await report(w, BRAM, INCIDENT);
    w.clock.set('2026-11-03T09:00:00Z');
    const checklist = startedChecklist(await w.service.start(MARIT, INCIDENT, managers));
    expect(checklist.items.steungesprek?.dueDate).toBe('2026-11-06');
    expect(checklist.items.client_geinformeerd?.dueDate).toBe('2026-11-10');
  });

  test('a start tells the staff member 1:1 through the outbox, indexes the checklist and is audited', async () => {
    await started(w);
    const entries = await outboxEntries(w, `aftercare:${INCIDENT}:`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      key: `aftercare:${INCIDENT}:staff-told`,
      target: { kind: 'personal', aadObjectId: BRAM.aadObjectId, userId: BRAM.userId },
      render: {
        card: 'aftercare',
        view: 'staff',
        checklistId: INCIDENT,
        viewerAadObjectId: BRAM.aadObjectId,
      },
    });
    expect(await w.store.index.entries(AFTERCARE_LISTS.staff)).toEqual([
      { owner: BRAM.aadObjectId, id: INCIDENT },
    ]);
    expect(await w.store.openIdsOf(TEAM)).toEqual([INCIDENT]);
    expect(await auditLines(w, 'aftercare.start')).toEqual([
      expect.objectContaining({
        objectId: INCIDENT,
        teamId: TEAM,
        actorId: MARIT.aadObjectId,
        role: 'manager',
        outcome: 'ok',
      }),
    ]);
  });

  test('starting twice returns the existing checklist without a second message', async () => {
    const first = await started(w);
    w.clock.advance(60_000);
    const again = await w.service.start(MARIT, INCIDENT, managers);
    expect(again).toMatchObject({ ok: true, status: 'exists' });
    expect(startedChecklist(again).startedAt).toBe(first.startedAt);
    expect((await stored(w)).revision).toBe(0);
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:`)).toHaveLength(1);
    expect(await auditLines(w, 'aftercare.read', INCIDENT)).toHaveLength(1);
  });

  test.each([
    ['a colleague who is not a manager', CARLA, 'not_manager'],
    ['a manager of another team', OSCAR, 'not_manager'],
  ])('refused for %s: no checklist, refusal audited', async (_label, actor, reason) => {
    await report(w, BRAM, INCIDENT);
    expect(await w.service.start(actor, INCIDENT, managers)).toMatchObject({ ok: false, reason });
    expect(await w.store.get(INCIDENT)).toBeUndefined();
    expect(await w.store.openIdsOf(TEAM)).toEqual([]);
    expect(await auditLines(w, 'aftercare.start')).toEqual([
      expect.objectContaining({ actorId: actor.aadObjectId, outcome: 'refused' }),
    ]);
  });

  test("refused for the manager's own incident", async () => {
    await report(w, MARIT, INCIDENT);
    expect(await w.service.start(MARIT, INCIDENT, managers)).toMatchObject({ ok: false, reason: 'own' });
    expect(await w.store.get(INCIDENT)).toBeUndefined();
    expect(await auditLines(w, 'aftercare.start')).toEqual([
      expect.objectContaining({ role: 'staff', outcome: 'refused' }),
    ]);
  });

  test('refused for an incident not shared with the managers', async () => {
    await report(w, BRAM, INCIDENT, { shared: false });
    expect(await w.service.start(MARIT, INCIDENT, managers)).toMatchObject({
      ok: false,
      reason: 'not_shared',
    });
    expect(await w.store.get(INCIDENT)).toBeUndefined();
    expect(await outboxEntries(w, 'aftercare:')).toEqual([]);
  });

  test('refused for a closed incident', async () => {
    await report(w, BRAM, INCIDENT);
    await w.incidentStore.update(INCIDENT, (current) =>
      current
        ? { ...current, status: 'closed', closedAt: current.updatedAt, revision: current.revision + 1 }
        : undefined,
    );
    expect(await w.service.start(MARIT, INCIDENT, managers)).toMatchObject({ ok: false, reason: 'closed' });
    expect(await w.store.get(INCIDENT)).toBeUndefined();
  });

  test('an unknown incident is not found; the refusal is audited with role unknown', async () => {
    expect(await w.service.start(MARIT, 'incident-9999', managers)).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    expect(await auditLines(w, 'aftercare.start', 'incident-9999')).toEqual([
      expect.objectContaining({ role: 'unknown', outcome: 'refused' }),
    ]);
  });
});

describe('open', () => {
  test('the manager opens as manager, the staff member as staff, both audited', async () => {
    await started(w);
    expect(await w.service.open(MARIT, INCIDENT, managers)).toMatchObject({ ok: true, role: 'manager' });
    expect(await w.service.open(BRAM, INCIDENT, managers)).toMatchObject({ ok: true, role: 'staff' });
    const reads = await auditLines(w, 'aftercare.read', INCIDENT);
    expect(reads.map((e) => [e.actorId, e.role, e.outcome])).toEqual([
      [MARIT.aadObjectId, 'manager', 'ok'],
      [BRAM.aadObjectId, 'staff', 'ok'],
    ]);
  });

  test('refused for a colleague and a manager of another team; unknown id not found', async () => {
    await started(w);
    expect(await w.service.open(CARLA, INCIDENT, managers)).toMatchObject({ ok: false, reason: 'refused' });
    expect(await w.service.open(OSCAR, INCIDENT, managers)).toMatchObject({ ok: false, reason: 'refused' });
    expect(await w.service.open(MARIT, 'incident-9999', managers)).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    const refusals = (await auditLines(w, 'aftercare.read')).filter((e) => e.outcome === 'refused');
    expect(refusals.map((e) => e.actorId)).toEqual([CARLA.aadObjectId, OSCAR.aadObjectId, MARIT.aadObjectId]);
  });

  test('a card opened in a chat is remembered and updated in place by a later change made elsewhere', async () => {
    await started(w);
    const place = {
      serviceUrl: 'https://smba.test/emea/',
      conversationId: 'a:bram-chat',
      activityId: 'act-1',
    };
    await w.service.open(BRAM, INCIDENT, managers, place);
    expect((await stored(w)).views).toEqual([{ ...place, aadObjectId: BRAM.aadObjectId, role: 'staff' }]);
    await w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers);
    const puts = await outboxEntries(w, `aftercare:${INCIDENT}:put:`);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.key.startsWith(`aftercare:${INCIDENT}:put:1:`)).toBe(true);
    expect(puts[0]).toMatchObject({
      target: { kind: 'activityPut', conversationId: 'a:bram-chat', activityId: 'act-1' },
      render: { card: 'aftercare', view: 'staff', viewerAadObjectId: BRAM.aadObjectId },
    });
  });
});

describe('changeItem', () => {
  test('a tick marks the item done by the manager, with a timeline line and an audit line', async () => {
    await started(w);
    w.clock.advance(3_600_000);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'tick', item: 'steungesprek' },
      managers,
    );
    expect(outcome).toMatchObject({ ok: true, status: 'done', closedNow: false });
    const checklist = await stored(w);
    expect(checklist.items.steungesprek).toMatchObject({
      status: 'done',
      changedAt: '2026-11-02T10:00:00.000Z',
      changedBy: { aadObjectId: MARIT.aadObjectId },
    });
    expect(checklist.items.mim?.status).toBe('open');
    expect(checklist.revision).toBe(1);
    expect(checklist.timeline.at(-1)).toMatchObject({ action: 'ticked', item: 'steungesprek' });
    expect(await auditLines(w, 'aftercare.tick', `${INCIDENT}/steungesprek`)).toEqual([
      expect.objectContaining({ actorId: MARIT.aadObjectId, role: 'manager', outcome: 'ok' }),
    ]);
  });

  test('a second tick of the same item is "already" and changes nothing', async () => {
    await started(w);
    await w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers);
    const again = await w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers);
    expect(statusOf(again)).toBe('already');
    expect((await stored(w)).revision).toBe(1);
    expect(await auditLines(w, 'aftercare.tick')).toHaveLength(1);
  });

  test('the staff member and a colleague may not change items; refusals are audited', async () => {
    await started(w);
    for (const actor of [BRAM, CARLA]) {
      const outcome = await w.service.changeItem(actor, INCIDENT, { kind: 'tick', item: 'mim' }, managers);
      expect(statusOf(outcome)).toBe('refused');
    }
    expect((await stored(w)).items.mim?.status).toBe('open');
    const lines = await auditLines(w, 'aftercare.tick');
    expect(lines.map((e) => [e.actorId, e.role, e.outcome])).toEqual([
      [BRAM.aadObjectId, 'staff', 'refused'],
      [CARLA.aadObjectId, 'unknown', 'refused'],
    ]);
  });

  test('not needed keeps the trimmed reason', async () => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'notNeeded', item: 'aangifte', reason: '  collega wil geen aangifte  ' },
      managers,
    );
    expect(statusOf(outcome)).toBe('done');
    expect((await stored(w)).items.aangifte).toMatchObject({
      status: 'not_needed',
      reason: 'collega wil geen aangifte',
    });
    expect(await auditLines(w, 'aftercare.not_needed', `${INCIDENT}/aangifte`)).toHaveLength(1);
  });

  test("a not-needed reason never reaches the outbox or the audit log (the staff member's card is updated)", async () => {
    await started(w);
    const place = {
      serviceUrl: 'https://smba.test/emea/',
      conversationId: 'a:bram-chat',
      activityId: 'act-1',
    };
    await w.service.open(BRAM, INCIDENT, managers, place);
    await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'notNeeded', item: 'aangifte', reason: 'geheime reden' },
      managers,
    );
    const entries = await outboxEntries(w, 'aftercare:');
    expect(entries.map((e) => e.render)).toContainEqual(expect.objectContaining({ view: 'staff' }));
    expect(JSON.stringify(entries)).not.toContain('geheime reden');
    expect(JSON.stringify(await w.storage.audit.readAll())).not.toContain('geheime reden');
  });

  test('not needed without a reason is invalid and changes nothing', async () => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'notNeeded', item: 'aangifte', reason: '   ' },
      managers,
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid', problem: 'reason' });
    const checklist = await stored(w);
    expect(checklist.items.aangifte?.status).toBe('open');
    expect(checklist.revision).toBe(0);
    expect(await auditLines(w, 'aftercare.not_needed')).toEqual([]);
  });

  test('reschedule to a later day sets the due date and marks it rescheduled', async () => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'steungesprek', date: '2026-11-20' },
      managers,
    );
    expect(statusOf(outcome)).toBe('done');
    expect((await stored(w)).items.steungesprek).toMatchObject({ dueDate: '2026-11-20', rescheduled: true });
    const same = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'steungesprek', date: '2026-11-20' },
      managers,
    );
    expect(statusOf(same)).toBe('already');
  });

  test.each([
    ['a day in the past', '2026-11-01'],
    ['more than 366 days ahead', '2027-11-04'],
    ['not a day', '20-11-2026'],
    ['an impossible day', '2026-02-30'],
  ])('reschedule to %s is invalid and changes nothing', async (_label, date) => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'steungesprek', date },
      managers,
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid', problem: 'date' });
    expect((await stored(w)).items.steungesprek).toMatchObject({ dueDate: '2026-11-05', rescheduled: false });
  });

  test('reschedule to today and to 366 days ahead are allowed', async () => {
    await started(w);
    const today = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'steungesprek', date: '2026-11-02' },
      managers,
    );
    const latest = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'mim', date: '2027-11-03' },
      managers,
    );
    expect([statusOf(today), statusOf(latest)]).toEqual(['done', 'done']);
    const checklist = await stored(w);
    expect([checklist.items.steungesprek?.dueDate, checklist.items.mim?.dueDate]).toEqual([
      '2026-11-02',
      '2027-11-03',
    ]);
  });

  test('an unknown item is not found', async () => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'tick', item: 'bestaat_niet' },
      managers,
    );
    expect(statusOf(outcome)).toBe('not_found');
    expect((await stored(w)).revision).toBe(0);
  });

  test('the offer-again item does not apply before a decline: ticking it is "already"', async () => {
    await started(w);
    const outcome = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'tick', item: 'opnieuw_aanbieden' },
      managers,
    );
    expect(statusOf(outcome)).toBe('already');
    expect((await stored(w)).items.opnieuw_aanbieden?.status).toBe('open');
  });

  test('settling the last item closes the checklist, the incident, and takes it off the team list', async () => {
    await started(w);
    const [last, ...rest] = APPLICABLE;
    for (const item of rest) {
      const outcome = await w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item }, managers);
      expect(outcome).toMatchObject({ ok: true, status: 'done', closedNow: false });
    }
    expect((await stored(w)).status).toBe('open');
    const closing = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'notNeeded', item: last ?? '', reason: 'niet van toepassing' },
      managers,
    );
    expect(closing).toMatchObject({ ok: true, status: 'done', closedNow: true });
    const checklist = await stored(w);
    expect(checklist).toMatchObject({ status: 'closed', closedAt: '2026-11-02T09:00:00.000Z' });
    expect(checklist.timeline.at(-1)?.action).toBe('closed');
    expect(await w.incidentStore.get(INCIDENT)).toMatchObject({
      status: 'closed',
      closedAt: checklist.closedAt,
    });
    expect(await w.store.openIdsOf(TEAM)).toEqual([]);
    expect(await w.store.index.entries(AFTERCARE_LISTS.staff)).toEqual([
      { owner: BRAM.aadObjectId, id: INCIDENT },
    ]);
    expect(await auditLines(w, 'aftercare.close', INCIDENT)).toHaveLength(1);
    expect(await auditLines(w, 'incident.close', INCIDENT)).toHaveLength(1);
    const after = await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'opnieuw_aanbieden', date: '2026-12-01' },
      managers,
    );
    expect(statusOf(after)).toBe('already');
  });
});

describe('respond', () => {
  test('the staff member declines: the offer-again item is due 14 days from today and the contact is told', async () => {
    await started(w);
    w.clock.set('2026-11-04T09:00:00Z');
    const outcome = await w.service.respond(BRAM, INCIDENT, 'declined');
    expect(statusOf(outcome)).toBe('done');
    const checklist = await stored(w);
    expect(checklist).toMatchObject({
      staffResponse: 'declined',
      declinedAt: '2026-11-04T09:00:00.000Z',
      revision: 1,
    });
    expect(checklist.items.opnieuw_aanbieden).toMatchObject({ status: 'open', dueDate: '2026-11-18' });
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:declined:`)).toEqual([
      expect.objectContaining({
        key: `aftercare:${INCIDENT}:declined:1`,
        target: expect.objectContaining({ kind: 'personal', aadObjectId: MARIT.aadObjectId, memberOf: TEAM }),
        render: expect.objectContaining({ view: 'declined', viewerAadObjectId: MARIT.aadObjectId }),
      }),
    ]);
    expect(await auditLines(w, 'aftercare.decline', INCIDENT)).toEqual([
      expect.objectContaining({ actorId: BRAM.aadObjectId, role: 'staff', outcome: 'ok' }),
    ]);
  });

  test('declining twice is "already"; accepting without a decline is "already"', async () => {
    await started(w);
    expect(statusOf(await w.service.respond(BRAM, INCIDENT, 'accepted'))).toBe('already');
    await w.service.respond(BRAM, INCIDENT, 'declined');
    expect(statusOf(await w.service.respond(BRAM, INCIDENT, 'declined'))).toBe('already');
    expect((await stored(w)).revision).toBe(1);
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:declined:`)).toHaveLength(1);
  });

  test('accepting after a decline settles the offer-again item', async () => {
    await started(w);
    await w.service.respond(BRAM, INCIDENT, 'declined');
    expect(statusOf(await w.service.respond(BRAM, INCIDENT, 'accepted'))).toBe('done');
    const checklist = await stored(w);
    expect(checklist.staffResponse).toBe('accepted');
    expect(checklist.items.opnieuw_aanbieden).toMatchObject({
      status: 'done',
      changedBy: { aadObjectId: BRAM.aadObjectId },
    });
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:accepted:`)).toHaveLength(1);
  });

  test('only the staff member may respond: the manager is refused and nothing changes', async () => {
    await started(w);
    expect(statusOf(await w.service.respond(MARIT, INCIDENT, 'declined'))).toBe('refused');
    expect((await stored(w)).staffResponse).toBe('informed');
    expect(await auditLines(w, 'aftercare.decline')).toEqual([
      expect.objectContaining({ actorId: MARIT.aadObjectId, outcome: 'refused' }),
    ]);
  });
});

describe('overview', () => {
  beforeEach(async () => {
    await started(w, 'incident-0001');
    // Carla's incident in the same team: shared, no aftercare yet.
    await report(w, CARLA, 'incident-0002');
    // An incident in the other team, with aftercare started by its manager.
    await report(w, BRAM, 'incident-0003', { teamId: OTHER_TEAM });
    await w.service.start(OSCAR, 'incident-0003', managers);
  });

  test("a manager sees their team's open checklists and startable incidents, never another team's", async () => {
    const overview = await w.service.overview(MARIT, managers);
    expect(overview.managed.map((c) => c.id)).toEqual(['incident-0001']);
    expect(overview.own).toEqual([]);
    expect(overview.startable.map((i) => i.id)).toEqual(['incident-0002']);
    const listed = await auditLines(w, 'aftercare.list');
    expect(listed.map((e) => [e.objectId, e.role])).toEqual([['incident-0001', 'manager']]);
  });

  test('the staff member sees only their own checklists', async () => {
    const overview = await w.service.overview(BRAM, managers);
    expect(overview.managed).toEqual([]);
    expect(overview.startable).toEqual([]);
    expect(overview.own.map((c) => c.id).sort()).toEqual(['incident-0001', 'incident-0003']);
  });

  test('a colleague sees nothing of anyone else', async () => {
    expect(await w.service.overview(CARLA, managers)).toEqual({ managed: [], own: [], startable: [] });
    expect(await auditLines(w, 'aftercare.list')).toEqual([]);
  });
});

describe('reminders', () => {
  test('nothing due: no claim, no outbox entry', async () => {
    await started(w);
    w.clock.set('2026-11-04T09:00:00Z');
    expect(await w.reminders.remindDue()).toBe(0);
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`)).toEqual([]);
  });

  test('items due today: one reminder to the owning manager, marked reminded, audited per item', async () => {
    await started(w);
    w.clock.set('2026-11-05T09:00:00Z');
    expect(await w.reminders.remindDue()).toBe(1);
    const entries = await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      key: `aftercare:${INCIDENT}:reminder:2026-11-05:1:${MARIT.aadObjectId}`,
      target: { kind: 'personal', aadObjectId: MARIT.aadObjectId, userId: MARIT.userId, memberOf: TEAM },
      render: { card: 'aftercare', view: 'reminder', viewerAadObjectId: MARIT.aadObjectId },
    });
    const render = entries[0]?.render;
    expect(render && 'items' in render ? [...(render.items ?? [])].sort() : []).toEqual([
      'mim',
      'steungesprek',
    ]);
    const checklist = await stored(w);
    expect(checklist.items.steungesprek?.remindedOn).toBe('2026-11-05');
    expect(checklist.items.aangifte?.remindedOn).toBeUndefined();
    expect(checklist.pendingReminders).toEqual([]);
    expect((await auditLines(w, 'aftercare.remind')).map((e) => e.objectId).sort()).toEqual([
      `${INCIDENT}/mim`,
      `${INCIDENT}/steungesprek`,
    ]);
  });

  test('not twice on the same day; again on the next day', async () => {
    await started(w);
    w.clock.set('2026-11-05T09:00:00Z');
    await w.reminders.remindDue();
    w.clock.set('2026-11-05T14:00:00Z');
    expect(await w.reminders.remindDue()).toBe(0);
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`)).toHaveLength(1);
    w.clock.set('2026-11-06T08:00:00Z');
    expect(await w.reminders.remindDue()).toBe(1);
    const keys = (await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`)).map((e) => e.key);
    expect(keys.map((k) => k.split(':')[3])).toEqual(['2026-11-05', '2026-11-06']);
  });

  test('none outside office hours (Amsterdam time)', async () => {
    await started(w);
    // 07:30 and 17:00 in Amsterdam: before and at closing time.
    for (const at of ['2026-11-05T06:30:00Z', '2026-11-05T16:00:00Z', '2026-11-05T22:00:00Z']) {
      w.clock.set(at);
      expect(await w.reminders.remindDue()).toBe(0);
    }
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`)).toEqual([]);
    expect((await stored(w)).items.steungesprek?.remindedOn).toBeUndefined();
  });

  test('done and rescheduled items are not reminded', async () => {
    await started(w);
    await w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'steungesprek' }, managers);
    await w.service.changeItem(
      MARIT,
      INCIDENT,
      { kind: 'reschedule', item: 'mim', date: '2026-11-10' },
      managers,
    );
    w.clock.set('2026-11-05T09:00:00Z');
    expect(await w.reminders.remindDue()).toBe(0);
    expect(await outboxEntries(w, `aftercare:${INCIDENT}:reminder:`)).toEqual([]);
  });
});

describe('concurrency on the memory store', () => {
  test('two concurrent ticks of the same item record one change', async () => {
    w = await aftercareWorld({ pauseBeforeWriteMs: 30 });
    await started(w);
    const upload = jest.spyOn(w.storage.container('records'), 'upload');
    const outcomes = await Promise.all([
      w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers),
      w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers),
    ]);
    expect(outcomes.map(statusOf).sort()).toEqual(['already', 'done']);
    // The loser's write met the winner's ETag (412) and was retried on the stored value.
    expect(upload.mock.results.filter((r) => r.type === 'throw').length).toBeGreaterThan(0);
    upload.mockRestore();
    const checklist = await stored(w);
    expect(checklist.revision).toBe(1);
    expect(checklist.timeline.filter((l) => l.action === 'ticked')).toHaveLength(1);
    expect(await auditLines(w, 'aftercare.tick')).toHaveLength(1);
  });

  test('concurrent ticks of different items both survive', async () => {
    w = await aftercareWorld({ pauseBeforeWriteMs: 30 });
    await started(w);
    await Promise.all([
      w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'mim' }, managers),
      w.service.changeItem(MARIT, INCIDENT, { kind: 'tick', item: 'aangifte' }, managers),
    ]);
    const checklist = await stored(w);
    expect([checklist.items.mim?.status, checklist.items.aangifte?.status]).toEqual(['done', 'done']);
    expect(checklist.revision).toBe(2);
  });
});
