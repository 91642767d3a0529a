import path from 'node:path';
import {
  createAdapter,
  createTeamsGateway,
  TURN_ROSTER_TIMEOUT_MS,
  credentialsFactoryOf,
  handleTurnErrors,
  openConversationState,
  type BotAdapter,
  type CredentialsFactory,
} from './edge/adapter';
import { BakenBot } from './edge/bakenBot';
import type { FeatureRegistration } from './bot/featureRegistration';
import { composeFeatures } from './bot/features';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { credentialsTokenSource, type AttachmentTokenSource } from './edge/tokenSource';
import { createLogger, errorKind, type Logger } from './logger';
import { startHttpServer } from './edge/httpServer';
import { conversationSlots } from './edge/stateSlots';
import { applyHeapGrowing } from './heapSettings';
import { startAzurite, type EmbeddedAzurite } from './storage/embeddedAzurite';
import { openStorage, type BakenStorage } from './storage/storage';
import { createPlatform, type PlatformOptions } from './platform/platform';
import type { AzureMonitorTestHooks } from './telemetry/azureMonitor';
import { BakenMetrics, turnKindOf } from './telemetry/bakenMetrics';
import { NO_TELEMETRY, type Telemetry } from './telemetry/telemetry';

/** Replaceable parts, for tests: a fake clock, and credentials where Azure AD cannot be reached. */
export interface AppOverrides extends PlatformOptions {
  clock?: Clock;
  logger?: Logger;
  credentialsFactory?: CredentialsFactory;
  /** Test hook: pause between read and write of record updates (concurrency tests). */
  pauseBeforeWriteMs?: number;
  /** Test hook: the token sent to Teams attachment hosts (default: from the credentials factory). */
  attachmentTokens?: AttachmentTokenSource;
  /** Test hook: in-memory exporters beside Application Insights (used only with a connection string). */
  telemetry?: AzureMonitorTestHooks;
  /** Test hook: features registered beside Baken's own (e.g. a fixture verb). */
  features?: readonly FeatureRegistration[];
  /** Test hook: opens the storage to use instead of Blob storage (e.g. openMemoryStorage on a shared account). */
  storage?: (options: { prefix: string; pauseBeforeWriteMs?: number }) => BakenStorage;
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
  adapter: BotAdapter;
  /** One background pass (due reminders, then due deliveries); tests call it with a fake clock. */
  tick(): Promise<void>;
  /** Stops the server (finishing turns in flight), background work and the embedded storage. */
  stop(): Promise<void>;
}

/** Composition root: config → storage → adapter → services → bot → server, in that order. */
export async function startBaken(config: Config, overrides: AppOverrides = {}): Promise<BakenApp> {
  // 1. Logging, time and memory.
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  applyHeapGrowing(config.heapGrowingPercent);
  const telemetry = await startTelemetry(config, logger, overrides.telemetry);
  const metrics = new BakenMetrics(telemetry);

  // 2. Storage: the configured account, or (local mode only) an embedded Azurite keeping data in DATA_DIR, or the
  // storage a test gives (in memory).
  let embedded: EmbeddedAzurite | undefined;
  let connectionString = config.storage.connectionString;
  if (!connectionString && !overrides.storage) {
    embedded = await startAzurite({ location: path.join(config.storage.dataDir, 'azurite') });
    connectionString = embedded.connectionString;
    logger.info('embedded_storage_started', { port: embedded.port });
  }
  const storageOptions = { prefix: config.storage.prefix, pauseBeforeWriteMs: overrides.pauseBeforeWriteMs };
  const storage = overrides.storage
    ? overrides.storage(storageOptions)
    : openStorage({ connectionString, ...storageOptions });
  try {
    await storage.ensureContainers();
  } catch (err) {
    await embedded?.stop();
    await telemetry.shutdown();
    throw err;
  }

  // 3. Bot Framework adapter: inbound JWT checks on whenever an app id is set.
  const credentialsFactory = overrides.credentialsFactory ?? credentialsFactoryOf(config);
  const adapter = createAdapter(config, credentialsFactory, logger);

  // 4. The platform (owned by no feature), then each feature registered once; the router dispatches by these.
  const conversationState = openConversationState(storage.state);
  const teamsPort = createTeamsGateway(config, credentialsFactory, clock, overrides.deliveryTimeoutMs);
  const platform = createPlatform({ config, storage, clock, logger, teamsPort, metrics }, overrides);
  let serverPort = config.port;
  const router = composeFeatures({
    platform,
    config,
    storage,
    slots: conversationSlots(conversationState),
    clock,
    logger,
    tokens: overrides.attachmentTokens ?? credentialsTokenSource(credentialsFactory, config.bot.appId),
    linkBase: () => config.evidence.publicUrl || `http://127.0.0.1:${serverPort}`,
    extra: overrides.features,
  });

  // 5. The bot (the Teams edge), and what happens when a turn fails.
  // A person's turn reads the team roster with a shorter time-out than delivery (Teams waits for the answer).
  const roster = createTeamsGateway(
    config,
    credentialsFactory,
    clock,
    overrides.deliveryTimeoutMs ?? TURN_ROSTER_TIMEOUT_MS,
  );
  const bot = new BakenBot({ config, conversationState, teams: platform.teams, logger, router, roster });
  handleTurnErrors(adapter, bot, logger);

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
