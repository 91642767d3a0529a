import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { sdkTurn } from '../../src/edge/sdkTurn';
import { teamOf } from '../../src/edge/teamInfo';
import type { Turn } from '../../src/edge/turn';

/** A real SDK turn of the given activity. */
function sdkContext(activity: Partial<Activity>): TurnContext {
  return new TurnContext(new TestAdapter(), { type: 'message', text: '', ...activity });
}

/** Something shaped like a turn that the SDK did not make. */
const lookalike: Turn = {
  activity: {
    type: 'message',
    text: '',
    from: { id: '29:x' },
    recipient: { id: '28:bot' },
    conversation: { id: 'c' },
    serviceUrl: 'https://smba.example',
    channelId: 'msteams',
    channelData: { team: { id: '19:team' } },
  },
  turnState: new Map<symbol, unknown>(),
  sendActivity: async () => undefined,
};

describe('the SDK turn behind a Turn', () => {
  it('is the TurnContext itself', () => {
    const context = sdkContext({});
    expect(sdkTurn(context)).toBe(context);
  });

  it('is refused for a turn the SDK did not make', () => {
    expect(() => sdkTurn(lookalike)).toThrow(TypeError);
  });
});

describe('the team of a turn', () => {
  it('is the team Teams names in the channel data', () => {
    const context = sdkContext({ channelData: { team: { id: '19:team', name: 'De Linde' } } });
    expect(teamOf(context)).toEqual({ id: '19:team', name: 'De Linde' });
  });

  it('is none outside a team', () => {
    expect(teamOf(sdkContext({ channelData: { tenant: { id: 't' } } }))).toBeUndefined();
  });
});
