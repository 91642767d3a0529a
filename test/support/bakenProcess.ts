import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The node arguments of `npm start` as package.json says them (`exec node …`: npm's shell hands over to node), so the
 * tests run exactly that command, with the node that runs the tests. It runs the build in dist/, which jest's global
 * set-up brings up to date before any test starts.
 */
export function npmStartNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [exec, node, ...args] = pkg.scripts.start.split(/\s+/);
  if (exec !== 'exec' || node !== 'node')
    throw new Error(`npm start is not "exec node …": ${pkg.scripts.start}`);
  return args;
}

/** One structured log line of the child. */
export interface ChildLogLine {
  level?: string;
  event?: string;
  [field: string]: unknown;
}

/** Baken started the way `npm start` starts it, as a child process with the real clock. */
export interface BakenProcess {
  child: ChildProcess;
  port: number;
  url: string;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines of stdout and stderr, in order per stream. */
  logLines(): ChildLogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True while the process has not exited. */
  alive(): boolean;
  /** SIGKILL to the whole process group (Baken and its embedded Azurite); resolves once the child has exited. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then SIGKILL to the group if it has not exited within the timeout. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * The child's environment, built from nothing, so no Azure setting of the machine leaks in; settings that must stay
 * unset are empty strings (dotenv never overrides a variable that is already set, so a developer's `.env` cannot
 * change what is tested).
 */
export function bakenEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    ALLOWED_TENANTS: '',
    AZURE_STORAGE_CONNECTION_STRING: '',
    STORAGE_PREFIX: '',
    ...extra,
  };
}

/** The embedded Azurite's port (local mode), from the structured start-up log a Baken child printed. */
export function embeddedAzuritePort(stdout: string): number {
  for (const line of stdout.split('\n')) {
    try {
      const parsed = JSON.parse(line) as { event?: string; port?: number };
      if (parsed.event === 'embedded_storage_started' && typeof parsed.port === 'number') return parsed.port;
    } catch {
      // not a log line
    }
  }
  throw new Error(`no embedded_storage_started line in:\n${stdout}`);
}

/** A child started as `npm start` starts Baken, with what it printed so far and how it ended. */
export interface SpawnedBaken {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** How to start Baken: in another copy of the project, or through npm itself. */
export interface SpawnOptions {
  /** The project folder (default: this repository). */
  cwd?: string;
  /** Run `npm start` (npm, its shell, then node) instead of the node command it runs. */
  viaNpm?: boolean;
}

/**
 * Spawns exactly what `npm start` runs (one node process running the build), or `npm start` itself, in its own
 * process group, so a kill of the group reaches the embedded Azurite too and nothing is left running if a test fails
 * half-way.
 */
export function spawnBaken(env: NodeJS.ProcessEnv, options: SpawnOptions = {}): SpawnedBaken {
  // Through npm: no update notice or other npm chatter on stderr, where only Baken's own words are checked.
  const [command, args, childEnv] = options.viaNpm
    ? ['npm', ['start'], { ...env, npm_config_update_notifier: 'false' }]
    : [process.execPath, npmStartNodeArgs(), env];
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Starts Baken as `npm start` does, in its own process group (so a kill reaches its Azurite too, and nothing is left
 * running if a test fails half-way), and waits until GET /healthz answers 200.
 */
export async function startBakenProcess(
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 20_000,
): Promise<BakenProcess> {
  const { child, stdout, stderr, exited } = spawnBaken(env);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const baken: BakenProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout,
    stderr,
    logLines: () =>
      `${stdout()}\n${stderr()}`.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as ChildLogLine];
        } catch {
          return [];
        }
      }),
    exited,
    alive,
    kill: async () => {
      signalGroup('SIGKILL');
      await exited;
    },
    stop: async (stopTimeoutMs = 10_000) => {
      if (!alive()) {
        signalGroup('SIGKILL');
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baken.url}/healthz`);
      if (res.status === 200) return baken;
    } catch {
      // not listening yet
    }
    if (!alive() || Date.now() > deadline) {
      await baken.kill();
      throw new Error(`Baken not healthy within ${timeoutMs} ms:\n${stdout()}\n${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
