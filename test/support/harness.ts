import { randomUUID } from 'node:crypto';
import { startBaken, type AppOverrides, type BakenApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { startAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { MemoryAccount } from '../../src/storage/memoryBlobs';
import { openMemoryStorage } from '../../src/storage/memoryStorage';
import { openStorage, type BakenStorage } from '../../src/storage/storage';
import { LoopbackConnector } from './connector';

/** Memory storage for one test file: an account every Baken of the file opens its own prefix on, as on Azurite. */
export interface MemoryBackend {
  kind: 'memory';
  account: MemoryAccount;
}

/** Where a test's Bakens keep their data: a shared Azurite (Blob storage), or memory. */
export type TestStorage = EmbeddedAzurite | MemoryBackend;

/** True for memory storage. */
export function isMemory(storage: TestStorage): storage is MemoryBackend {
  return 'kind' in storage && storage.kind === 'memory';
}

/** Opens a BakenStorage with the given prefix on a test's storage (Blob on Azurite, or memory). */
export function openTestStorage(storage: TestStorage, prefix: string, pauseBeforeWriteMs = 0): BakenStorage {
  return isMemory(storage)
    ? openMemoryStorage({ account: storage.account, prefix, pauseBeforeWriteMs })
    : openStorage({ connectionString: storage.connectionString, prefix, pauseBeforeWriteMs });
}

/** A running Baken with its own connector, on a shared in-memory Azurite or on memory storage. */
export interface TestBaken {
  app: BakenApp;
  connector: LoopbackConnector;
  url: string;
  /** Posts an activity to /api/messages as Teams would; returns status and parsed body. */
  send(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** Posts an activity to a Baken's /api/messages as Teams would; returns status and parsed body. */
export async function postActivity(
  baseUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Starts an in-memory Azurite for one test file. */
export function useAzurite(): { get: () => EmbeddedAzurite } {
  let azurite: EmbeddedAzurite | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
  });
  return {
    get: () => {
      if (!azurite) throw new Error('Azurite not started');
      return azurite;
    },
  };
}

/**
 * Memory storage for one test file, for tests whose subject is not storage: Baken runs as on Azurite (real HTTP
 * server, loopback connector), only its storage is in memory, with the Blob store's rules (test/contract).
 */
export function useMemoryStorage(): { get: () => MemoryBackend } {
  const backend: MemoryBackend = { kind: 'memory', account: new MemoryAccount() };
  return { get: () => backend };
}

/** Starts Baken on a free port with its own container prefix on the given storage (Azurite or memory). */
export async function startTestBaken(
  storage: TestStorage,
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  connector?: LoopbackConnector,
): Promise<TestBaken> {
  const ownConnector = connector ?? (await new LoopbackConnector().start());
  const memory = isMemory(storage) ? storage : undefined;
  const config = parseConfig({
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    // On memory storage the connection string is never used: it is set so configuration is checked alike.
    AZURE_STORAGE_CONNECTION_STRING: isMemory(storage)
      ? 'UseDevelopmentStorage=true'
      : storage.connectionString,
    STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    ...env,
  });
  const storageOverride: AppOverrides = memory
    ? { storage: (options) => openMemoryStorage({ ...options, account: memory.account }) }
    : {};
  // Tests ask the OS for any free port (0), which the schema does not allow for real use.
  const app = await startBaken({ ...config, port: 0 }, { ...storageOverride, ...overrides });
  const url = `http://127.0.0.1:${app.port}`;
  return {
    app,
    connector: ownConnector,
    url,
    send: (activity, headers = {}) => postActivity(url, activity, headers),
    stop: async () => {
      await app.stop();
      if (!connector) await ownConnector.stop();
    },
  };
}
