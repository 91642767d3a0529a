import path from 'node:path';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  ConversationState,
  StatusCodes,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { BakenBot } from './edge/bakenBot';
import { BOT_TEXTS } from './bot/botTexts';
import type { FeatureRegistration } from './bot/featureRegistration';
import { composeFeatures } from './bot/features';
import { TenantFilter } from './edge/tenantFilter';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { credentialsTokenSource, type AttachmentTokenSource } from './edge/tokenSource';
import { createLogger, errorKind, type Logger } from './logger';
import { startHttpServer } from './edge/httpServer';
import { applyHeapGrowing } from './heapSettings';
import { startAzurite, type EmbeddedAzurite } from './storage/embeddedAzurite';
import { StorageUnavailableError } from './storage/errors';
import { openStorage, type BakenStorage } from './storage/storage';
import { createPlatform, type PlatformOptions } from './platform/platform';
import type { AzureMonitorTestHooks } from './telemetry/azureMonitor';
import { BakenMetrics, turnKindOf } from './telemetry/bakenMetrics';
import { NO_TELEMETRY, type Telemetry } from './telemetry/telemetry';

/** Replaceable parts, for tests: a fake clock, and credentials where Azure AD cannot be reached. */
export interface AppOverrides extends PlatformOptions {
  clock?: Clock;
  logger?: Logger;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Test hook: pause between read and write of record updates (concurrency tests). */
  pauseBeforeWriteMs?: number;
  /** Test hook: the token sent to Teams attachment hosts (default: from the credentials factory). */
  attachmentTokens?: AttachmentTokenSource;
  /** Test hook: in-memory exporters beside Application Insights (used only with a connection string). */
  telemetry?: AzureMonitorTestHooks;
  /** Test hook: features registered beside Baken's own (e.g. a fixture verb). */
  features?: readonly FeatureRegistration[];
}

/**
 * Application Insights when a connection string is set, loaded only then; nothing otherwise. A monitoring SDK that
 * fails to start is logged and left out: Baken runs on without it.
 */
async function startTelemetry(
  config: Config,
  logger: Logger,
  hooks?: AzureMonitorTestHooks,
): Promise<Telemetry> {
  if (!config.telemetry.connectionString) return NO_TELEMETRY;
  try {
    const { startAzureMonitor } = await import('./telemetry/azureMonitor');
    const telemetry = await startAzureMonitor(config.telemetry.connectionString, hooks);
    logger.info('telemetry_started');
    return telemetry;
  } catch (err) {
    logger.error('telemetry_failed', { error: errorKind(err) });
    return NO_TELEMETRY;
  }
}

/** A running Baken. */
export interface BakenApp {
  port: number;
  storage: BakenStorage;
  adapter: CloudAdapter;
  /** One background pass (due reminders, then due deliveries); tests call it with a fake clock. */
  tick(): Promise<void>;
  /** Stops the server (finishing turns in flight), background work and the embedded storage. */
  stop(): Promise<void>;
}

/**
 * True for a Bearer token in JWS form whose header or payload is not base64url-encoded JSON: jws.decode throws a
 * SyntaxError on such a payload, which botbuilder lets escape as a 500 (echoing the parser's message).
 */
function isMalformedBearerToken(authHeader: string): boolean {
  const parts = authHeader.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Bearer') return false; // botbuilder refuses these itself
  const segments = (parts[1] ?? '').split('.');
  if (segments.length !== 3) return false; // not a JWS: botbuilder refuses it itself
  return segments.slice(0, 2).some((segment) => {
    try {
      const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
      return typeof value !== 'object' || value === null;
    } catch {
      return true;
    }
  });
}

/**
 * botbuilder lets jsonwebtoken's own errors (a token signed with the wrong key under a known key id) and a
 * SyntaxError from a token with a broken payload escape as a 500, and accepts a token without an expiry (valid
 * forever); each is a 401 like every other bad token.
 */
class BotFrameworkJwtAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const refused = () =>
      new AuthenticationError('Unauthorized. Token could not be verified.', StatusCodes.UNAUTHORIZED);
    if (isMalformedBearerToken(authHeader)) throw refused();
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(name)) throw refused();
      throw err;
    }
    // Only an identity from a verified token has claims (local mode's anonymous identity has none).
    const identity = result.claimsIdentity;
    if (identity?.isAuthenticated && identity.claims.length > 0) {
      const expiry = Number(identity.getClaimValue('exp') ?? Number.NaN);
      if (!Number.isFinite(expiry)) throw refused();
    }
    return result;
  }
}

/** Composition root: config → storage → adapter → services → bot → server, in that order. */
export async function startBaken(config: Config, overrides: AppOverrides = {}): Promise<BakenApp> {
  // 1. Logging, time and memory.
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  applyHeapGrowing(config.heapGrowingPercent);
  const telemetry = await startTelemetry(config, logger, overrides.telemetry);
  const metrics = new BakenMetrics(telemetry);

  // 2. Storage: the configured account, or (local mode only) an embedded Azurite keeping data in DATA_DIR.
  let embedded: EmbeddedAzurite | undefined;
  let connectionString = config.storage.connectionString;
  if (!connectionString) {
    embedded = await startAzurite({ location: path.join(config.storage.dataDir, 'azurite') });
    connectionString = embedded.connectionString;
    logger.info('embedded_storage_started', { port: embedded.port });
  }
  const storage = openStorage({
    connectionString,
    prefix: config.storage.prefix,
    pauseBeforeWriteMs: overrides.pauseBeforeWriteMs,
  });
  try {
    await storage.ensureContainers();
  } catch (err) {
    await embedded?.stop();
    await telemetry.shutdown();
    throw err;
  }

  // 3. Bot Framework adapter: inbound JWT checks on whenever an app id is set.
  const credentialsFactory =
    overrides.credentialsFactory ??
    new ConfigurationServiceClientCredentialFactory({
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppPassword: config.bot.appPassword,
      MicrosoftAppType: config.bot.appType,
      MicrosoftAppTenantId: config.bot.tenantId,
    });
  const auth = new BotFrameworkJwtAuthentication(
    {
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppTenantId: config.bot.tenantId,
      // Setting one endpoint makes botbuilder take every endpoint from this object (the rest would be
      // undefined and every token refused), so the other public-cloud values are given with it.
      ...(config.bot.openIdMetadataUrl
        ? {
            ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            CallerId: CallerIdConstants.PublicAzureChannel,
          }
        : {}),
    },
    credentialsFactory,
  );
  const adapter = new CloudAdapter(auth);
  adapter.use(new TenantFilter(config.allowedTenants, logger));

  // 4. The platform (owned by no feature), then each feature registered once; the router dispatches by these.
  const conversationState = new ConversationState(storage.botState);
  const platform = createPlatform({ config, storage, clock, logger, credentialsFactory, metrics }, overrides);
  let serverPort = config.port;
  const router = composeFeatures({
    platform,
    config,
    storage,
    conversationState,
    clock,
    logger,
    tokens: overrides.attachmentTokens ?? credentialsTokenSource(credentialsFactory, config.bot.appId),
    linkBase: () => config.evidence.publicUrl || `http://127.0.0.1:${serverPort}`,
    extra: overrides.features,
  });

  // 5. The bot (the Teams edge), and what happens when a turn fails.
  const bot = new BakenBot({ config, conversationState, teams: platform.teams, logger, router });
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

  // 6. HTTP server.
  const server = await startHttpServer(
    {
      adapter,
      runTurn: (context) => metrics.turn(turnKindOf(context.activity), () => bot.run(context)),
      isReady: () => storage.isReachable(),
      logger,
      maxBodyBytes: config.maxBodyBytes,
      routes: (server) => router.httpRoutes(server),
    },
    config.port,
    config.host,
  );
  serverPort = server.port;
  logger.info('baken_started', { port: server.port, localMode: config.localMode });

  // 7. Background work: reminders and delivery; sends left undelivered by an earlier run resume now.
  platform.start();

  let stopped = false;
  return {
    port: server.port,
    storage,
    adapter,
    tick: () => platform.tick(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      await platform.stop();
      await embedded?.stop();
      await telemetry.shutdown();
      logger.info('baken_stopped');
    },
  };
}
