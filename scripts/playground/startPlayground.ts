/**
 * Starts the Microsoft 365 Agents Playground headless for a bot, behind the sender relay, and stops it without
 * leaving processes behind. Used by `npm run dev` and by the end-to-end tests (test/e2e/playground.ts drives its
 * web UI). See docs/playground.md for what the Playground does and does not emulate.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, PLAYGROUND_CONFIG } from './paths';
import { spawnGroup } from './processGroup';
import { relays, SenderRelay } from './senderRelay';

/** Options for {@link startPlayground}. */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botUrl: string;
  /** Port for the Playground UI and its mock connector; 0 picks a free port. */
  port: number;
  /** Config file; defaults to the committed .m365agentsplayground.yml. */
  configPath?: string;
  /** The Playground's own log file; defaults to test-artifacts/playground[-<port>].log. */
  logFile?: string;
  /** How long to wait for the Playground to listen (ms). */
  startTimeoutMs?: number;
}

/** A running Playground. */
export interface RunningPlayground {
  /** Base URL of the web UI, e.g. http://127.0.0.1:56150. */
  url: string;
  /** The endpoint the Playground calls: the sender relay in front of `botUrl` (see {@link switchUser}). */
  relayUrl: string;
  /** Port it listens on (all interfaces). */
  port: number;
  /** The Playground's log file (its console output goes there, not to stdout). */
  logFile: string;
  /** Stops the Playground and everything in its process group. */
  stop(): Promise<void>;
}

function playgroundEntry(): string {
  // The package's bin (cli.js) is its node entry; resolving package.json avoids depending on its "main".
  return path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the Playground headless for `botUrl` on `port` and resolves once its UI answers. */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const defaultLog = options.port === 0 ? 'playground.log' : `playground-${options.port}.log`;
  const logFile = options.logFile ?? path.join(ARTIFACTS_DIR, defaultLog);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const relay = new SenderRelay(options.botUrl);
  const relayUrl = await relay.start();
  const group = spawnGroup(
    process.execPath,
    [
      playgroundEntry(),
      '--app-endpoint',
      relayUrl,
      '--channel-id',
      'msteams',
      '--port',
      String(options.port),
      '--disable-telemetry',
    ],
    {
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? PLAYGROUND_CONFIG,
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
        // --disable-telemetry still starts Application Insights, whose statsbeat probes the Azure metadata
        // address and DNS; this switches that off so the Playground talks to loopback only.
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      },
    },
  );
  const { child } = group;
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Playground did not start within ${options.startTimeoutMs ?? 30_000} ms`)),
        options.startTimeoutMs ?? 30_000,
      );
      // Without a TTY the Playground prints only this line to stdout; the rest goes to its log file.
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Listening on (\d+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Playground exited early (code ${code}, signal ${signal})`));
      });
    });
    if (options.port !== 0 && port !== options.port) {
      // The Playground silently falls back to a random port when the requested one is taken.
      throw new Error(`port ${options.port} is in use (the Playground fell back to ${port})`);
    }
    const url = `http://127.0.0.1:${port}`;
    const ping = await fetch(`${url}/_debug/ping`);
    if (!ping.ok) throw new Error(`Playground ping answered ${ping.status}`);
    relays.set(url, relay);
    return {
      url,
      relayUrl,
      port,
      logFile,
      stop: async () => {
        await group.stop();
        relays.delete(url);
        await relay.stop();
      },
    };
  } catch (error) {
    await group.stop();
    await relay.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- output ---\n${output.trim()}\n--- ${logFile} ---\n${tail(logFile)}`);
  }
}
