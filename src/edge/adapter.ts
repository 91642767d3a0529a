import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  ConversationState,
  type TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { BOT_TEXTS } from '../bot/botTexts';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { errorKind, type Logger } from '../logger';
import type { TeamsPort } from '../delivery/teamsPort';
import type { DocumentStore } from '../storage/documentStore';
import { StorageUnavailableError } from '../storage/errors';
import type { BakenBot } from './bakenBot';
import { BotStateStorage } from './botStateStorage';
import { botFrameworkAuthentication } from './jwtAuthentication';
import { TeamsGateway } from './teamsGateway';
import { TenantFilter } from './tenantFilter';

/** The bot's credentials towards Azure AD (tests: a fake where Azure AD cannot be reached). */
export type CredentialsFactory = ServiceClientCredentialsFactory;

/** The Bot Framework adapter that runs every turn. */
export type BotAdapter = CloudAdapter;

/** The bot's credentials from its configured app id, password, type and tenant. */
export function credentialsFactoryOf(config: Config): CredentialsFactory {
  return new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  });
}

/** The adapter: inbound JWT checks on whenever an app id is set; only the configured tenants are served. */
export function createAdapter(
  config: Config,
  credentialsFactory: CredentialsFactory,
  logger: Logger,
): BotAdapter {
  const adapter = new CloudAdapter(botFrameworkAuthentication(config, credentialsFactory));
  adapter.use(new TenantFilter(config.allowedTenants, logger));
  return adapter;
}

/** The conversations' state documents, on Baken's bot state storage over the state container's documents. */
export function openConversationState(documents: DocumentStore): ConversationState {
  return new ConversationState(new BotStateStorage(documents));
}

/** What happens when a turn fails: logged, the dialog stack cleared (unless storage is down), the person told. */
export function handleTurnErrors(adapter: BotAdapter, bot: BakenBot, logger: Logger): void {
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error('turn_failed', { activityId: context.activity.id, error: errorKind(error) });
    const storageDown = error instanceof StorageUnavailableError;
    try {
      if (!storageDown) {
        // Clear the broken dialog stack so the user can start again; stored flow runs stay resumable.
        await bot.clearDialogState(context);
      }
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status: 200,
            body: {
              statusCode: 200,
              type: 'application/vnd.microsoft.activity.message',
              value: storageDown ? BOT_TEXTS.storageDown : BOT_TEXTS.turnError,
            },
          },
        });
      } else {
        await context.sendActivity(storageDown ? BOT_TEXTS.storageDown : BOT_TEXTS.turnError);
      }
    } catch (inner) {
      logger.error('turn_error_reply_failed', { activityId: context.activity.id, error: errorKind(inner) });
    }
  };
}

/** How long a roster look-up inside a person's turn may take (Teams gives the whole turn about 15 s). */
export const TURN_ROSTER_TIMEOUT_MS = 5_000;

/** The proactive sends to Teams (the Bot Connector REST API), with the bot's credentials. */
export function createTeamsGateway(
  config: Config,
  credentialsFactory: CredentialsFactory,
  clock: Clock,
  timeoutMs?: number,
): TeamsPort {
  return new TeamsGateway({
    appId: config.bot.appId,
    tenantId: config.bot.appType === 'SingleTenant' ? config.bot.tenantId : undefined,
    credentialsFactory,
    timeoutMs,
    clock,
  });
}
