import { messageCard } from '../../cards/messageCard';
import { cardAnswer, refusalAnswer } from '../../src/bot/answer';
import { BOT_TEXTS } from '../../src/bot/botTexts';
import type { FeatureRegistration } from '../../src/bot/featureRegistration';
import { invokeResponseOf, sendAnswer } from '../../src/edge/cardReply';
import type { Turn } from '../../src/edge/turn';
import { Router } from '../../src/bot/router';
import { ACTION_VERBS } from '../../src/bot/verbCatalog';
import { composedRouter } from '../support/composedRouter';

/** A feature with one verb whose handler does nothing (these checks never run a turn). */
function feature(name: string, verb: string): FeatureRegistration {
  return { name, actions: { [verb]: async () => undefined } };
}

describe('the router accepts exactly the registered verbs', () => {
  it('a new verb is accepted once one feature registers it, and only then', () => {
    expect(composedRouter().parse({ action: 'fixture.ping' })).toBeUndefined();
    const router = composedRouter([feature('fixture', 'fixture.ping')]);
    expect(router.parse({ action: 'fixture.ping', ref: 'r1' })).toEqual({
      action: 'fixture.ping',
      ref: 'r1',
    });
    expect(router.parse({ action: 'fixture.pong' })).toBeUndefined();
    expect([...router.verbs()].sort()).toEqual([...ACTION_VERBS, 'fixture.ping'].sort());
  });

  it('still checks the data shape of a registered verb', () => {
    const router = new Router([feature('fixture', 'fixture.ping')]);
    expect(router.parse({ action: 'fixture.ping', step: -1 })).toBeUndefined();
    expect(router.parse({ action: 'fixture.ping', ref: '' })).toBeUndefined();
    expect(router.parse({ action: 'fixture.ping', f_note: 'x' })).toEqual({
      action: 'fixture.ping',
      fields: { note: 'x' },
    });
  });

  it('refuses two features registering one verb, or one feature twice', () => {
    expect(() => new Router([feature('a', 'x.ping'), feature('b', 'x.ping')])).toThrow(/x\.ping/);
    expect(() => new Router([feature('a', 'x.ping'), feature('a', 'x.pong')])).toThrow(/twice/);
  });

  it('a verb of one of Baken own features cannot be registered again by another feature', () => {
    expect(() => composedRouter([feature('fixture', 'flow.start')])).toThrow(/flow\.start/);
  });
});

/** A turn of a button press (Action.Execute) or a typed message, in the 1:1 chat or a channel; records its sends. */
function turnOf(type: 'invoke' | 'message', conversationType: 'personal' | 'channel') {
  const sent: unknown[] = [];
  const state = new Map<symbol, unknown>();
  const turn: Turn = {
    activity: {
      type,
      ...(type === 'invoke' ? { name: 'adaptiveCard/action' } : {}),
      text: '',
      from: { id: 'u1', name: 'Sanne', aadObjectId: 'aad-1' },
      recipient: { id: 'bot' },
      conversation: { id: 'c1', conversationType },
      serviceUrl: 'https://smba.example/',
      channelId: 'msteams',
    },
    turnState: { get: (key) => state.get(key), set: (key, value) => state.set(key, value) },
    sendActivity: async (activity) => {
      sent.push(activity);
      return { id: `sent-${sent.length}` };
    },
  };
  return { turn, sent };
}

describe('a handler returns its answer, and the router hands it to the edge', () => {
  const pong = messageCard({ title: 'Fixture', text: 'pong' });
  const answering: FeatureRegistration = {
    name: 'fixture',
    actions: {
      'fixture.ping': async () => cardAnswer(pong),
      'fixture.nope': async () => refusalAnswer('Dat mag jij niet.'),
    },
  };

  it('a returned card becomes the invoke answer, replacing the pressed card; nothing else is sent', async () => {
    const { turn, sent } = turnOf('invoke', 'personal');
    const answer = await new Router([answering]).action(turn, { action: 'fixture.ping' });
    expect(answer).toEqual({ kind: 'card', card: pong });
    expect(invokeResponseOf(answer)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: pong,
    });
    expect(sent).toEqual([]);
  });

  it('a returned refusal becomes the refusal answer: a Baken card for a press, text in a message turn', async () => {
    const press = turnOf('invoke', 'personal');
    const answer = await new Router([answering]).action(press.turn, { action: 'fixture.nope' });
    expect(answer).toEqual({ kind: 'refusal', text: 'Dat mag jij niet.' });
    expect(invokeResponseOf(answer)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: messageCard({ title: 'Baken', text: 'Dat mag jij niet.' }),
    });
    expect(press.sent).toEqual([]);
    const message = turnOf('message', 'personal');
    await sendAnswer(message.turn, answer);
    expect(message.sent).toEqual(['Dat mag jij niet.']);
  });

  it('a personal-only button pressed in a channel is refused by the router, never handled', async () => {
    let handled = false;
    const personal: FeatureRegistration = {
      name: 'personal',
      personalOnly: true,
      actions: {
        'personal.ping': async () => {
          handled = true;
          return cardAnswer(pong);
        },
      },
    };
    const { turn } = turnOf('invoke', 'channel');
    const answer = await new Router([personal]).action(turn, { action: 'personal.ping' });
    expect(answer).toEqual(refusalAnswer(BOT_TEXTS.channelHelp));
    expect(handled).toBe(false);
  });

  it('without an answer the press is answered "OK"', () => {
    expect(invokeResponseOf(undefined)).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'OK',
    });
  });
});
