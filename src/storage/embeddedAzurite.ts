import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';

/** Azurite's well-known development account. Only ever used for the embedded local storage. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service started by this process. */
export interface EmbeddedAzurite {
  connectionString: string;
  port: number;
  /** Azurite's process id. */
  pid: number | undefined;
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

/** The file in Azurite's data folder naming the pid of the Azurite started on it last. */
const PID_FILE = 'baken-azurite.pid';
/** How long a new Azurite waits for an earlier one on the same folder to finish saving and exit. */
const EARLIER_EXIT_LIMIT_MS = 15_000;
/** How long a stopped Azurite may take to save and exit before it is killed. */
const STOP_GRACE_MS = 15_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until the Azurite last started on this folder has exited. One whose Baken was killed is still closing
 * (saving its index) for a moment; a second Azurite must not read the folder before that save, nor write over it.
 * Gives up after a limit, in case the pid now belongs to another program.
 */
async function earlierAzuriteExited(location: string): Promise<void> {
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(path.join(location, PID_FILE), 'utf8').trim());
  } catch {
    return; // never started here, or stopped cleanly
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  const deadline = Date.now() + EARLIER_EXIT_LIMIT_MS;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Starts Azurite's blob service as a child process (its node entry directly: a killed npx wrapper would leave
 * Azurite running) and waits until it listens. Azurite gets its own process group, so a kill of this process's
 * group does not end it before it has saved; the watchdog preload closes it (saving) when this process dies.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<EmbeddedAzurite> {
  const port = options.port ?? (await freePort());
  const entry = require.resolve('azurite/dist/src/blob/main.js');
  const args = [entry, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck'];
  args.push('--disableTelemetry', '--silent', '--loose');
  const location = options.location ? path.resolve(options.location) : undefined;
  if (location) {
    mkdirSync(location, { recursive: true });
    await earlierAzuriteExited(location);
    args.push('--location', location);
  } else {
    args.push('--inMemoryPersistence');
  }
  // The watchdog preload closes Azurite when this process dies (the IPC channel closes), even on SIGKILL; the name
  // indexes preload lets Azurite find and remove a blob through its indexes instead of comparing every blob.
  const preloads = ['parentWatchdog.cjs', 'azuriteIndexes.cjs'].flatMap((file) => [
    '-r',
    path.join(__dirname, file),
  ]);
  const child: ChildProcess = spawn(process.execPath, [...preloads, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    detached: true,
    windowsHide: true,
  });
  const pidFile = location && child.pid !== undefined ? path.join(location, PID_FILE) : undefined;
  if (pidFile) writeFileSync(pidFile, String(child.pid));
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
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Hold the event loop open until Azurite has really exited (the child is unref'd while running).
      child.ref();
      child.kill('SIGTERM');
      // Azurite saves its index on SIGTERM; on a busy machine, with requests in flight, that can take seconds, and a
      // kill before it has saved loses what it held. SIGKILL only when it hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
}
