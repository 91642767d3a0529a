import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { incidentDocName, incidentRecordSchema } from '../../src/incidents/incidentRecord';
import type { AuditEntry } from '../../src/storage/auditLog';
import { CONTAINER_KINDS } from '../../src/storage/storage';
import { TeamStore } from '../../src/teams/teamStore';
import { AttachmentServer } from '../support/attachmentServer';
import { buttonsOf, cardText } from '../support/cardWalk';
import type { ConnectorCall, RosterMember } from '../support/connector';
import { isMemory, startTestBaken, type TestBaken, type TestStorage } from '../support/harness';
import { walkFlow } from '../support/flowWalker';
import { PNG_1PX, PersonalDriver, inlineImage } from '../support/incidentDriver';
import { rawBlobsOf } from '../support/rawBlobs';
import { BOT, MELDINGEN_ID, TEAM_ID, TENANT, user, type TestUser } from '../support/teams';
import type { Actor } from './matrix';

/** Team A ("Team De Linde"): the team whose records every actor tries to reach. */
export const TEAM_A = { id: TEAM_ID, name: 'Team De Linde' };
/** Team B ("Team De Eik"): the other team. */
export const TEAM_B = { id: '19:eik-general@thread.tacv2', name: 'Team De Eik' };
/** A channel of team A that is not its escalation channel (where "@Baken meldkanaal" is tried). */
export const KOFFIE_ID = '19:linde-koffie@thread.tacv2';
/** A tenant Baken does not serve. */
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
/** Typed into the incident's free-text fields; must never reach anyone refused. */
export const CANARY = 'KANARIE-7Q';

/** The people. */
export const P = {
  /** Manager of team A (positive control). */
  anna: user('anna', 'Anna de Vries'),
  /** Staff of team A who reports the incident (positive control for reporter-only actions). */
  bram: user('bram', 'Bram Bakker'),
  carla: user('carla', 'Carla Collega'),
  sem: user('sem', 'Sem Smit'),
  mila: user('mila', 'Mila Meijer'),
  olga: user('olga', 'Olga Oud'),
  gijs: user('gijs', 'Gijs Gast'),
  /** Staff of team A with an incident they did not share with the managers. */
  dirk: user('dirk', 'Dirk Dekker'),
  admin: user('admin', 'Ada Beheer'),
};

/** Who plays each actor of the matrix (otherTenant carries Anna's ids, from a tenant Baken does not serve). */
export const ACTOR_USERS: Record<Actor, TestUser> = {
  staffSameTeam: P.carla,
  staffOtherTeam: P.sem,
  managerOtherTeam: P.mila,
  managerWhoLeft: P.olga,
  guest: P.gijs,
  otherTenant: P.anna,
};

function member(u: TestUser, userRole: 'user' | 'guest' = 'user'): RosterMember {
  return { id: u.id, aadObjectId: u.aadObjectId, name: u.name, userRole };
}

/** Where an activity is sent from. */
export type Place =
  | { kind: 'personal' }
  | { kind: 'channel'; teamId: string; teamName: string; channelId: string; conversationId?: string };

/** One activity as Teams sends it, from a user in a place, in a tenant. */
export function activityOf(
  serviceUrl: string,
  from: TestUser,
  place: Place,
  tenant: string,
  payload: { text: string } | { data: Record<string, unknown> },
): Record<string, unknown> {
  const conversation =
    place.kind === 'personal'
      ? { conversationType: 'personal', id: personalId(from), tenantId: tenant }
      : {
          conversationType: 'channel',
          id: place.conversationId ?? place.channelId,
          isGroup: true,
          tenantId: tenant,
        };
  const channelData =
    place.kind === 'personal'
      ? { tenant: { id: tenant } }
      : {
          team: { id: place.teamId, name: place.teamName },
          channel: { id: place.channelId },
          tenant: { id: tenant },
        };
  const base = {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation,
    channelData,
    locale: 'nl-NL',
  };
  if ('text' in payload) {
    if (place.kind === 'personal') return { ...base, type: 'message', text: payload.text };
    return {
      ...base,
      type: 'message',
      text: `<at>Baken</at> ${payload.text}`,
      entities: [{ type: 'mention', mentioned: BOT, text: '<at>Baken</at>' }],
    };
  }
  const { action, ...rest } = payload.data;
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'act-card',
    value: { action: { type: 'Action.Execute', verb: action, data: { action, ...rest } }, trigger: 'manual' },
  };
}

/** The id of a user's 1:1 conversation with the bot. */
export function personalId(u: TestUser): string {
  return `a:personal-${u.aadObjectId}`;
}

/** The blob name of a conversation's bot state (botbuilder key, made blob-safe as BotStateStorage does). */
export function stateBlobOf(conversationId: string): string {
  return `${encodeURIComponent(`msteams/conversations/${conversationId}/`)}.json`;
}

/** ETag and size of every blob, by "kind/name". */
export type BlobListing = Record<string, { etag: string; size: number }>;

/** The running world: Baken on its storage (Azurite or memory), two teams, an incident with a screenshot, its escalation in the channel. */
export interface World {
  baken: TestBaken;
  clock: FakeClock;
  teams: TeamStore;
  /** The Azurite connection string (undefined on memory storage). */
  connectionString: string | undefined;
  attachments: AttachmentServer;
  /** The incident Bram reported (shared with the managers by consent). */
  incidentId: string;
  /** Its screenshot. */
  evidenceId: string;
  /** An incident of Dirk (team A) with a screenshot, never shared with the managers. */
  unshared: { incidentId: string; evidenceId: string };
  /** The escalation the consent made, posted in team A's escalation channel. */
  escalationId: string;
  /** Carla's grooming escalation (a client escalation: the Meldcode walk). */
  clientEscalationId: string;
  /** The channel thread of that notice. */
  noticeConversationId: string;
  /** Bram's open (unfinished) grooming run, for the flow.* checks. */
  bramRun: { runId: string; step: number; version: number };
  /** Sends an activity; answers with status and body. */
  send(
    from: TestUser,
    place: Place,
    payload: { text: string } | { data: Record<string, unknown> },
    tenant?: string,
  ): Promise<{ status: number; body: unknown }>;
  /** One background pass: due reminders, then due deliveries. */
  settle(): Promise<void>;
  /** Every audit entry. */
  audit(): Promise<AuditEntry[]>;
  /** ETag and size of every blob, by "kind/name". */
  blobs(): Promise<BlobListing>;
  /** The audit entries appended between two listings (read from where each audit blob ended before). */
  auditBetween(before: BlobListing, after: BlobListing): Promise<AuditEntry[]>;
  stop(): Promise<void>;
}

/** The place of the notice thread, and of team channels. */
export function noticeThread(world: Pick<World, 'noticeConversationId'>): Place {
  return {
    kind: 'channel',
    teamId: TEAM_A.id,
    teamName: TEAM_A.name,
    channelId: MELDINGEN_ID,
    conversationId: world.noticeConversationId,
  };
}
export const TEAM_A_KOFFIE: Place = {
  kind: 'channel',
  teamId: TEAM_A.id,
  teamName: TEAM_A.name,
  channelId: KOFFIE_ID,
};
export const TEAM_A_MELDINGEN: Place = {
  kind: 'channel',
  teamId: TEAM_A.id,
  teamName: TEAM_A.name,
  channelId: MELDINGEN_ID,
};
export const PERSONAL: Place = { kind: 'personal' };

/**
 * Starts the world of the access matrix on one Baken (served tenant TENANT only) and builds it through the
 * protocol, as Teams would: both teams installed, managers appointed, the escalation channel set, Bram's incident
 * with a screenshot shared with his managers, the escalation notice delivered in the channel.
 */
export async function startWorld(azurite: TestStorage): Promise<World> {
  const clock = new FakeClock('2026-11-02T09:00:00Z');
  const attachments = await new AttachmentServer('127.0.0.1').start();
  const baken = await startTestBaken(
    azurite,
    {
      ADMIN_IDS: P.admin.aadObjectId,
      ALLOWED_TENANTS: TENANT,
      ATTACHMENT_HOSTS: '127.0.0.1',
    },
    { clock, backgroundTimer: false, attachmentTokens: { authorization: async () => 'Bearer test-token' } },
  );
  const url = baken.connector.url;
  const teams = new TeamStore(baken.app.storage.teams, clock);
  const send: World['send'] = (from, place, payload, tenant = TENANT) =>
    baken.send(activityOf(url, from, place, tenant, payload));
  const settle = async () => {
    await baken.app.tick();
  };
  const expectOk = async (res: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await res;
    if (status !== 200) throw new Error(`set-up step answered ${status}: ${JSON.stringify(body)}`);
    return body;
  };

  // Rosters: team A has Anna, Bram, Carla, Olga (for now) and Gijs as a guest; team B has Mila and Sem.
  baken.connector.rosters.set(TEAM_A.id, [
    member(P.anna),
    member(P.bram),
    member(P.carla),
    member(P.olga),
    member(P.gijs, 'guest'),
    member(P.dirk),
  ]);
  baken.connector.rosters.set(TEAM_B.id, [member(P.mila), member(P.sem)]);

  // Both teams install Baken; the admin appoints the first manager of each.
  for (const team of [TEAM_A, TEAM_B]) {
    const place: Place = { kind: 'channel', teamId: team.id, teamName: team.name, channelId: team.id };
    await expectOk(
      baken.send({
        ...activityOf(url, P.admin, place, TENANT, { text: '' }),
        type: 'installationUpdate',
        action: 'add',
        text: undefined,
        entities: undefined,
      }),
    );
  }
  await expectOk(
    send(P.admin, PERSONAL, {
      data: { action: 'team.addManager', ref: TEAM_A.id, value: P.anna.aadObjectId },
    }),
  );
  await expectOk(
    send(P.admin, PERSONAL, {
      data: { action: 'team.addManager', ref: TEAM_B.id, value: P.mila.aadObjectId },
    }),
  );
  // Anna makes Olga a manager while Olga is on the roster; Olga can then see the managers of team A.
  await expectOk(
    send(P.anna, PERSONAL, {
      data: { action: 'team.addManager', ref: TEAM_A.id, value: P.olga.aadObjectId },
    }),
  );
  await expectOk(send(P.olga, PERSONAL, { text: 'managers' }));
  const olgaSaw = baken.connector.posted(personalId(P.olga)).map((c) => shownText(c.body));
  if (!olgaSaw.some((t) => t.includes('Leidinggevenden van het team') && t.includes(TEAM_A.name)))
    throw new Error(`Olga, a manager on the roster, could not see the managers: ${olgaSaw.join(' | ')}`);
  // The guest in team A's managers, as if written there before they became a guest: still no role.
  await teams.addManager(TEAM_A.id, { aadObjectId: P.gijs.aadObjectId, name: P.gijs.name }, P.admin);
  const managersA = (await teams.get(TEAM_A.id))?.managers.map((m) => m.aadObjectId).sort();
  const expected = [P.anna, P.olga, P.gijs].map((u) => u.aadObjectId).sort();
  if (JSON.stringify(managersA) !== JSON.stringify(expected))
    throw new Error(`team A managers: ${JSON.stringify(managersA)}`);

  // Anna makes the Meldingen channel team A's escalation channel.
  await expectOk(send(P.anna, TEAM_A_MELDINGEN, { text: 'meldkanaal' }));

  // Bram reports online harassment, sends a screenshot, fills in free text, and agrees to tell his managers.
  const bram = new PersonalDriver(baken, P.bram);
  const incidentId = await bram.startIncident();
  await bram.press('Verder', { f_soort: 'bedreiging', f_platform: 'linkedin', f_online: 'ja' });
  await bram.press('Verder', { f_client: 'ja', f_uitkomst: `${CANARY} uitkomst` });
  await bram.message('', [
    inlineImage(attachments.serve('/v3/attachments/x/views/original', { body: PNG_1PX })),
  ]);
  await bram.press('Verder', { f_gemaakt: 'ja', f_account: `${CANARY} account` });
  while (!cardText(bram.card).includes('Mag ik je leidinggevenden')) await bram.press('Sla over');
  await bram.press('Verder', { f_toestemming: 'ja' });
  await settle();

  const incident = (await baken.app.storage.records.read(incidentDocName(incidentId), incidentRecordSchema))
    ?.value;
  const evidenceId = incident?.evidence[0]?.id;
  const escalationId = incident?.escalations[0]?.id;
  if (!incident?.sharedWithManagers || !evidenceId || !escalationId)
    throw new Error(`incident not set up: ${JSON.stringify(incident)}`);
  const escalation = (
    await baken.app.storage.escalations.read(escalationDocName(escalationId), escalationRecordSchema)
  )?.value;
  const noticeConversationId = escalation?.notice?.conversationId;
  if (!noticeConversationId || escalation?.teamId !== TEAM_A.id)
    throw new Error(`notice not posted: ${JSON.stringify(escalation)}`);

  // Dirk reports too, with a screenshot, but does not (yet) tell his managers.
  const dirk = new PersonalDriver(baken, P.dirk);
  const unsharedId = await dirk.startIncident();
  await dirk.press('Verder', { f_soort: 'bedreiging', f_platform: 'linkedin', f_online: 'ja' });
  await dirk.message('', [
    inlineImage(attachments.serve('/v3/attachments/y/views/original', { body: PNG_1PX })),
  ]);
  const dirkIncident = (
    await baken.app.storage.records.read(incidentDocName(unsharedId), incidentRecordSchema)
  )?.value;
  const unsharedEvidence = dirkIncident?.evidence[0]?.id;
  if (!unsharedEvidence || dirkIncident?.sharedWithManagers)
    throw new Error(`unshared incident not set up: ${JSON.stringify(dirkIncident)}`);

  // Anna starts aftercare for Bram's incident (its checklist has the incident's id); Bram is told 1:1.
  const started = await expectOk(
    send(P.anna, PERSONAL, { data: { action: 'aftercare.start', ref: incidentId } }),
  );
  if (!shownText(started).includes('Nazorg gestart'))
    throw new Error(`aftercare not started: ${shownText(started)}`);
  await settle();

  // Carla finishes a grooming check and tells the team: a client escalation, for the Meldcode walk.
  const carlaWalk = await walkFlow(baken, P.carla, 'grooming', { canary: 'K7', urgency: 'normaal' });
  await settle();
  const clientEscalationId = (await baken.app.storage.escalations.list())
    .map((name) => name.replace(/\.json$/, ''))
    .find((found) => found !== escalationId);
  if (!carlaWalk.escalated || !clientEscalationId) throw new Error('client escalation not set up');

  // Bram also has a grooming check open (for the flow.* checks with another user's run).
  const groomingStart = await expectOk(
    send(P.bram, PERSONAL, { data: { action: 'flow.start', value: 'grooming', confirmed: 'ja' } }),
  );
  const onCard = buttonsOf((groomingStart as { value?: unknown }).value).find(
    (b) => typeof b.data.ref === 'string' && typeof b.data.step === 'number',
  );
  if (!onCard) throw new Error('no grooming run');
  const bramRun = {
    runId: String(onCard.data.ref),
    step: Number(onCard.data.step),
    version: Number(onCard.data.version),
  };

  // Olga leaves team A: she stays in the team record, but is no longer on the live roster.
  baken.connector.rosters.set(
    TEAM_A.id,
    (baken.connector.rosters.get(TEAM_A.id) ?? []).filter((m) => m.aadObjectId !== P.olga.aadObjectId),
  );

  const connectionString = isMemory(azurite) ? undefined : azurite.connectionString;
  const raw = rawBlobsOf(baken.app.storage, connectionString);
  return {
    baken,
    clock,
    teams,
    connectionString,
    attachments,
    incidentId,
    evidenceId,
    unshared: { incidentId: unsharedId, evidenceId: unsharedEvidence },
    escalationId,
    clientEscalationId,
    noticeConversationId,
    bramRun,
    send,
    settle,
    audit: () => baken.app.storage.audit.readAll(),
    blobs: async () => {
      const listing: BlobListing = {};
      await Promise.all(
        CONTAINER_KINDS.map(async (kind) => {
          for (const blob of await raw.list(kind))
            listing[`${kind}/${blob.name}`] = { etag: blob.etag, size: blob.size };
        }),
      );
      return listing;
    },
    auditBetween: async (before, after) => {
      const entries: AuditEntry[] = [];
      for (const [key, blob] of Object.entries(after)) {
        if (!key.startsWith('audit/') || before[key]?.etag === blob.etag) continue;
        const from = before[key]?.size ?? 0;
        const text = (await raw.read('audit', key.slice('audit/'.length), from)).toString('utf8');
        for (const line of text.split('\n')) if (line.trim()) entries.push(JSON.parse(line) as AuditEntry);
      }
      return entries;
    },
    stop: async () => {
      await baken.stop();
      await attachments.stop();
    },
  };
}

/** The conversation id an activity call went to (decoded), or undefined for other calls. */
export function conversationOfCall(call: ConnectorCall): string | undefined {
  const match = /^\/v3\/conversations\/([^/?]+)\/activities/.exec(call.path);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

/** Every text a posted activity or invoke answer shows (message text and card text). */
export function shownText(body: unknown): string {
  if (typeof body === 'string') return body;
  const b = (body ?? {}) as {
    text?: unknown;
    value?: unknown;
    attachments?: Array<{ content?: unknown }>;
    activity?: unknown;
  };
  const parts: string[] = [];
  if (typeof b.text === 'string') parts.push(b.text);
  if (typeof b.value === 'string') parts.push(b.value);
  else if (b.value && typeof b.value === 'object') parts.push(cardText(b.value));
  for (const a of b.attachments ?? []) parts.push(cardText(a.content));
  if (b.activity) parts.push(shownText(b.activity));
  return parts.join('\n');
}
