import { randomUUID } from 'node:crypto';
import { startBaken, type AppOverrides, type BakenApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { startAzurite, type EmbeddedAzurite } from '../../src/storage/embeddedAzurite';
import { LoopbackConnector } from './connector';

/** A running Baken with its own connector, on a shared in-memory Azurite. */
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

/** Starts Baken on a free port with its own container prefix on the given Azurite. */
export async function startTestBaken(
  azurite: EmbeddedAzurite,
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  connector?: LoopbackConnector,
): Promise<TestBaken> {
  const ownConnector = connector ?? (await new LoopbackConnector().start());
  const config = parseConfig({
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    ...env,
  });
  // Tests ask the OS for any free port (0), which the schema does not allow for real use.
  const app = await startBaken({ ...config, port: 0 }, overrides);
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
