import type { AppOverrides } from '../../src/app';
import { FakeClock } from '../../src/clock';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import {
  escalationDocName,
  escalationRecordSchema,
  type EscalationRecord,
} from '../../src/escalation/escalationRecord';
import { freePort, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { TeamStore } from '../../src/teams/teamStore';
import { bakenEnv, startBakenProcess, type BakenProcess } from './bakenProcess';
import type { ConnectorCall, LoopbackConnector, RosterMember } from './connector';
import { walkFlow } from './flowWalker';
import { startTestBaken, type TestBaken, type TestStorage } from './harness';
import {
  MELDINGEN_ID,
  TEAM_ID,
  channelConversation,
  channelMention,
  personalMessage,
  teamChannelData,
  teamInstall,
  user,
  type TestUser,
} from './teams';

/** The people of the test team. */
export const PEOPLE = {
  anna: user('anna', 'Anna de Vries'),
  piet: user('piet', 'Piet Jansen'),
  bram: user('bram', 'Bram Bakker'),
  gast: user('gast', 'Gijs Gast'),
  admin: user('admin', 'Ada Beheer'),
  /** Left the team: still a manager in the team record, but not on the roster. */
  oud: user('oud', 'Olga Oud'),
};

/** The roster the loopback connector answers with: Anna and Piet (managers), Bram (staff), a guest. */
export function teamRoster(): RosterMember[] {
  const member = (u: TestUser, userRole: 'user' | 'guest' = 'user'): RosterMember => ({
    id: u.id,
    aadObjectId: u.aadObjectId,
    name: u.name,
    userRole,
  });
  return [member(PEOPLE.anna), member(PEOPLE.piet), member(PEOPLE.bram), member(PEOPLE.gast, 'guest')];
}

/** A Baken with a fake clock and no background timer, installed in the test team. */
export interface EscalationBaken extends TestBaken {
  clock: FakeClock;
  teams: TeamStore;
}

/** Options for an escalation test bot. */
export interface EscalationBakenOptions {
  env?: Record<string, string>;
  overrides?: AppOverrides;
  connector?: LoopbackConnector;
  clock?: FakeClock;
  /** Install in the team and make Anna, Piet (and Olga, who left) managers. Default true. */
  install?: boolean;
}

/** Starts Baken for escalation tests: fake clock, timer off (tests call tick()), admin configured. */
export async function startEscalationBaken(
  azurite: TestStorage,
  options: EscalationBakenOptions = {},
): Promise<EscalationBaken> {
  const clock = options.clock ?? new FakeClock('2026-11-02T09:00:00Z');
  const t = await startTestBaken(
    azurite,
    { ADMIN_IDS: PEOPLE.admin.aadObjectId, ...options.env },
    { clock, backgroundTimer: false, ...options.overrides },
    options.connector,
  );
  t.connector.rosters.set(TEAM_ID, teamRoster());
  const teams = new TeamStore(t.app.storage.teams, clock);
  if (options.install !== false) {
    expect((await t.send(teamInstall(t.connector.url, PEOPLE.anna))).status).toBe(200);
    for (const manager of [PEOPLE.anna, PEOPLE.piet, PEOPLE.oud]) {
      await teams.addManager(TEAM_ID, { aadObjectId: manager.aadObjectId, name: manager.name }, PEOPLE.admin);
    }
  }
  return { ...t, clock, teams };
}

/**
 * A second Baken, as `npm start` in a child process, on the same storage account and prefix as a test's first one;
 * it pauses between reading a record and writing it back, so concurrent writes collide (concurrency tests).
 */
export async function startSecondBakenProcess(
  azurite: EmbeddedAzurite,
  prefix: string,
): Promise<BakenProcess> {
  const port = await freePort();
  return startBakenProcess(
    bakenEnv({
      PORT: String(port),
      LOG_LEVEL: 'warn',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_PREFIX: prefix,
      ADMIN_IDS: PEOPLE.admin.aadObjectId,
      TEST_PAUSE_BEFORE_WRITE_MS: '300',
    }),
    port,
  );
}

/** "@Baken meldkanaal" typed by a user in the Meldingen channel. */
export async function setEscalationChannel(t: TestBaken, by: TestUser = PEOPLE.anna) {
  return t.send(channelMention(t.connector.url, by, 'meldkanaal', MELDINGEN_ID));
}

/** "testmelding" typed by a user in their 1:1 chat. */
export async function sendTestEscalation(t: TestBaken, by: TestUser = PEOPLE.anna) {
  return t.send(personalMessage(t.connector.url, by, 'testmelding'));
}

/** The card of an activity or conversation-create call. */
export function cardOf(call: ConnectorCall): Record<string, unknown> | undefined {
  const activity = (call.body.activity ?? call.body) as { attachments?: Array<{ content?: unknown }> };
  return activity.attachments?.[0]?.content as Record<string, unknown> | undefined;
}

/** Calls that started a new thread in a channel (POST v3/conversations with a channel). */
export function channelThreads(calls: ConnectorCall[], channelId: string = MELDINGEN_ID): ConnectorCall[] {
  return calls.filter(
    (c) =>
      c.method === 'POST' &&
      c.path.split('?')[0] === '/v3/conversations' &&
      (c.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id === channelId,
  );
}

/** Calls that started a 1:1 conversation with a user (POST v3/conversations with members). */
export function personalStarts(calls: ConnectorCall[], u?: TestUser): ConnectorCall[] {
  return calls.filter((c) => {
    if (c.method !== 'POST' || c.path.split('?')[0] !== '/v3/conversations') return false;
    const members = c.body.members as Array<{ id?: string }> | undefined;
    if (!members) return false;
    return u === undefined || members.some((m) => m.id === u.id || m.id === u.aadObjectId);
  });
}

/**
 * The 1:1 messages a user received: the outbox records which conversation each 1:1 send went to, and the
 * connector saw what was posted there (sends to several people run in parallel, so call order cannot tell).
 */
export async function personalMessages(t: TestBaken, u: TestUser): Promise<ConnectorCall[]> {
  const conversations = new Set<string>();
  for (const name of await t.app.storage.outbox.list()) {
    const entry = (await t.app.storage.outbox.read(name, outboxEntrySchema))?.value;
    if (entry?.target.kind === 'personal' && entry.target.aadObjectId === u.aadObjectId && entry.result) {
      conversations.add(encodeURIComponent(entry.result.conversationId));
    }
  }
  return t.connector.calls.filter(
    (c) =>
      c.method === 'POST' && /\/activities$/.test(c.path) && conversations.has(c.path.split('/')[3] ?? ''),
  );
}

/** The escalation id on a notice card's buttons. */
export function escalationIdOf(card: Record<string, unknown> | undefined): string {
  const actions = (card?.actions ?? []) as Array<{ data?: { ref?: string } }>;
  const ref = actions.find((a) => a.data?.ref)?.data?.ref;
  if (!ref) throw new Error('no escalation id on the card');
  return ref;
}

/** An Action.Execute press on the channel notice (as Teams sends it from the thread). */
export function noticeInvoke(
  serviceUrl: string,
  u: TestUser,
  data: Record<string, unknown>,
  threadConversationId: string,
) {
  const { action, ...rest } = data;
  return {
    id: `invoke-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: { id: '28:baken-bot', name: 'Baken' },
    conversation: {
      ...channelConversation(threadConversationId),
      tenantId: '11111111-2222-3333-4444-555555555555',
    },
    channelData: teamChannelData(MELDINGEN_ID),
    locale: 'nl-NL',
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: action, data: { action, ...rest } }, trigger: 'manual' },
  };
}

/** The card an invoke answered with. */
export function invokeCardOf(body: unknown): Record<string, unknown> | undefined {
  const value = (body as { value?: unknown } | undefined)?.value;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Reads an escalation record as stored; fails the test when it is not there. */
export async function readEscalation(t: TestBaken, id: string): Promise<EscalationRecord> {
  const found = await t.app.storage.escalations.read(escalationDocName(id), escalationRecordSchema);
  if (!found) throw new Error(`no escalation ${id}`);
  return found.value;
}

/**
 * Bram walks the grooming check and tells the team (the escalation channel set by Anna); the notice is delivered.
 * Returns the escalation's id and the conversation of its channel notice.
 */
export async function postedGroomingEscalation(t: TestBaken): Promise<{ id: string; thread: string }> {
  await setEscalationChannel(t);
  const walk = await walkFlow(t, PEOPLE.bram, 'grooming', { canary: 'K7', urgency: 'normaal' });
  if (!walk.escalated) throw new Error('the grooming check did not escalate');
  await t.app.tick();
  const posted = channelThreads(t.connector.calls)[0];
  if (!posted) throw new Error('no notice in the channel');
  const id = escalationIdOf(cardOf(posted));
  return { id, thread: (await readEscalation(t, id)).notice?.conversationId ?? '' };
}
