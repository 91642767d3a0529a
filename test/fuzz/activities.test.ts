import fc from 'fast-check';
import { ACTION_VERBS } from '../../src/bot/verbCatalog';
import { BOT_TEXTS } from '../../src/bot/botTexts';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { FLOWS, FLOW_ORDER } from '../../src/flows';
import type { ContainerKind } from '../../src/storage/storage';
import { EventLog } from '../support/eventLog';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  personalMessages,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { executeActions, fillInputs } from '../support/flowWalker';
import { ODD_KEYS, anyText, checkProperty, junk, oddString } from '../support/fuzzInput';
import { useMemoryStorage } from '../support/harness';
import { runOf } from '../support/transcriptWalk';
import {
  diffContainer,
  etagsOf,
  snapshotStorage,
  unparsableDocuments,
  type StorageSnapshot,
} from '../support/storageSnapshot';
import {
  BOT,
  MELDINGEN_ID,
  TEAM_ID,
  TENANT,
  cardInvoke,
  channelConversation,
  personalConversation,
  personalMessage,
  teamChannelData,
  user,
  type TestUser,
} from '../support/teams';

/**
 * Malformed activities and card payloads from people who may not do what they ask: every one is answered (200, or
 * 403 for an unserved tenant's button), with a Dutch message where one is due, the server never fails a turn, and
 * the shared records (teams, escalations, incident records) never change.
 *
 * What the attacker's own conversation may change (decided here): their 1:1 conversation state (menu shown, a flow
 * of their own started or stopped, a team of their own chosen), a 1:1 refusal for them in the outbox, and
 * "refused" lines in the audit log. Nothing else: no other conversation's state, no record, no other send.
 */

const storage = useMemoryStorage();

/** A second team with its own manager, whose escalation is "another team's". */
const TEAM2_ID = '19:elders-general@thread.tacv2';
const zoe = user('zoe', 'Zoë Elders');
const mallory = user('mallory', 'Mallory Buiten');
const eve = user('eve', 'Eve Vreemd');
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** The seed of the flow walks (see the walk test); FUZZ_SEED overrides it. */
const WALK_SEED = 20261206;
/** MAX_BODY_BYTES's default (256 kB): some cases with several huge strings are over it. */
const MAX_BODY_BYTES = 256 * 1024;

/** Everything one fuzz case needs to know about the world it attacks. */
interface World {
  t: EscalationBaken;
  escalation1: string;
  escalation2: string;
  victimRunId: string;
  before: StorageSnapshot;
  protectedEtags: Record<string, string>;
}

const PROTECTED: ContainerKind[] = ['teams', 'escalations', 'records', 'evidence'];

/** The people who attack, and which ids each may be handed without the action becoming a legitimate one. */
type Attacker = 'bram' | 'gast' | 'mallory' | 'eve' | 'piet' | 'zoe';
const ATTACKERS: Record<Attacker, TestUser> = {
  bram: PEOPLE.bram,
  gast: PEOPLE.gast,
  mallory,
  eve,
  piet: PEOPLE.piet,
  zoe,
};

function refsFor(world: World, attacker: Attacker): string[] {
  const anyone = [world.victimRunId, 'x', '0', PEOPLE.anna.aadObjectId, PEOPLE.bram.aadObjectId];
  // Piet manages team 1 and Zoë team 2: each only gets the other team's ids.
  if (attacker === 'piet') return [...anyone, world.escalation2, TEAM2_ID, zoe.aadObjectId];
  if (attacker === 'zoe') return [...anyone, world.escalation1, TEAM_ID, PEOPLE.piet.aadObjectId];
  return [...anyone, world.escalation1, world.escalation2, TEAM_ID, TEAM2_ID, MELDINGEN_ID];
}

/** Card data: known and unknown verbs, ids of others, odd and wrongly typed values, odd keys. */
function cardData(world: World, attacker: Attacker): fc.Arbitrary<Record<string, unknown>> {
  const refs = refsFor(world, attacker);
  const id = fc.oneof(
    { arbitrary: fc.constantFrom(...refs), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: junk, weight: 2 },
  );
  const number = fc.oneof(fc.nat(15), fc.integer(), junk);
  const verb = fc.oneof(
    { arbitrary: fc.constantFrom(...ACTION_VERBS), weight: 6 },
    {
      arbitrary: fc.constantFrom('escalation.delete', 'admin.purge', 'MENU.OPEN', ' flow.start', 'flow', ''),
      weight: 1,
    },
    { arbitrary: junk, weight: 1 },
  );
  const value = fc.oneof(
    fc.constantFrom(...FLOW_ORDER, ...refs, 'ja', 'nee', 'acuut', 'hoog', 'normaal', 'test'),
    junk,
  );
  return fc
    .tuple(
      fc.record(
        {
          action: verb,
          ref: id,
          step: number,
          version: number,
          value,
          note: junk,
          clientCode: junk,
          ticked: junk,
          urgency: junk,
          fields: junk,
          f_datum: junk,
          f_naam: junk,
        },
        { requiredKeys: ['action'] },
      ),
      fc.dictionary(fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 12 })), junk, {
        maxKeys: 3,
      }),
    )
    .map(([known, extra]) => {
      const data: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(extra))
        Object.defineProperty(data, key, { value: v, enumerable: true, writable: true, configurable: true });
      return Object.assign(data, known);
    });
}

type Case =
  | { kind: 'personalText'; attacker: Attacker; text: string }
  | { kind: 'personalSubmit'; attacker: Attacker; value: unknown }
  | { kind: 'invoke'; attacker: Attacker; verb: unknown; data: Record<string, unknown>; inChannel: boolean }
  | { kind: 'channelText'; attacker: Attacker; text: string; team: 1 | 2 }
  | { kind: 'channelSubmit'; attacker: Attacker; value: unknown; team: 1 | 2 };

/** Text commands and odd text; managers (Piet, Zoë) never type, as their commands are legitimate. */
const typed = fc.oneof(
  fc.constantFrom(
    'menu',
    'stop',
    'verder',
    'testmelding',
    'meldkanaal',
    'managers',
    'mijn meldingen',
    'grooming',
    'tips',
    'grensoverschrijdend',
    '',
  ),
  anyText,
);

function cases(world: World): fc.Arbitrary<Case> {
  const typists = fc.constantFrom<Attacker>('bram', 'gast', 'mallory', 'eve');
  const anyAttacker = fc.constantFrom<Attacker>('bram', 'gast', 'mallory', 'eve', 'piet', 'zoe');
  const withData = anyAttacker.chain((attacker) =>
    fc.record({ attacker: fc.constant(attacker), data: cardData(world, attacker) }),
  );
  return fc.oneof(
    fc.record({ kind: fc.constant('personalText' as const), attacker: typists, text: typed }),
    withData.chain(({ attacker, data }) =>
      fc.record({
        kind: fc.constant('personalSubmit' as const),
        attacker: fc.constant(attacker),
        value: fc.oneof({ arbitrary: fc.constant<unknown>(data), weight: 4 }, { arbitrary: junk, weight: 1 }),
      }),
    ),
    withData.chain(({ attacker, data }) =>
      fc.record({
        kind: fc.constant('invoke' as const),
        attacker: fc.constant(attacker),
        verb: fc.oneof({ arbitrary: fc.constant(data.action), weight: 4 }, { arbitrary: junk, weight: 1 }),
        data: fc.constant(data),
        inChannel: fc.boolean(),
      }),
    ),
    fc.record({
      kind: fc.constant('channelText' as const),
      attacker: typists,
      text: typed,
      team: fc.constantFrom<1 | 2>(1, 2),
    }),
    withData.chain(({ attacker, data }) =>
      fc.record({
        kind: fc.constant('channelSubmit' as const),
        attacker: fc.constant(attacker),
        value: fc.constant<unknown>(data),
        team: fc.constantFrom<1 | 2>(1, 2),
      }),
    ),
  );
}

/** Team channel data for team 1 (the Meldingen channel) or team 2 (its General channel). */
function channelDataOf(team: 1 | 2) {
  if (team === 1) return teamChannelData(MELDINGEN_ID);
  return { team: { id: TEAM2_ID, name: 'Team Elders' }, channel: { id: TEAM2_ID }, tenant: { id: TENANT } };
}

/** The activity Teams would send for a case (Eve's come from another tenant). */
function activityOf(serviceUrl: string, c: Case): Record<string, unknown> {
  const who = ATTACKERS[c.attacker];
  let activity: Record<string, unknown>;
  switch (c.kind) {
    case 'personalText':
      activity = personalMessage(serviceUrl, who, c.text);
      break;
    case 'personalSubmit':
      activity = { ...personalMessage(serviceUrl, who, ''), text: undefined, value: c.value };
      break;
    case 'invoke': {
      const base = cardInvoke(serviceUrl, who, {});
      activity = {
        ...base,
        value: { action: { type: 'Action.Execute', verb: c.verb, data: c.data }, trigger: 'manual' },
      };
      if (c.inChannel) {
        activity.conversation = { ...channelConversation(MELDINGEN_ID), tenantId: TENANT };
        activity.channelData = channelDataOf(1);
      }
      break;
    }
    case 'channelText':
    case 'channelSubmit': {
      const channelId = c.team === 1 ? MELDINGEN_ID : TEAM2_ID;
      activity = {
        ...personalMessage(serviceUrl, who, `<at>Baken</at> ${c.kind === 'channelText' ? c.text : ''}`),
        conversation: { ...channelConversation(channelId), tenantId: TENANT },
        entities: [{ type: 'mention', mentioned: BOT, text: '<at>Baken</at>' }],
        channelData: channelDataOf(c.team),
      };
      if (c.kind === 'channelSubmit') activity.value = c.value;
      break;
    }
  }
  if (c.attacker === 'eve') {
    activity.conversation = { ...(activity.conversation as object), tenantId: OTHER_TENANT };
    activity.channelData = { ...(activity.channelData as object), tenant: { id: OTHER_TENANT } };
  }
  return activity;
}

const ENGLISH = /bot encountered an error|error occurred|exception|undefined|\[object Object\]/i;

/** The texts and card texts posted to one conversation in the given calls. */
function postedTexts(calls: Array<{ body: Record<string, unknown> }>): string[] {
  return calls.map((c) => `${String(c.body.text ?? '')}${JSON.stringify(c.body.attachments ?? '')}`);
}

describe('malformed activities and card payloads from people who may not act', () => {
  const log = new EventLog();
  let world: World;

  beforeAll(async () => {
    const t = await startEscalationBaken(storage.get(), {
      env: { ALLOWED_TENANTS: TENANT },
      overrides: { logger: log },
    });
    // Team 1: escalation channel set, a test escalation by Anna, delivered.
    expect((await setEscalationChannel(t)).status).toBe(200);
    expect((await sendTestEscalation(t)).status).toBe(200);
    await t.app.tick();
    const escalation1 = escalationIdOf(cardOf(channelThreads(t.connector.calls)[0] ?? fail()));

    // Team 2: installed, Zoë its only manager, her test escalation goes to her 1:1.
    t.connector.rosters.set(TEAM2_ID, [{ id: zoe.id, aadObjectId: zoe.aadObjectId, name: zoe.name }]);
    const install2 = {
      ...personalMessage(t.connector.url, zoe, ''),
      type: 'installationUpdate',
      action: 'add',
      text: undefined,
      conversation: { ...channelConversation(TEAM2_ID), tenantId: TENANT },
      channelData: channelDataOf(2),
    };
    expect((await t.send(install2)).status).toBe(200);
    await t.teams.addManager(TEAM2_ID, { aadObjectId: zoe.aadObjectId, name: zoe.name }, PEOPLE.admin);
    expect((await sendTestEscalation(t, zoe)).status).toBe(200);
    await t.app.tick();
    const toZoe = await personalMessages(t, zoe);
    const escalation2 = escalationIdOf(
      cardOf(toZoe.find((c) => JSON.stringify(c.body).includes('"ref"')) ?? fail()),
    );
    expect(escalation2).not.toBe(escalation1);

    // The victim: Anna is two steps into the grooming check.
    const start = await t.send(
      cardInvoke(t.connector.url, PEOPLE.anna, { action: 'flow.start', value: 'grooming' }),
    );
    const card = (start.body as { value?: unknown }).value;
    const victimRunId = runOf(card);
    await t.app.tick();

    world = {
      t,
      escalation1,
      escalation2,
      victimRunId,
      before: await snapshotStorage(t.app.storage),
      protectedEtags: await etagsOf(t.app.storage, undefined, PROTECTED),
    };
    log.events.splice(0);
  }, 60_000);

  afterAll(async () => {
    await world?.t.stop();
  });

  /** Sends one case and checks everything that must hold right after it. */
  async function attack(c: Case): Promise<void> {
    const { t } = world;
    const activity = activityOf(t.connector.url, c);
    const conversationId = (activity.conversation as { id: string }).id;
    const callsBefore = t.connector.calls.length;
    const logBefore = log.events.length;
    const answer = await t.send(activity);
    if (Buffer.byteLength(JSON.stringify(activity)) > MAX_BODY_BYTES) {
      // Over the configured body limit: refused before anything reads it, so nothing answers in that chat.
      expect(answer.status).toBe(413);
      const answered = t.connector.calls
        .slice(callsBefore)
        .filter((call) => call.path.includes(encodeURIComponent(conversationId)));
      expect(answered).toEqual([]);
      return;
    }
    const served = c.attacker !== 'eve';
    const isInvoke = c.kind === 'invoke';

    if (!served) {
      expect(answer.status).toBe(isInvoke ? 403 : 200);
      // (Other calls may be refusals to earlier cases' attackers, delivered in the background.)
      const toEve = t.connector.calls
        .slice(callsBefore)
        .filter(
          (call) =>
            call.path.includes(encodeURIComponent(conversationId)) ||
            JSON.stringify(call.body).includes(eve.id),
        );
      expect(toEve).toEqual([]);
    } else if (isInvoke) {
      expect(answer.status).toBe(200);
      const body = answer.body as { statusCode?: number; type?: string; value?: unknown };
      expect(body.statusCode).toBe(200);
      if (body.type === 'application/vnd.microsoft.activity.message') {
        expect(typeof body.value).toBe('string');
        expect(body.value).not.toBe(BOT_TEXTS.turnError);
        expect(String(body.value)).not.toMatch(ENGLISH);
      } else {
        expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
        expect(typeof body.value).toBe('object');
      }
    } else {
      expect(answer.status).toBe(200);
      if (c.kind === 'personalText' || c.kind === 'personalSubmit') {
        const fresh = t.connector.calls
          .slice(callsBefore)
          .filter((call) => call.method === 'POST' && call.path.includes(encodeURIComponent(conversationId)));
        // A 1:1 message always gets an answer: a card or a short Dutch text.
        expect(fresh.length).toBeGreaterThan(0);
        for (const text of postedTexts(fresh)) {
          expect(text).not.toContain(BOT_TEXTS.turnError);
          expect(text).not.toMatch(ENGLISH);
        }
      }
      const posted = t.connector.calls.slice(callsBefore).filter((call) => call.method === 'POST');
      expect(postedTexts(posted).join('')).not.toContain(BOT_TEXTS.turnError);
    }
    // No turn failed, the server still answers, and no shared record changed. (An unhandled rejection or
    // uncaught error in the server fails the test by itself: jest reports those.)
    expect(log.named(['turn_failed', 'turn_error_reply_failed', 'request_failed'], logBefore)).toEqual([]);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await etagsOf(t.app.storage, undefined, PROTECTED)).toEqual(world.protectedEtags);
  }

  it(`answers ${RUNS} malformed messages, submits, buttons and channel messages without failing a turn`, async () => {
    await checkProperty(cases(world), attack, RUNS);
  }, 240_000);

  it('changed nothing but the attackers own 1:1 state, their refusals and refused audit lines', async () => {
    const { t, before } = world;
    await t.app.tick();
    const after = await snapshotStorage(t.app.storage);
    expect(unparsableDocuments(after)).toEqual([]);
    for (const kind of PROTECTED) expect(after[kind]).toEqual(before[kind]);

    // State: only attackers' 1:1 conversations; the victim's and every channel's state are as they were.
    const attackerStates = new Set(
      Object.values(ATTACKERS).map(
        (u) => `${encodeURIComponent(`msteams/conversations/${personalConversation(u).id}/`)}.json`,
      ),
    );
    const state = diffContainer(before.state, after.state);
    expect(state.removed).toEqual([]);
    for (const name of [...state.added, ...state.changed]) expect(attackerStates).toContain(name);
    // A chosen team is always one the attacker is really on the roster of.
    const teamsOnRoster: Record<Attacker, Array<string | undefined>> = {
      bram: [undefined, TEAM_ID],
      gast: [undefined],
      mallory: [undefined],
      eve: [undefined],
      piet: [undefined, TEAM_ID],
      zoe: [undefined, TEAM2_ID],
    };
    for (const [key, u] of Object.entries(ATTACKERS) as Array<[Attacker, TestUser]>) {
      const doc =
        after.state[`${encodeURIComponent(`msteams/conversations/${personalConversation(u).id}/`)}.json`];
      if (!doc) continue;
      const chosen = (JSON.parse(doc) as { escalationTeamId?: string }).escalationTeamId;
      expect(teamsOnRoster[key]).toContain(chosen);
    }

    // Outbox: earlier sends untouched; new ones only 1:1 refusals to an attacker.
    const outbox = diffContainer(before.outbox, after.outbox);
    expect(outbox.removed).toEqual([]);
    expect(outbox.changed).toEqual([]);
    const attackerIds = new Set(Object.values(ATTACKERS).map((u) => u.aadObjectId));
    for (const name of outbox.added) {
      const entry = outboxEntrySchema.parse(JSON.parse(after.outbox[name] ?? ''));
      expect(entry.render).toEqual({ card: 'message', message: 'refusedManagerOnly' });
      expect(entry.target.kind === 'personal' && attackerIds.has(entry.target.aadObjectId)).toBe(true);
    }

    // Audit: only grows, and only with refusals of attackers.
    const linesOf = (snapshot: StorageSnapshot) =>
      Object.values(snapshot.audit)
        .flatMap((content) => content.split('\n'))
        .filter((l) => l !== '');
    const earlier = new Set(linesOf(before));
    for (const line of linesOf(after).filter((l) => !earlier.has(l))) {
      const entry = JSON.parse(line) as { outcome: string; actorId: string };
      expect(entry.outcome).toBe('refused');
      expect(attackerIds).toContain(entry.actorId);
    }
  });
});

describe('a flow button pressed in a channel', () => {
  it('starts nothing there: the presser is told to use the 1:1 chat, and no channel state is written', async () => {
    const t = await startEscalationBaken(storage.get());
    try {
      const inChannel = {
        conversation: { ...channelConversation(MELDINGEN_ID), tenantId: TENANT },
        channelData: teamChannelData(MELDINGEN_ID),
      };
      const start = { action: 'flow.start', value: 'grooming' };
      const pressed = await t.send({ ...cardInvoke(t.connector.url, PEOPLE.bram, start), ...inChannel });
      expect(pressed.status).toBe(200);
      expect(JSON.stringify(pressed.body)).toContain(BOT_TEXTS.channelHelp.slice(0, 30));
      expect(JSON.stringify(pressed.body)).not.toContain('Grooming');
      const before = t.connector.calls.length;
      const submitted = await t.send({
        ...personalMessage(t.connector.url, PEOPLE.bram, ''),
        text: undefined,
        value: start,
        ...inChannel,
      });
      expect(submitted.status).toBe(200);
      const posted = t.connector.calls.slice(before).map((c) => JSON.stringify(c.body));
      expect(posted).toEqual([expect.stringContaining('In een kanaal kan ik dit')]);
      expect(posted.join('')).not.toContain('Grooming');
      expect((await t.app.storage.listEverything()).state).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});

describe('a user in each flow pressing its buttons with odd and wrongly typed inputs', () => {
  const log = new EventLog();
  let t: EscalationBaken;
  const walkers = FLOW_ORDER.map((flowId) => ({ flowId, who: user(`w-${flowId}`, `Walker ${flowId}`) }));
  const cards = new Map<string, Record<string, unknown>>();
  /** The furthest step each walk reached: the presses really move the flows on, not only bounce off. */
  const furthest = new Map<string, number>();

  beforeAll(async () => {
    t = await startEscalationBaken(storage.get(), { overrides: { logger: log } });
    for (const { flowId, who } of walkers) {
      const answer = await t.send(cardInvoke(t.connector.url, who, { action: 'flow.start', value: flowId }));
      cards.set(flowId, (answer.body as { value: Record<string, unknown> }).value);
    }
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  const press = fc.record({
    walker: fc.nat(FLOW_ORDER.length - 1),
    button: fc.nat(20),
    forward: fc.nat(9).map((n) => n < 7),
    inputs: fc.oneof(
      { arbitrary: fc.constant('filled' as const), weight: 5 },
      { arbitrary: fc.constant('mixed' as const), weight: 2 },
      { arbitrary: fc.constant('junk' as const), weight: 2 },
      { arbitrary: fc.constant('none' as const), weight: 1 },
    ),
    values: fc.array(junk, { minLength: 12, maxLength: 12 }),
    tamper: fc.option(
      fc.record({ key: fc.constantFrom('step', 'version', 'ref', 'value', 'action'), value: junk }),
      {
        freq: 4,
      },
    ),
  });

  it(`answers ${RUNS} presses in Dutch, never failing a turn, every stored document whole`, async () => {
    await checkProperty(
      press,
      async (p) => {
        const { flowId, who } = walkers[p.walker] ?? fail();
        const card = cards.get(flowId) ?? fail();
        // Mostly forward (an answer, "Verder", escalate), so the walks get deep into the flows; at the end, again.
        const all = executeActions(card);
        const onward = all.filter((a) => ['flow.answer', 'flow.next', 'flow.escalate'].includes(a.verb));
        const buttons = p.forward && onward.length > 0 ? onward : all;
        const chosen =
          onward.length === 0 && p.forward
            ? { verb: 'flow.start', data: { action: 'flow.start', value: flowId } }
            : buttons[p.button % Math.max(1, buttons.length)];
        const data: Record<string, unknown> = { ...(chosen?.data ?? { action: 'menu.open' }) };
        const filled = fillInputs(card, { canary: 'K7', urgency: 'normaal' });
        // Going forward: the inputs filled as a person would, but (often) one of them odd; otherwise anything.
        const inputs = p.forward ? (p.inputs === 'filled' ? 'filled' : 'one odd') : p.inputs;
        Object.keys(filled).forEach((id, i) => {
          const odd = p.values[i % p.values.length];
          if (inputs === 'filled') data[id] = filled[id];
          else if (inputs === 'one odd')
            data[id] = i === p.button % Object.keys(filled).length ? odd : filled[id];
          else if (inputs === 'mixed') data[id] = i % 2 === 0 ? filled[id] : odd;
          else if (inputs === 'junk') data[id] = odd;
        });
        if (p.tamper && !p.forward) data[p.tamper.key] = p.tamper.value;
        const logBefore = log.events.length;
        const activity = cardInvoke(t.connector.url, who, {});
        const sent = {
          ...activity,
          value: { action: { type: 'Action.Execute', verb: data.action, data }, trigger: 'manual' },
        };
        const answer = await t.send(sent);
        if (Buffer.byteLength(JSON.stringify(sent)) > MAX_BODY_BYTES) {
          expect(answer.status).toBe(413);
          return;
        }
        expect(answer.status).toBe(200);
        const body = answer.body as { statusCode?: number; type?: string; value?: unknown };
        expect(body.statusCode).toBe(200);
        if (body.type === 'application/vnd.microsoft.card.adaptive') {
          cards.set(flowId, body.value as Record<string, unknown>);
          const step = executeActions(body.value).find((a) => typeof a.data.step === 'number')?.data.step;
          if (typeof step === 'number') furthest.set(flowId, Math.max(furthest.get(flowId) ?? 0, step));
        } else {
          expect(body.type).toBe('application/vnd.microsoft.activity.message');
          expect(body.value).not.toBe(BOT_TEXTS.turnError);
          expect(String(body.value)).not.toMatch(ENGLISH);
        }
        expect(log.named(['turn_failed', 'turn_error_reply_failed', 'request_failed'], logBefore)).toEqual(
          [],
        );
      },
      RUNS,
      // How deep random walks get is itself random: one run in many reached only step 4 of a 13-step flow. The
      // depth check below needs a known sequence, so this property runs a fixed seed unless FUZZ_SEED is set.
      WALK_SEED,
    );
    // The walks got deep into every flow (a generator that only bounced off step 0 would prove little).
    for (const { flowId } of walkers) {
      expect(furthest.get(flowId) ?? 0).toBeGreaterThanOrEqual(Math.floor(FLOWS[flowId].steps.length / 2));
    }
    await t.app.tick();
    const after = await snapshotStorage(t.app.storage);
    expect(unparsableDocuments(after)).toEqual([]);
  }, 240_000);
});

describe('any kind of activity, well-typed but with odd content', () => {
  const log = new EventLog();
  let t: EscalationBaken;

  beforeAll(async () => {
    t = await startEscalationBaken(storage.get(), {
      env: { ALLOWED_TENANTS: TENANT },
      overrides: { logger: log },
    });
  }, 30_000);
  afterAll(async () => {
    await t?.stop();
  });

  const idText = fc.oneof(
    fc.constantFrom(TEAM_ID, TEAM2_ID, MELDINGEN_ID, BOT.id, PEOPLE.bram.id, 'x'),
    oddString,
  );
  const account = fc.record(
    {
      id: idText,
      name: oddString,
      aadObjectId: fc.oneof(fc.constantFrom(PEOPLE.bram.aadObjectId), oddString),
    },
    { requiredKeys: [] },
  );
  const activity = fc.record(
    {
      type: fc.constantFrom(
        'message',
        'conversationUpdate',
        'installationUpdate',
        'messageReaction',
        'messageUpdate',
        'messageDelete',
        'typing',
        'event',
        'invoke',
        'endOfConversation',
        'trace',
        'handoff',
        'contactRelationUpdate',
        'suggestion',
        'x',
      ),
      name: fc.oneof(
        fc.constantFrom(
          'adaptiveCard/action',
          'healthCheck',
          'task/fetch',
          'task/submit',
          'composeExtension/query',
          'composeExtension/submitAction',
          'signin/verifyState',
          'signin/tokenExchange',
          'fileConsent/invoke',
          'actionableMessage/executeAction',
          'config/fetch',
          'tab/fetch',
          'application/search',
        ),
        oddString,
      ),
      action: fc.oneof(fc.constantFrom('add', 'remove', 'add-upgrade', 'remove-upgrade'), oddString),
      text: anyText,
      value: junk,
      from: account,
      membersAdded: fc.array(
        account.map((a) => ({ ...a, id: a.id ?? 'x' })),
        { maxLength: 3 },
      ),
      membersRemoved: fc.array(
        account.map((a) => ({ ...a, id: a.id ?? 'x' })),
        { maxLength: 3 },
      ),
      conversationType: fc.constantFrom('personal', 'channel', 'groupChat', 'x'),
      conversationId: idText,
      team: fc.record({ id: idText, name: oddString }, { requiredKeys: [] }),
      channel: fc.record({ id: idText, name: oddString }, { requiredKeys: [] }),
      eventType: fc.oneof(
        fc.constantFrom(
          'teamRenamed',
          'teamDeleted',
          'teamHardDeleted',
          'teamArchived',
          'teamRestored',
          'channelCreated',
          'channelDeleted',
          'channelRenamed',
          'editMessage',
          'softDeleteMessage',
          'undeleteMessage',
          'readReceipt',
        ),
        oddString,
      ),
      reactionsAdded: fc.array(fc.record({ type: oddString }), { maxLength: 2 }),
      attachments: fc.array(
        fc.record(
          {
            contentType: fc.oneof(
              fc.constantFrom('image/png', 'text/html', 'application/vnd.microsoft.card.adaptive'),
              oddString,
            ),
            name: oddString,
            content: junk,
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['type'] },
  );

  it(`never answers a well-typed activity with a 5xx, and never fails a turn (${RUNS} runs)`, async () => {
    await checkProperty(
      activity,
      async (a) => {
        const { conversationType, conversationId, team, channel, eventType, ...rest } = a;
        const sent = {
          ...personalMessage(t.connector.url, PEOPLE.bram, ''),
          text: undefined,
          ...rest,
          ...(a.from ? { from: a.from } : {}),
          conversation: { id: conversationId ?? 'x', conversationType, tenantId: TENANT },
          channelData: {
            tenant: { id: TENANT },
            ...(team ? { team } : {}),
            ...(channel ? { channel } : {}),
            eventType,
          },
        };
        const logBefore = log.events.length;
        const answer = await t.send(sent);
        if (Buffer.byteLength(JSON.stringify(sent)) > MAX_BODY_BYTES) {
          expect(answer.status).toBe(413);
          return;
        }
        expect(answer.status).toBeLessThan(500);
        expect([200, 400]).toContain(answer.status);
        expect(log.named(['turn_failed', 'turn_error_reply_failed', 'request_failed'], logBefore)).toEqual(
          [],
        );
        expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      },
      RUNS,
    );
    await t.app.tick();
    expect(unparsableDocuments(await snapshotStorage(t.app.storage))).toEqual([]);
  }, 240_000);
});

describe('inputs the fuzzing found breaking a turn (regressions)', () => {
  const log = new EventLog();
  let t: EscalationBaken;
  beforeAll(async () => {
    t = await startEscalationBaken(storage.get(), { overrides: { logger: log } });
  }, 30_000);
  afterAll(async () => {
    await t?.stop();
  });
  const failures = () => log.named(['turn_failed', 'turn_error_reply_failed', 'request_failed']);

  it.each([
    [
      'a team id with a lone surrogate (a URIError in the blob name)',
      { channelData: { team: { id: '\udbff' } } },
    ],
    ['a conversation id a header cannot carry (the reply failed)', { conversation: { id: 'a\u200bb' } }],
    ['an activity id with a lone surrogate (a URIError in an outbox key)', { id: 'x\ud800' }],
    [
      'a members list with a member without id (a TypeError)',
      { type: 'conversationUpdate', membersAdded: [null] },
    ],
    [
      'an Action.Execute without an action object (a TypeError in botbuilder)',
      { type: 'invoke', name: 'adaptiveCard/action', value: 'x' },
    ],
    // Found by corrupting one byte of a real activity (test/fuzz/httpGarbage.test.ts, 20,000 runs).
    ['an activity without a channel ("missing activity.channelId" in botbuilder)', { channelId: undefined }],
    ['a message without its recipient (a TypeError reading the mention)', { recipient: undefined }],
    ['a message without its sender', { from: undefined }],
    ['a sender without id', { from: { name: 'Bram Bakker' } }],
  ])('refuses %s with 400', async (_what, change) => {
    const base = personalMessage(t.connector.url, PEOPLE.bram, 'menu');
    const activity = {
      ...base,
      ...change,
      conversation: { ...base.conversation, ...((change as { conversation?: object }).conversation ?? {}) },
    };
    expect((await t.send(activity)).status).toBe(400);
    expect(failures()).toEqual([]);
  });

  it.each([
    ['application/search', 'x'],
    ['task/fetch', {}],
    ['healthCheck', {}],
    ['fileConsent/invoke', { action: 'accept' }],
  ])(
    'answers an invoke Baken does not handle (%s) with 400, not 501 or a failed turn',
    async (name, value) => {
      const activity = { ...cardInvoke(t.connector.url, PEOPLE.bram, {}), name, value };
      expect((await t.send(activity)).status).toBe(400);
      expect(failures()).toEqual([]);
    },
  );

  it('answers a button whose ids hold lone surrogates in Dutch, without failing the turn', async () => {
    for (const data of [
      { action: 'escalation.ack', ref: 'esc-\ud800' },
      { action: 'team.addManager', ref: TEAM_ID, value: 'aad-\udc00' },
      { action: 'team.choose', value: '\udbff' },
    ]) {
      const answer = await t.send(cardInvoke(t.connector.url, PEOPLE.bram, data));
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toContain(BOT_TEXTS.badAction);
    }
    expect(failures()).toEqual([]);
  });
});

function fail(): never {
  throw new Error('missing');
}
