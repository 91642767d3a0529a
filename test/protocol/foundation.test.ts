import { BOT_TEXTS } from '../../src/bot/botTexts';
import { LoopbackConnector } from '../support/connector';
import { startTestBaken, useAzurite, type TestBaken } from '../support/harness';
import { cardInvoke, personalMessage, TEAM_ID, teamInstall, TENANT, user } from '../support/teams';
import { validateCard } from '../support/validateCard';

const azurite = useAzurite();
const sanne = user('sanne', 'Sanne de Vries');
let baken: TestBaken;
let connector: LoopbackConnector;

beforeEach(async () => {
  connector = await new LoopbackConnector().start();
  baken = await startTestBaken(azurite.get(), { ALLOWED_TENANTS: TENANT }, {}, connector);
});
afterEach(async () => {
  await baken.stop();
  await connector.stop();
});

/** The Adaptive Card of the last activity posted to the connector. */
function lastCard(): Record<string, unknown> {
  const posted = connector.posted();
  const activity = posted[posted.length - 1]?.body as {
    attachments?: Array<{ content: Record<string, unknown> }>;
  };
  const card = activity?.attachments?.[0]?.content;
  if (!card) throw new Error(`no card posted; calls:\n${connector.describe()}`);
  return card;
}

describe('a personal message', () => {
  it('gets the menu card listing every flow of the product, valid at schema 1.5', async () => {
    const res = await baken.send(personalMessage(connector.url, sanne, 'hallo'));
    expect(res.status).toBe(200);
    const card = lastCard();
    expect(() => validateCard(card)).not.toThrow();
    const text = JSON.stringify(card);
    for (const title of [
      'Grooming-check',
      'Online verliefd',
      'Online uitbuiting',
      'Gesprekstips',
      'Voorkomen',
      'Ik word online lastiggevallen',
      'Online grensoverschrijdend gedrag tegen jou',
      'Mijn meldingen',
      'Nazorg',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toContain('"verb":"flow.start"');
  });

  it('answers unknown text with a short help', async () => {
    await baken.send(personalMessage(connector.url, sanne, 'wat is het weer'));
    const activity = connector.posted().pop()?.body as { text?: string };
    expect(activity.text).toBe(BOT_TEXTS.unknown);
  });

  it('answers a card button in place through the invoke response', async () => {
    const res = await baken.send(
      cardInvoke(connector.url, sanne, { action: 'flow.start', value: 'grooming' }),
    );
    expect(res.status).toBe(200);
    const body = res.body as { type: string; value: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(() => validateCard(body.value)).not.toThrow();
    expect(JSON.stringify(body.value)).toContain('grooming');
    expect(connector.posted()).toHaveLength(0);
  });

  it('refuses an activity from a tenant that is not served', async () => {
    const foreign = personalMessage(connector.url, sanne, 'hallo') as Record<string, unknown>;
    foreign.conversation = {
      ...(foreign.conversation as object),
      tenantId: '99999999-0000-0000-0000-000000000000',
    };
    foreign.channelData = { tenant: { id: '99999999-0000-0000-0000-000000000000' } };
    await baken.send(foreign);
    expect(connector.posted()).toHaveLength(0);
  });
});

describe('personal installation', () => {
  it('welcomes once when Teams sends installationUpdate and conversationUpdate at the same time', async () => {
    const base = personalMessage(connector.url, sanne, '') as Record<string, unknown>;
    const install = { ...base, id: 'inst-1', type: 'installationUpdate', action: 'add', text: undefined };
    const added = {
      ...base,
      id: 'conv-1',
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: '29:sanne' }, { id: '28:baken-bot' }],
    };
    await Promise.all([baken.send(install), baken.send(added)]);
    const cards = connector.posted().filter((c) => JSON.stringify(c.body).includes('Welkom bij Baken'));
    expect(cards).toHaveLength(1);
    // A later conversationUpdate (e.g. Teams re-sends it) does not welcome again.
    await baken.send({ ...added, id: 'conv-2' });
    expect(
      connector.posted().filter((c) => JSON.stringify(c.body).includes('Welkom bij Baken')),
    ).toHaveLength(1);
  });
});

describe('installation in a team', () => {
  it('stores the team reference and says hello in General once', async () => {
    await baken.send(teamInstall(connector.url, sanne));
    const stored = await baken.app.storage.teams.list();
    expect(stored).toHaveLength(1);
    const hello = connector.posted(TEAM_ID);
    expect(hello).toHaveLength(1);
    expect((hello[0]?.body as { text: string }).text).toBe(BOT_TEXTS.teamHello);

    await baken.send(teamInstall(connector.url, sanne));
    expect(connector.posted(TEAM_ID)).toHaveLength(1);
  });
});
