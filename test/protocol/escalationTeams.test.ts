import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import type { ConnectorCall } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  invokeCardOf,
  personalMessages,
  setEscalationChannel,
  startEscalationBaken,
  teamRoster,
  type EscalationBaken,
} from '../support/escalationSetup';
import { buttonsOf } from '../support/cardWalk';
import { executeActions, fillInputs } from '../support/flowWalker';
import { useMemoryStorage } from '../support/harness';
import {
  TEAM_ID,
  TENANT,
  cardInvoke,
  channelMention,
  personalConversation,
  personalMessage,
  teamInstall,
  user,
  type TestUser,
} from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const EIK_ID = '19:eik-general@thread.tacv2';
const none: ConnectorCall = { method: '', path: '', body: {}, at: 0 };

async function press(t: EscalationBaken, u: TestUser, data: Record<string, unknown>) {
  const answer = await t.send(cardInvoke(t.connector.url, u, data));
  expect(answer.status).toBe(200);
  const card = invokeCardOf(answer.body);
  validateCard(card);
  return card;
}

/** The last card the bot posted in the user's 1:1 chat (a reply to a typed message, or a new message). */
function lastPersonalCard(t: EscalationBaken, u: TestUser) {
  const posts = t.connector.posted(personalConversation(u).id);
  return cardOf(posts.at(-1) ?? none);
}

/** Walks "Online verliefd" to its "Meld bij het team" card (step 6, Doe) and returns that card. */
async function toEscalateCard(t: EscalationBaken, u: TestUser) {
  let card = await press(t, u, { action: 'flow.start', value: 'verliefd' });
  for (let i = 0; i < 30 && card; i++) {
    if (executeActions(card).some((a) => a.verb === 'flow.escalate')) return card;
    // "Verder" on a card of guidance, "Nee" on a question ("Maak je je zorgen?").
    const next = executeActions(card).find(
      (a) => a.verb === 'flow.next' || (a.verb === 'flow.answer' && a.data.value === 'nee'),
    );
    if (!next) break;
    card = await press(t, u, { ...next.data, ...fillInputs(card, { canary: 'x7', urgency: 'normaal' }) });
  }
  throw new Error('no escalate button in the verliefd flow');
}

async function pressEscalate(t: EscalationBaken, u: TestUser, card: Record<string, unknown> | undefined) {
  const escalate = executeActions(card).find((a) => a.verb === 'flow.escalate');
  return press(t, u, { ...escalate?.data, ...fillInputs(card, { canary: 'x7', urgency: 'hoog' }) });
}

async function allEscalations(t: EscalationBaken) {
  const records = [];
  for (const name of await t.app.storage.escalations.list()) {
    const doc = await t.app.storage.escalations.read(name, escalationRecordSchema);
    if (doc) records.push(doc.value);
  }
  return records;
}

describe('roles and teams', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
  });
  afterEach(async () => {
    await t.stop();
  });

  it('never shows the member list in a channel: "@Baken managers" there points to the 1:1 chat', async () => {
    const channel = '19:linde-meldingen@thread.tacv2';
    await t.send(channelMention(t.connector.url, PEOPLE.anna, 'managers', channel));
    const inChannel = t.connector.posted(channel).map((c) => JSON.stringify(c.body));
    expect(inChannel).toHaveLength(1);
    expect(inChannel[0]).toContain('persoonlijk bericht');
    expect(inChannel[0]).not.toContain(PEOPLE.bram.name);
    expect(inChannel[0]).not.toContain('team.addManager');
  });

  it('a manager adds and removes managers from the team roster; guests and staff cannot', async () => {
    await t.send(personalMessage(t.connector.url, PEOPLE.anna, 'managers'));
    const card = lastPersonalCard(t, PEOPLE.anna);
    validateCard(card);
    const listed = executeActions(card).map((a) => a.data.value);
    expect(listed).toEqual(expect.arrayContaining([PEOPLE.anna.aadObjectId, PEOPLE.bram.aadObjectId]));
    expect(listed).not.toContain(PEOPLE.gast.aadObjectId);

    const added = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: PEOPLE.bram.aadObjectId,
    });
    expect(JSON.stringify(added)).toContain('Bram Bakker is nu leidinggevende');
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).toContain(
      PEOPLE.bram.aadObjectId,
    );

    const guest = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: PEOPLE.gast.aadObjectId,
    });
    expect(JSON.stringify(guest)).toContain('Gasten kunnen geen leidinggevende zijn');

    // "Haal weg" asks once more; "Nee, laat staan" changes nothing; "Ja, haal weg" removes.
    const remove = { action: 'team.removeManager', ref: TEAM_ID, value: PEOPLE.anna.aadObjectId };
    const asked = JSON.stringify(await press(t, PEOPLE.bram, remove));
    expect(asked).toContain('Anna de Vries weghalen als leidinggevende?');
    expect(asked).toContain('"confirmed":"ja"');
    await press(t, PEOPLE.bram, { ...remove, confirmed: 'nee' });
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).toContain(
      PEOPLE.anna.aadObjectId,
    );
    await press(t, PEOPLE.bram, { ...remove, confirmed: 'ja' });
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).not.toContain(
      PEOPLE.anna.aadObjectId,
    );

    // Anna is staff now: her press is refused, seen only by her, and changes nothing.
    const refused = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: PEOPLE.anna.aadObjectId,
    });
    expect(JSON.stringify(refused)).toMatch(/alleen een leidinggevende/i);
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).not.toContain(
      PEOPLE.anna.aadObjectId,
    );
    const audit = await t.app.storage.audit.readAll((e) => e.objectType === 'teamManager');
    expect(audit.map((e) => [e.action, e.outcome])).toEqual([
      ['team.add_manager', 'ok'],
      ['team.add_manager', 'refused'],
      ['team.remove_manager', 'ok'],
      ['team.add_manager', 'refused'],
    ]);
  });

  it('someone in two teams is asked once "Voor welk team?", and the choice is remembered', async () => {
    const eikInstall = {
      ...teamInstall(t.connector.url, PEOPLE.piet),
      conversation: { conversationType: 'channel', id: EIK_ID, isGroup: true, tenantId: TENANT },
      channelData: {
        team: { id: EIK_ID, name: 'Team De Eik' },
        channel: { id: EIK_ID },
        tenant: { id: TENANT },
      },
    };
    expect((await t.send(eikInstall)).status).toBe(200);
    t.connector.rosters.set(EIK_ID, teamRoster());
    await t.teams.addManager(
      EIK_ID,
      { aadObjectId: PEOPLE.piet.aadObjectId, name: PEOPLE.piet.name },
      PEOPLE.admin,
    );

    const escalateCard = await toEscalateCard(t, PEOPLE.bram);
    const first = await pressEscalate(t, PEOPLE.bram, escalateCard);
    expect(JSON.stringify(first)).toContain('Kies eerst voor welk team');
    expect(await allEscalations(t)).toEqual([]);
    const choice = lastPersonalCard(t, PEOPLE.bram);
    validateCard(choice);
    expect(JSON.stringify(choice)).toContain('Voor welk team?');
    const eik = executeActions(choice).find((a) => a.data.value === EIK_ID);
    expect(eik).toBeDefined();

    await press(t, PEOPLE.bram, { ...eik?.data });
    const second = await pressEscalate(t, PEOPLE.bram, escalateCard);
    expect(JSON.stringify(second)).toContain(
      'Je team weet het nu: de leidinggevenden van Team De Eik kregen een bericht',
    );
    expect(JSON.stringify(second)).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
    const [record] = await allEscalations(t);
    expect(record?.teamId).toBe(EIK_ID);
    expect(record?.route).toBe('managers');
    await t.app.tick();
    expect(await personalMessages(t, PEOPLE.piet)).toHaveLength(1);
    expect(await personalMessages(t, PEOPLE.anna)).toHaveLength(0);
  });

  it('"Meld bij het team" tells the team, and the card says plainly that this is not yet a melding', async () => {
    expect((await setEscalationChannel(t)).status).toBe(200);
    const escalateCard = await toEscalateCard(t, PEOPLE.bram);
    const titles = buttonsOf(escalateCard).map((b) => b.title);
    expect(titles).toContain('Meld bij het team');
    expect(titles).not.toContain('Meld nu');
    const answer = JSON.stringify(await pressEscalate(t, PEOPLE.bram, escalateCard));
    expect(answer).toContain('Je team weet het nu. Het staat in het meldkanaal van Team De Linde');
    expect(answer).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
    expect(answer).not.toContain('Gemeld');
    const [record] = await allEscalations(t);
    expect(record?.route).toBe('channel');
  });

  it('someone in no team: the escalation goes 1:1 to the admins, and the reporter is told', async () => {
    const nina = user('nina', 'Nina Nieuw');
    const card = await toEscalateCard(t, nina);
    const answer = await pressEscalate(t, nina, card);
    expect(JSON.stringify(answer)).toContain('De beheerders van Baken weten het nu');
    expect(JSON.stringify(answer)).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
    await t.app.tick();
    const [record] = await allEscalations(t);
    expect(record).toMatchObject({ route: 'admins', delivery: { status: 'direct_to_admins' } });
    expect(record?.teamId).toBeUndefined();
    const toAdmin = (await personalMessages(t, PEOPLE.admin)).map((c) => JSON.stringify(cardOf(c)));
    expect(toAdmin).toEqual([expect.stringContaining('iemand in een team waar Baken nog niet is')]);
    const toNina = (await personalMessages(t, nina)).map((c) => JSON.stringify(cardOf(c)));
    expect(toNina).toEqual([expect.stringContaining('naar de beheerders gestuurd')]);
    const stored = await t.app.storage.escalations.read(
      escalationDocName(record?.id ?? ''),
      escalationRecordSchema,
    );
    expect(stored?.value.reporter.aadObjectId).toBe(nina.aadObjectId);
  });
});

describe('roster look-ups where Teams and the Playground differ', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A look-up of one member by Entra object id, as the Playground answers it: not found. */
  const byEntraId = (c: ConnectorCall) =>
    c.method === 'GET' && /\/members\/(?!29%3A|29:)[^/]+$/.test(c.path.split('?')[0] ?? '');
  const notFound = { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };

  it('a member not found by Entra object id is found in the paged roster: the manager is appointed', async () => {
    t.connector.script(byEntraId, notFound, notFound);
    const added = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: PEOPLE.bram.aadObjectId,
    });
    expect(JSON.stringify(added)).toContain('Bram Bakker is nu leidinggevende');
    expect(t.connector.calls.some((c) => c.path.includes('/pagedmembers'))).toBe(true);
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).toContain(
      PEOPLE.bram.aadObjectId,
    );
  });

  it('someone on no page of the roster is still not on the team', async () => {
    t.connector.script(byEntraId, notFound, notFound);
    const added = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: 'aad-not-a-member',
    });
    expect(JSON.stringify(added)).toContain('Deze persoon zit niet (meer) in het team');
  });

  it('a roster that cannot be read says "probeer het zo opnieuw", never that the person left the team', async () => {
    t.connector.script(byEntraId, notFound, notFound);
    const down = { status: 503, body: {} };
    t.connector.script((c) => c.method === 'GET' && c.path.includes('/pagedmembers'), down, down, down, down);
    const answer = JSON.stringify(
      await press(t, PEOPLE.anna, {
        action: 'team.addManager',
        ref: TEAM_ID,
        value: PEOPLE.bram.aadObjectId,
      }),
    );
    expect(answer).toContain('Ik kan dat nu niet nagaan. Probeer het zo opnieuw.');
    expect(answer).not.toContain('zit niet (meer) in het team');
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).not.toContain(
      PEOPLE.bram.aadObjectId,
    );
    // Asked once: no retries inside the person's turn (the SDK's client waited about 6 s on three of them).
    expect(t.connector.calls.filter((c) => c.path.includes('/pagedmembers'))).toHaveLength(1);
  });
  it('a page of the roster that lists nobody is a failed read, never "not in the team"', async () => {
    t.connector.script(byEntraId, notFound, notFound);
    t.connector.script((c) => c.method === 'GET' && c.path.includes('/pagedmembers'), {
      status: 200,
      body: 'kapot',
    });
    const answer = JSON.stringify(
      await press(t, PEOPLE.anna, {
        action: 'team.addManager',
        ref: TEAM_ID,
        value: PEOPLE.bram.aadObjectId,
      }),
    );
    expect(answer).toContain('Ik kan dat nu niet nagaan. Probeer het zo opnieuw.');
    expect(answer).not.toContain('zit niet (meer) in het team');
  });

  it('throttling that asks for a short wait is waited out once; a long wait is not', async () => {
    t.connector.script(byEntraId, notFound, notFound, notFound, notFound);
    const paged = (c: ConnectorCall) => c.method === 'GET' && c.path.includes('/pagedmembers');
    const throttled = (seconds: string) => ({ status: 429, body: {}, headers: { 'retry-after': seconds } });
    t.connector.script(paged, throttled('0.2'));
    const added = await press(t, PEOPLE.anna, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: PEOPLE.bram.aadObjectId,
    });
    expect(JSON.stringify(added)).toContain('Bram Bakker is nu leidinggevende');
    // The throttled read was asked again once, after the wait Teams asked for.
    const [first, second] = t.connector.calls.filter(paged);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(190);
    const before = t.connector.calls.filter(paged).length;

    t.connector.script(paged, throttled('30'));
    const started = Date.now();
    const refused = JSON.stringify(
      await press(t, PEOPLE.anna, {
        action: 'team.addManager',
        ref: TEAM_ID,
        value: PEOPLE.piet.aadObjectId,
      }),
    );
    expect(refused).toContain('Ik kan dat nu niet nagaan. Probeer het zo opnieuw.');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.connector.calls.filter(paged)).toHaveLength(before + 1);
  });
});

describe('a roster read that hangs inside a turn', () => {
  let t: EscalationBaken;
  afterEach(async () => {
    await t.stop();
  });

  it('ends at its time-out with "probeer het zo opnieuw", not when Teams gives up on the press', async () => {
    t = await startEscalationBaken(storage.get(), { overrides: { deliveryTimeoutMs: 300 } });
    t.connector.script((c) => c.method === 'GET' && c.path.includes('/members/'), {
      status: 200,
      hang: true,
    });
    const started = Date.now();
    const answer = JSON.stringify(
      await press(t, PEOPLE.anna, {
        action: 'team.addManager',
        ref: TEAM_ID,
        value: PEOPLE.bram.aadObjectId,
      }),
    );
    // The presser's own role cannot be read: nothing changes, and the press is answered at once.
    expect(answer).toContain('Dat lukte nu niet. Probeer het zo opnieuw.');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await t.teams.get(TEAM_ID))?.managers.map((m) => m.aadObjectId)).not.toContain(
      PEOPLE.bram.aadObjectId,
    );
  });
});
