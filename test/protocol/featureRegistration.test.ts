import type { CardAction } from '../../cards/actions';
import { messageCard } from '../../cards/messageCard';
import { cardAnswer } from '../../src/bot/answer';
import { BOT_TEXTS } from '../../src/bot/botTexts';
import type { FeatureRegistration } from '../../src/bot/featureRegistration';
import { LoopbackConnector } from '../support/connector';
import { startTestBaken, useMemoryStorage, type TestBaken } from '../support/harness';
import { cardInvoke, channelConversation, teamChannelData, TENANT, user } from '../support/teams';

/*
 * Adding a button is one registration and its handler: a fixture feature registers `fixture.ping` beside Baken's
 * own features (nothing else changes), and a card button with that verb reaches its handler through the real HTTP
 * server, the Teams edge and the router. A verb nobody registered is refused as a bad button.
 */

const storage = useMemoryStorage();
const sanne = user('sanne', 'Sanne de Vries');
let baken: TestBaken;
let connector: LoopbackConnector;
/** Every press the fixture's handler received. */
let pings: CardAction[];

/** The whole fixture feature: one verb, one handler that answers with a card. */
function fixtureFeature(personalOnly = false): FeatureRegistration {
  return {
    name: 'fixture',
    personalOnly,
    actions: {
      'fixture.ping': async (_context, action) => {
        pings.push(action);
        return cardAnswer(messageCard({ title: 'Fixture', text: `pong ${action.value ?? ''}` }));
      },
    },
  };
}

async function start(feature: FeatureRegistration): Promise<void> {
  connector = await new LoopbackConnector().start();
  baken = await startTestBaken(
    storage.get(),
    { ALLOWED_TENANTS: TENANT },
    { features: [feature] },
    connector,
  );
}

beforeEach(() => {
  pings = [];
});
afterEach(async () => {
  await baken.stop();
  await connector.stop();
});

describe('a feature registered at the composition root', () => {
  it('answers a card button with its new verb through the real server and router', async () => {
    await start(fixtureFeature());
    const res = await baken.send(cardInvoke(connector.url, sanne, { action: 'fixture.ping', value: 'één' }));
    expect(res.status).toBe(200);
    const body = res.body as { type: string; value: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('pong één');
    expect(pings).toEqual([{ action: 'fixture.ping', value: 'één' }]);
    expect(connector.posted()).toHaveLength(0);
  });

  it('refuses a verb no feature registered as a bad button, before any handler', async () => {
    await start(fixtureFeature());
    const res = await baken.send(cardInvoke(connector.url, sanne, { action: 'fixture.pong', value: 'x' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: BOT_TEXTS.badAction,
    });
    expect(pings).toEqual([]);
  });

  it('keeps a personal-only feature out of channels (the presser gets what Baken does there)', async () => {
    await start(fixtureFeature(true));
    const res = await baken.send(
      cardInvoke(connector.url, sanne, { action: 'fixture.ping' }, channelConversation(), {
        channelData: teamChannelData(),
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('In een kanaal kan ik dit');
    expect(pings).toEqual([]);
  });
});
