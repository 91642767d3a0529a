import type { FeatureRegistration } from '../../src/bot/featureRegistration';
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
