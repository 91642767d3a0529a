import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account. Only ever used for the embedded local storage. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service started by this process. */
export interface EmbeddedAzurite {
  connectionString: string;
  port: number;
  /** Stops Azurite and waits until it has exited. */
  stop(): Promise<void>;
}

/** Options for starting Azurite. */
export interface AzuriteOptions {
  /** Folder for its data; omitted = in memory. */
  location?: string;
  /** Port to listen on; omitted = a free one. */
  port?: number;
}

/** Finds a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects after the timeout. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The connection string for an Azurite blob service on a loopback port. */
export function azuriteConnectionString(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

/**
 * Starts Azurite's blob service as a child process (its node entry directly: a killed npx wrapper would leave
 * Azurite running) and waits until it listens.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const port = options.port ?? (await freePort());
  const entry = require.resolve('azurite/dist/src/blob/main.js');
  const args = [entry, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck'];
  args.push('--disableTelemetry', '--silent', '--loose');
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push('--location', path.resolve(options.location));
  } else {
    args.push('--inMemoryPersistence');
  }
  // The watchdog preload ends Azurite when this process dies (the IPC channel closes), even on SIGKILL.
  const watchdog = path.join(__dirname, 'parentWatchdog.cjs');
  const child: ChildProcess = spawn(process.execPath, ['-r', watchdog, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(port, 20_000),
      exited.then(() => {
        throw new Error(`Azurite exited at start-up: ${stderr.trim()}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    connectionString: azuriteConnectionString(port),
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Hold the event loop open until Azurite has really exited (the child is unref'd while running).
      child.ref();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
