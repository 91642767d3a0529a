/**
 * `npm run dev`: starts the bot (tsx src/main.ts on 127.0.0.1, a free port unless PORT is set) and the Microsoft 365
 * Agents Playground pointing at it (a free port unless PLAYGROUND_PORT is set), prints the URL to open, and on
 * Ctrl+C (SIGINT) or SIGTERM stops both process groups. The Playground's config is .m365agentsplayground.yml unless
 * M365_AGENTS_PLAYGROUND_CONFIG_PATH says otherwise. The Playground's own user becomes admin and manager of its
 * team, and its second channel the escalation channel (DEV_DEMO_TEAM): the whole product shows on the first run.
 * Only this script sets that up; `npm start` never does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readPlaygroundDemo, type PlaygroundDemo } from './playground/playgroundDemo';
import { config as loadDotenv } from 'dotenv';
import { createConnection } from 'node:net';
import path from 'node:path';
import { freePort } from '../src/storage/embeddedAzurite';
import { REPO_ROOT } from './playground/paths';
import { type ProcessGroup, spawnGroup } from './playground/processGroup';
import { type RunningPlayground, startPlayground } from './playground/startPlayground';

// The developer's .env counts here too (ADMIN_IDS, DATA_DIR), as it does for the bot this script starts.
loadDotenv({ quiet: true });

const BOT_HOST = '127.0.0.1';
const BOT_READY_TIMEOUT_MS = 60_000;

/** True when an Azurite started by an earlier run still runs on this data folder. */
function azuriteRunsOn(location: string): boolean {
  const pidFile = path.join(location, 'baken-azurite.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment of the bot: local mode, and the demo team of the Playground's config ready to use. */
function botEnv(port: number, demo: PlaygroundDemo | undefined): NodeJS.ProcessEnv {
  // The Playground sends no token, so inbound auth must be off: an empty app id (dotenv keeps these values).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: BOT_HOST,
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
  };
  // A second `npm run dev` in the same folder gets its own data folder: one Azurite per data folder.
  if (!process.env.DATA_DIR && azuriteRunsOn(path.join(REPO_ROOT, '.data', 'azurite'))) {
    env.DATA_DIR = path.join('.data', `dev-${port}`);
  }
  if (demo) {
    const admins = (process.env.ADMIN_IDS ?? '').split(',').filter((id) => id.trim() !== '');
    env.ADMIN_IDS = [...new Set([...admins, demo.user.aadObjectId])].join(',');
    env.DEV_DEMO_TEAM = JSON.stringify({
      teamId: demo.teamId,
      channelId: demo.channel.id,
      channelName: demo.channel.name,
      managers: demo.colleague ? [demo.user, demo.colleague] : [demo.user],
    });
  }
  return env;
}

/** Starts the bot in its own process group; BAKEN_DEV_BOT_COMMAND (a shell command) replaces it when testing dev.ts. */
function startBot(env: NodeJS.ProcessEnv): ProcessGroup {
  const override = process.env.BAKEN_DEV_BOT_COMMAND;
  if (override !== undefined && override.trim() !== '') {
    return spawnGroup(override, [], { env, shell: true, inheritOutput: true });
  }
  // tsx's own CLI, started with this node: no npx wrapper that could outlive a stop.
  const tsxCli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  return spawnGroup(process.execPath, [tsxCli, 'src/main.ts'], { env, inheritOutput: true });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: BOT_HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForBot(bot: ProcessGroup, port: number): Promise<void> {
  const deadline = Date.now() + BOT_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
      throw new Error('de bot is gestopt tijdens het starten / the bot exited while starting');
    }
    if (await portAnswers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`de bot luistert niet op poort ${port} / the bot does not listen on port ${port}`);
}

/** A port from the environment, or undefined (then a free one is picked). */
function portFromEnv(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} moet een poortnummer zijn / ${name} must be a port number: ${raw}`);
    process.exit(1);
  }
  return port;
}

async function main(): Promise<void> {
  const requested = portFromEnv('PORT');
  if (requested !== undefined && (await portAnswers(requested))) {
    console.error(
      `Poort ${requested} is al in gebruik: draait er al een bot of \`npm run dev\`? / Port ${requested} is already in use.`,
    );
    process.exit(1);
  }
  const botPort = requested ?? (await freePort());
  const configPath =
    process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? path.join(REPO_ROOT, '.m365agentsplayground.yml');
  const demo = readPlaygroundDemo(configPath);
  const env = botEnv(botPort, demo);

  let bot: ProcessGroup | undefined;
  let playground: RunningPlayground | undefined;
  let stopping = false;
  const stopAll = async (exitCode: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await Promise.all([playground?.stop(), bot?.stop()]);
    }
    process.exit(exitCode);
  };
  // A second Ctrl+C exits at once; the harness's exit hook then SIGKILLs both process groups, so none is orphaned.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    bot = startBot(env);
    bot.child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `De bot is gestopt (code ${code}, signaal ${signal}) / the bot exited; Playground stopt ook.`,
      );
      void stopAll(1);
    });
    const [runningPlayground] = await Promise.all([
      startPlayground({
        botUrl: `http://${BOT_HOST}:${botPort}/api/messages`,
        port: portFromEnv('PLAYGROUND_PORT') ?? 0,
        configPath: process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH,
        logFile: path.join(REPO_ROOT, '.data', `playground-${botPort}.log`),
      }),
      waitForBot(bot, botPort),
    ]);
    playground = runningPlayground;
  } catch (error) {
    console.error(
      `Starten mislukt / start failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    await stopAll(1);
    return;
  }

  const ready = demo
    ? `\n${demo.user.name} is beheerder en leidinggevende; "${demo.channel.name}" is het meldkanaal / is admin and manager; "${demo.channel.name}" is the escalation channel.`
    : '';
  console.log(
    `\nBaken draait. Open de Playground / Open the Playground: http://localhost:${playground.port}${ready}` +
      `\nGegevens / data: ${env.DATA_DIR ?? '.data'}` +
      `\n(Ctrl+C stopt bot en Playground / stops bot and Playground; Playground-log: .data/playground-${botPort}.log)\n`,
  );
}

void main();
