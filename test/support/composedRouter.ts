import { ConversationState } from 'botbuilder';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import { composeFeatures } from '../../src/bot/features';
import type { FeatureRegistration } from '../../src/bot/featureRegistration';
import type { Router } from '../../src/bot/router';
import { FakeClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { createTeamsGateway } from '../../src/edge/adapter';
import { conversationSlots } from '../../src/edge/stateSlots';
import { createLogger } from '../../src/logger';
import { createPlatform } from '../../src/platform/platform';
import { openStorage } from '../../src/storage/storage';

/**
 * The router the composition root builds, with every feature registered as in production (plus `extra`), on a
 * storage that is never opened: for checks of what the router accepts, without Azurite. Nothing here does I/O.
 */
export function composedRouter(extra: readonly FeatureRegistration[] = []): Router {
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  const storage = openStorage({ connectionString: 'UseDevelopmentStorage=true', prefix: 'never' });
  const clock = new FakeClock();
  const logger = createLogger('silent');
  const credentialsFactory = {
    isValidAppId: async () => true,
    isAuthenticationDisabled: async () => true,
    createCredentials: async () => {
      throw new Error('no credentials in this check');
    },
  };
  const platform = createPlatform(
    { config, storage, clock, logger, teamsPort: createTeamsGateway(config, credentialsFactory, clock) },
    { backgroundTimer: false },
  );
  return composeFeatures({
    platform,
    config,
    storage,
    slots: conversationSlots(new ConversationState(new BotStateStorage(storage.state))),
    clock,
    logger,
    tokens: { authorization: async () => undefined },
    linkBase: () => 'http://127.0.0.1:3978',
    extra,
  });
}
