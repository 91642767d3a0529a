import { z } from 'zod';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { escalationRecordSchema } from '../../src/escalation/escalationRecord';
import type { AuditEntry } from '../../src/storage/auditLog';
import type { ConnectorCall } from '../support/connector';
import { useMemoryStorage } from '../support/harness';
import type { TestUser } from '../support/teams';
import {
  ACTOR_USERS,
  CANARY,
  OTHER_TENANT,
  P,
  PERSONAL,
  TEAM_A,
  TEAM_A_KOFFIE,
  TEAM_B,
  conversationOfCall,
  noticeThread,
  personalId,
  shownText,
  startWorld,
  stateBlobOf,
  type BlobListing,
  type Place,
  type World,
} from './accessWorld';
import {
  ACTORS,
  ADMIN_ONLY,
  NOBODY_ELSE,
  OPEN,
  PROTECTED,
  type Actor,
  type Grantee,
  type Outsider,
  type ProtectedRow,
} from './matrix';

/*
 * Issue 7, "Access": every protected action and record read of matrix.ts, tried by every actor, against one running
 * Baken on memory storage (a loopback connector stands in for Teams; the world is built through the protocol in
 * accessWorld.ts). Order matters, as the tests share that world: first everything that must change nothing
 * (refusals, another tenant, verbs pressed in a channel, the open verbs and commands, reads refused even to a
 * manager or an admin, the other grantee), then the positive controls (the team's manager and the reporter
 * succeed), which change the records last. Each attempt compares every blob's ETag before and after, reads the
 * audit entries appended meanwhile, and sees every call Baken made to the connector.
 */

const storage = useMemoryStorage();
let w: World;

beforeAll(async () => {
  w = await startWorld(storage.get());
}, 30_000);
afterAll(async () => {
  await w?.stop();
});

const GRANTEES: Record<Grantee, TestUser> = { teamManager: P.anna, reporter: P.bram };

/** The row's button data or typed text for this presser, placeholders filled in. */
function payloadOf(
  send: ProtectedRow['send'],
  presser: TestUser,
): { text: string } | { data: Record<string, unknown> } {
  if (typeof send === 'string') return { text: send };
  const fill: Record<string, string> = {
    $escalation: w.escalationId,
    $clientEscalation: w.clientEscalationId,
    $incident: w.incidentId,
    $checklist: w.incidentId,
    $evidence: w.evidenceId,
    $teamA: TEAM_A.id,
    $self: presser.aadObjectId,
    $teamManager: P.anna.aadObjectId,
    $staffSameTeam: P.carla.aadObjectId,
    $managerWhoLeft: P.olga.aadObjectId,
    $unsharedIncident: w.unshared.incidentId,
    $unsharedEvidence: w.unshared.evidenceId,
  };
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(send))
    data[key] = typeof value === 'string' && value in fill ? fill[value] : value;
  return { data };
}

function placeOf(row: ProtectedRow): Place {
  if (row.where === 'noticeThread') return noticeThread(w);
  if (row.where === 'teamChannel') return TEAM_A_KOFFIE;
  return PERSONAL;
}

/** What one attempt did: the answer, the calls at the connector, new audit entries, blobs changed. */
interface Attempt {
  status: number;
  /** The status of each activity, when several were sent. */
  statuses: number[];
  body: unknown;
  calls: ConnectorCall[];
  audit: AuditEntry[];
  /** "kind/name" of blobs added, changed or removed. */
  changed: string[];
  /** Everything shown: the invoke answer and every activity posted during the attempt. */
  seen: string;
  /** The same, as raw JSON (for ids on buttons). */
  raw: string;
}

type Payload = { text: string } | { data: Record<string, unknown> };

/** The blob listing after the last attempt; cleared whenever the test changes storage outside an attempt. */
let lastListing: BlobListing | undefined;

async function attempt(
  presser: TestUser,
  place: Place,
  payload: Payload | Payload[],
  tenant?: string,
): Promise<Attempt> {
  // The listing after the previous attempt stands for "before", unless something was sent outside an attempt.
  const before = lastListing ?? (await w.blobs());
  const callsBefore = w.baken.connector.calls.length;
  const answers: Array<{ status: number; body: unknown }> = [];
  for (const one of Array.isArray(payload) ? payload : [payload])
    answers.push(await w.send(presser, place, one, tenant));
  let after = await w.blobs();
  const differs = (k: string) => before[k]?.etag !== after[k]?.etag;
  if (Object.keys(after).some((k) => k.startsWith('outbox/') && differs(k))) {
    // Something was recorded for delivery: deliver it, so the test sees where it goes.
    await w.settle();
    after = await w.blobs();
  }
  const calls = w.baken.connector.calls.slice(callsBefore);
  const audit = await w.auditBetween(before, after);
  const changed = [
    ...Object.keys(after).filter((k) => before[k]?.etag !== after[k]?.etag),
    ...Object.keys(before).filter((k) => !(k in after)),
  ];
  const posted = calls.filter((c) => c.method === 'POST').map((c) => c.body);
  lastListing = after;
  const bodies = answers.map((r) => r.body);
  return {
    status: answers[0]?.status ?? 0,
    statuses: answers.map((r) => r.status),
    body: bodies[0],
    calls,
    audit,
    changed,
    seen: [...bodies, ...posted].map(shownText).join('\n'),
    raw: JSON.stringify([bodies, posted]),
  };
}

/** The 1:1 conversations the outbox sent to the presser during the attempt (from the outbox entries it changed). */
async function outboxConversationsOf(a: Attempt, presser: TestUser): Promise<Set<string>> {
  const found = new Set<string>();
  for (const key of a.changed.filter((k) => k.startsWith('outbox/'))) {
    const entry = (await w.baken.app.storage.outbox.read(key.slice('outbox/'.length), outboxEntrySchema))
      ?.value;
    if (entry?.target.kind === 'personal' && entry.target.aadObjectId === presser.aadObjectId && entry.result)
      found.add(entry.result.conversationId);
  }
  return found;
}

/** Every send during the attempt went only to the presser, 1:1: no channel post, no update of a shared card. */
async function expectOnlyToPresser(a: Attempt, presser: TestUser): Promise<void> {
  const own = new Set([personalId(presser), ...(await outboxConversationsOf(a, presser))]);
  for (const call of a.calls.filter((c) => c.method !== 'GET')) {
    const path = call.path.split('?')[0] ?? '';
    if (call.method === 'POST' && path === '/v3/conversations') {
      // A new 1:1 conversation with the presser only; never a channel thread.
      const members = (call.body.members ?? []) as Array<{ id?: string }>;
      const channelData = call.body.channelData as { channel?: unknown } | undefined;
      expect({ channel: channelData?.channel, isGroup: Boolean(call.body.isGroup) }).toEqual({
        channel: undefined,
        isGroup: false,
      });
      expect(members.map((m) => m.id)).toEqual([presser.id]);
      continue;
    }
    expect({ method: call.method, to: conversationOfCall(call) }).toEqual({
      method: 'POST',
      to: expect.any(String),
    });
    expect(own).toContain(conversationOfCall(call));
  }
}

/** No record, team, evidence or escalation changed; only the audit log, the presser's own 1:1 state, and 1:1 refusals. */
async function expectNothingChanged(a: Attempt, presser: TestUser): Promise<void> {
  for (const key of a.changed) {
    const [kind, ...rest] = key.split('/');
    const name = rest.join('/');
    if (kind === 'audit') continue;
    if (kind === 'state') {
      expect(name).toBe(stateBlobOf(personalId(presser)));
      continue;
    }
    if (kind === 'outbox') {
      const entry = (await w.baken.app.storage.outbox.read(name, outboxEntrySchema))?.value;
      expect({ key: entry?.key.split(':')[0], target: entry?.target }).toEqual({
        key: 'refusal',
        target: expect.objectContaining({ kind: 'personal', aadObjectId: presser.aadObjectId }),
      });
      continue;
    }
    throw new Error(`${key} changed`);
  }
}

/** Nothing of the incident or the escalation details shows: no free text, no reporter, no screenshot, no link. */
function expectNoLeak(a: Attempt): void {
  expect(a.seen).not.toContain(CANARY);
  expect(a.seen).not.toContain(P.dirk.name);
  expect(a.raw).not.toContain(w.unshared.incidentId);
  expect(a.seen).not.toContain(P.bram.name);
  expect(a.seen).not.toContain('Details van de melding');
  expect(a.seen).not.toContain('Tijdlijn van de melding');
  expect(a.raw).not.toContain('data:image');
  expect(a.raw).not.toContain('/evidence/');
  expect(a.raw).not.toContain(w.incidentId);
}

function cellsOf(kind: 'REFUSED' | 'NOT_SERVED' | 'OWN_TEAM_ONLY'): Array<[string, ProtectedRow, Actor]> {
  const cells: Array<[string, ProtectedRow, Actor]> = [];
  for (const row of PROTECTED) {
    for (const actor of ACTORS) {
      if (row.cells[actor] === kind) cells.push([`${row.name} (${row.where}) by ${actor}`, row, actor]);
    }
  }
  return cells;
}

describe('access matrix: refused', () => {
  it.each(cellsOf('REFUSED'))(
    '%s: refused, only to them, nothing changed, audited',
    async (_, row, actor) => {
      const presser = ACTOR_USERS[actor];
      const a = await attempt(presser, placeOf(row), payloadOf(row.send, presser));
      expect(a.status).toBe(200);
      expect(a.seen).toContain(row.refusal);
      await expectOnlyToPresser(a, presser);
      await expectNothingChanged(a, presser);
      expectNoLeak(a);
      // Audited: every new entry is the presser's, refused; the row's action among them.
      expect(a.audit.length).toBeGreaterThan(0);
      for (const entry of a.audit) {
        expect({ actor: entry.actorId, outcome: entry.outcome }).toEqual({
          actor: presser.aadObjectId,
          outcome: 'refused',
        });
      }
      expect(a.audit.map((e) => e.action)).toContain(row.auditRefused);
    },
  );
});

describe('access matrix: another tenant is never served', () => {
  it.each(cellsOf('NOT_SERVED'))('%s: not served at all', async (_, row, actor) => {
    const presser = ACTOR_USERS[actor];
    const payload = payloadOf(row.send, presser);
    const a = await attempt(presser, placeOf(row), payload, OTHER_TENANT);
    expect(a.status).toBe('data' in payload ? 403 : 200);
    expect(a.calls).toEqual([]);
    expect(a.changed).toEqual([]);
    expect(a.audit).toEqual([]);
  });

  it('every open verb and command from another tenant: not served at all', async () => {
    const payloads: Payload[] = OPEN.map((open) =>
      open.kind === 'verb'
        ? { data: { action: open.name, ref: w.bramRun.runId, value: 'grooming' } }
        : { text: COMMAND_TEXT[open.name] ?? open.name },
    );
    const a = await attempt(P.anna, PERSONAL, payloads, OTHER_TENANT);
    expect(a.statuses).toEqual(payloads.map((p) => ('data' in p ? 403 : 200)));
    expect(a.calls).toEqual([]);
    expect(a.changed).toEqual([]);
  });
});

describe("access matrix: a 1:1 command acts only on the presser's own team", () => {
  it.each(cellsOf('OWN_TEAM_ONLY'))('%s', async (_, row, actor) => {
    const presser = ACTOR_USERS[actor];
    const teamBefore = await w.teams.get(TEAM_A.id);
    const a = await attempt(presser, placeOf(row), payloadOf(row.send, presser));
    expect(a.status).toBe(200);
    await expectOnlyToPresser(a, presser);
    expect(a.seen).toContain(TEAM_B.name);
    expect(a.seen).not.toContain(TEAM_A.name);
    expect(a.seen).not.toContain(P.carla.name);
    expectNoLeak(a);
    expect(await w.teams.get(TEAM_A.id)).toEqual(teamBefore);
    for (const key of a.changed) {
      const [kind, ...rest] = key.split('/');
      expect(['audit', 'state', 'outbox', 'escalations']).toContain(kind);
      if (kind === 'escalations') {
        const created = await w.baken.app.storage.escalations.read(rest.join('/'), escalationRecordSchema);
        expect(created?.value.teamId).toBe(TEAM_B.id);
      }
    }
    expect(a.audit.filter((e) => e.teamId === TEAM_A.id)).toEqual([]);
  });
});

/** A typed text for each command kind. */
const COMMAND_TEXT: Record<string, string> = {
  menu: 'menu',
  stop: 'stop',
  resume: 'verder',
  startFlow: 'tips',
  myIncidents: 'mijn meldingen',
  aftercare: 'nazorg',
  unknown: 'wat is dit',
  setEscalationChannel: 'meldkanaal',
  testEscalation: 'testmelding',
  managers: 'managers',
};

describe('any card verb pressed in the channel by staff is answered only to them', () => {
  // Only escalation buttons belong in a channel; every other verb must still never post for the whole channel.
  const verbs = [...new Set([...PROTECTED, ...OPEN].filter((e) => e.kind === 'verb').map((e) => e.name))];

  it.each(verbs)('%s', async (verb) => {
    const [part] = verb.split('.');
    const ref =
      part === 'escalation'
        ? w.escalationId
        : part === 'team'
          ? TEAM_A.id
          : part === 'flow'
            ? w.bramRun.runId
            : w.incidentId;
    const value = part === 'team' ? P.carla.aadObjectId : part === 'incident' ? w.evidenceId : 'steungesprek';
    const a = await attempt(P.carla, noticeThread(w), { data: { action: verb, ref, value } });
    expect(a.status).toBe(200);
    await expectOnlyToPresser(a, P.carla);
    await expectNothingChanged(a, P.carla);
    expectNoLeak(a);
    expect(a.audit.filter((e) => e.outcome !== 'refused')).toEqual([]);
  });
});

describe("open verbs and commands stay within what is the presser's own", () => {
  const FLOW_VERBS = OPEN.filter((o) => o.kind === 'verb' && o.name.startsWith('flow.')).map((o) => o.name);

  it.each([
    ['Carla, with no flow open', P.carla, false],
    ['Sem, with a grooming check of his own open', P.sem, true],
  ] as const)(
    "flow.* with Bram's runId, pressed by %s, does nothing to Bram's run",
    async (_, presser, ownRun) => {
      if (ownRun) {
        await w.send(presser, PERSONAL, { data: { action: 'flow.start', value: 'grooming' } });
        lastListing = undefined;
      }
      const a = await attempt(
        presser,
        PERSONAL,
        FLOW_VERBS.map((verb) => ({
          data: {
            action: verb,
            ref: w.bramRun.runId,
            step: w.bramRun.step,
            version: w.bramRun.version,
            value: 'ja',
            urgency: 'hoog',
          },
        })),
      );
      expect(a.statuses).toEqual(FLOW_VERBS.map(() => 200));
      // Only the presser's own 1:1 state may change: not Bram's, no escalation, no record.
      expect(a.changed).toEqual(a.changed.filter((k) => k === `state/${stateBlobOf(personalId(presser))}`));
      await expectOnlyToPresser(a, presser);
      expect(a.audit).toEqual([]);
    },
  );

  it("menu.open and the open commands touch nothing but the presser's own 1:1 state", async () => {
    for (const presser of [P.carla, P.mila, P.gijs]) {
      const tries: Payload[] = [
        { data: { action: 'menu.open' } },
        ...['menu', 'stop', 'resume', 'startFlow', 'unknown'].map((k) => ({ text: COMMAND_TEXT[k] ?? k })),
      ];
      const a = await attempt(presser, PERSONAL, tries);
      expect(a.statuses).toEqual(tries.map(() => 200));
      expect(a.changed).toEqual(a.changed.filter((k) => k === `state/${stateBlobOf(personalId(presser))}`));
      await expectOnlyToPresser(a, presser);
      expect(a.audit).toEqual([]);
    }
  });

  it.each([
    ['staff of another team', P.sem, TEAM_A.id],
    ['a manager of another team', P.mila, TEAM_A.id],
    ['a manager who left', P.olga, TEAM_A.id],
    ['a guest', P.gijs, TEAM_A.id],
    ['staff of team A choosing team B', P.carla, TEAM_B.id],
  ] as const)('team.choose by %s of a team they are not on is not remembered', async (_, presser, teamId) => {
    const a = await attempt(presser, PERSONAL, { data: { action: 'team.choose', value: teamId } });
    expect(a.status).toBe(200);
    expect(a.seen).toContain('Deze melding bestaat niet meer');
    const state = await w.baken.app.storage.state.read(
      stateBlobOf(personalId(presser)),
      z.looseObject({ escalationTeamId: z.string().optional() }),
    );
    expect(state?.value.escalationTeamId).toBeUndefined();
    await expectNothingChanged(a, presser);
  });

  it.each(
    ACTORS.filter((actor) => actor !== 'otherTenant').flatMap((actor) => [
      [actor, 'incident.list', { data: { action: 'incident.list' } }] as const,
      [actor, 'mijn meldingen', { text: 'mijn meldingen' }] as const,
      [actor, 'aftercare.list', { data: { action: 'aftercare.list' } }] as const,
      [actor, 'nazorg', { text: 'nazorg' }] as const,
      [actor, 'nazorg bram', { text: 'nazorg bram' }] as const,
    ]),
  )("%s: %s shows nothing of Bram's incident or aftercare", async (actor, _, payload) => {
    const presser = ACTOR_USERS[actor];
    const a = await attempt(presser, PERSONAL, payload);
    expect(a.status).toBe(200);
    expectNoLeak(a);
    await expectOnlyToPresser(a, presser);
    expect(a.audit.filter((e) => e.objectId.startsWith(w.incidentId))).toEqual([]);
  });

  it.each([
    ['mijn meldingen', 'incident.list'],
    ['nazorg', 'aftercare.list'],
  ])('control: the team\'s manager does see Bram\'s incident in "%s"', async (text, action) => {
    const a = await attempt(P.anna, PERSONAL, { text });
    expect(a.raw).toContain(w.incidentId);
    expect(a.seen).toContain(P.bram.name);
    // Dirk did not share his incident: not even his manager sees it listed.
    expect(a.raw).not.toContain(w.unshared.incidentId);
    expect(a.seen).not.toContain(P.dirk.name);
    expect(a.audit).toContainEqual(
      expect.objectContaining({ actorId: P.anna.aadObjectId, action, outcome: 'ok' }),
    );
  });
});

describe('nobody else reads an incident: not the manager before consent, never an admin', () => {
  const who: Record<Outsider, TestUser> = { teamManager: P.anna, admin: P.admin };

  it.each(
    NOBODY_ELSE.map(
      (row) => [`${String(row.send.action)} ${String(row.send.ref)} by the ${row.by}`, row] as const,
    ),
  )('%s: refused, nothing changed, audited', async (_, row) => {
    const presser = who[row.by];
    const a = await attempt(presser, PERSONAL, payloadOf(row.send, presser));
    expect(a.status).toBe(200);
    expect(a.seen).toContain(row.refusal);
    await expectOnlyToPresser(a, presser);
    await expectNothingChanged(a, presser);
    expect(a.seen).not.toContain(P.dirk.name);
    expect(a.raw).not.toContain('data:image');
    expect(a.raw).not.toContain('/evidence/');
    expect(a.audit).toContainEqual(
      expect.objectContaining({ actorId: presser.aadObjectId, action: row.auditRefused, outcome: 'refused' }),
    );
  });
});

describe('admin-only commands: everyone else gets the answer to unknown text', () => {
  const others: Array<[string, TestUser]> = [
    ...ACTORS.filter((actor) => actor !== 'otherTenant').map(
      (actor) => [actor, ACTOR_USERS[actor]] as [string, TestUser],
    ),
    ['teamManager', P.anna],
    ['reporter', P.bram],
  ];
  const cells = ADMIN_ONLY.flatMap((entry) =>
    others.map(([who, user]) => [`${entry.name} by ${who}`, entry, user] as const),
  );

  it.each(cells)('%s: not understood, nothing shown, nothing changed', async (_, entry, presser) => {
    const a = await attempt(presser, PERSONAL, { text: entry.send });
    expect(a.status).toBe(200);
    expect(entry.answer.filter((answer) => a.seen.includes(answer))).toHaveLength(1);
    expect(a.seen).not.toContain(entry.granted);
    await expectOnlyToPresser(a, presser);
    await expectNothingChanged(a, presser);
    expect(a.audit).toEqual([]);
  });

  it.each(ADMIN_ONLY.map((entry) => [entry.name, entry] as const))(
    "%s from another tenant (with the admin's ids): not served",
    async (_, entry) => {
      const a = await attempt(P.admin, PERSONAL, { text: entry.send }, OTHER_TENANT);
      expect(a.status).toBe(200);
      expect(a.calls).toEqual([]);
      expect(a.changed).toEqual([]);
      expect(a.audit).toEqual([]);
    },
  );

  it.each(ADMIN_ONLY.map((entry) => [entry.name, entry] as const))(
    'control: %s by an admin (ADMIN_IDS), in their 1:1 chat',
    async (_, entry) => {
      const a = await attempt(P.admin, PERSONAL, { text: entry.send });
      expect(a.status).toBe(200);
      expect(a.seen).toContain(entry.granted);
      for (const answer of entry.answer) expect(a.seen).not.toContain(answer);
      await expectOnlyToPresser(a, P.admin);
      expectNoLeak(a);
    },
  );
});

describe('the other grantee is refused too (a manager never changes an incident; a reporter never picks up their own)', () => {
  const cells = PROTECTED.flatMap((row) =>
    (row.alsoRefused ?? []).map((r) => [`${row.name} (${row.where}) by the ${r.by}`, row, r] as const),
  );

  it.each(cells)('%s: refused, only to them, nothing changed, audited', async (_, row, refused) => {
    const presser = GRANTEES[refused.by];
    const a = await attempt(presser, placeOf(row), payloadOf(row.send, presser));
    expect(a.status).toBe(200);
    expect(a.seen).toContain(refused.refusal);
    expect(a.seen).not.toContain(row.granted);
    await expectOnlyToPresser(a, presser);
    await expectNothingChanged(a, presser);
    expect(a.audit).toContainEqual(
      expect.objectContaining({
        actorId: presser.aadObjectId,
        action: refused.auditRefused,
        outcome: 'refused',
      }),
    );
  });
});

describe("positive controls: the team's manager and the reporter succeed", () => {
  const controls = PROTECTED.flatMap((row) =>
    row.allowed.map((grantee) => [`${row.name} (${row.where}) by the ${grantee}`, row, grantee] as const),
  );

  it.each(controls)('%s', async (_, row, grantee) => {
    const presser = GRANTEES[grantee];
    const a = await attempt(presser, placeOf(row), payloadOf(row.controlSend ?? row.send, presser));
    expect(a.status).toBe(200);
    expect(a.seen).toContain(row.granted);
    expect(a.seen).not.toContain(row.refusal);
    expect(a.audit).toContainEqual(
      expect.objectContaining({ actorId: presser.aadObjectId, action: row.auditGranted, outcome: 'ok' }),
    );
    expect(a.audit.filter((e) => e.outcome === 'refused')).toEqual([]);
    if (row.name === 'escalation.details') expect(a.seen).toContain(CANARY);
    if (row.name === 'incident.link') {
      const link = /(http:\/\/127\.0\.0\.1:\d+\/evidence\/[A-Za-z0-9_-]+)/.exec(a.seen)?.[1];
      expect((await fetch(link ?? 'http://127.0.0.1:1/')).status).toBe(200);
      lastListing = undefined; // redeeming the link marks it used
    }
  });

  it('a guessed evidence link serves nothing', async () => {
    const res = await fetch(`${w.baken.url}/evidence/${'A'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
