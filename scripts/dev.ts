/**
 * `npm run dev`: starts the bot (tsx src/main.ts on 127.0.0.1:3978) and the Microsoft 365 Agents Playground on
 * port 56150 pointing at it, prints the URL to open, and on Ctrl+C (SIGINT) or SIGTERM stops both process groups.
 * The Playground's config is .m365agentsplayground.yml unless M365_AGENTS_PLAYGROUND_CONFIG_PATH says otherwise.
 */
import { createConnection } from 'node:net';
import path from 'node:path';
import {
  type ProcessGroup,
  REPO_ROOT,
  type RunningPlayground,
  spawnGroup,
  startPlayground,
} from '../test/e2e/playground';

const BOT_HOST = '127.0.0.1';
const BOT_PORT = 3978;
const PLAYGROUND_PORT = 56150;
const BOT_READY_TIMEOUT_MS = 60_000;

/** Starts the bot in its own process group; BAKEN_DEV_BOT_COMMAND (a shell command) replaces it when testing dev.ts. */
function startBot(): ProcessGroup {
  // The Playground sends no token, so inbound auth must be off: an empty app id (dotenv keeps these values).
  const env = {
    ...process.env,
    PORT: String(BOT_PORT),
    HOST: BOT_HOST,
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
  };
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

async function waitForBot(bot: ProcessGroup): Promise<void> {
  const deadline = Date.now() + BOT_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
      throw new Error('de bot is gestopt tijdens het starten / the bot exited while starting');
    }
    if (await portAnswers(BOT_PORT)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`de bot luistert niet op poort ${BOT_PORT} / the bot does not listen on port ${BOT_PORT}`);
}

async function main(): Promise<void> {
  if (await portAnswers(BOT_PORT)) {
    console.error(
      `Poort ${BOT_PORT} is al in gebruik: draait er al een bot of \`npm run dev\`? / Port ${BOT_PORT} is already in use.`,
    );
    process.exit(1);
  }

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
    bot = startBot();
    bot.child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `De bot is gestopt (code ${code}, signaal ${signal}) / the bot exited; Playground stopt ook.`,
      );
      void stopAll(1);
    });
    const [runningPlayground] = await Promise.all([
      startPlayground({
        botUrl: `http://${BOT_HOST}:${BOT_PORT}/api/messages`,
        port: PLAYGROUND_PORT,
        configPath: process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH,
        logFile: path.join(REPO_ROOT, '.data', 'playground.log'),
      }),
      waitForBot(bot),
    ]);
    playground = runningPlayground;
  } catch (error) {
    console.error(
      `Starten mislukt / start failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    await stopAll(1);
    return;
  }

  console.log(
    `\nBaken draait. Open de Playground / Open the Playground: http://localhost:${playground.port}` +
      `\n(Ctrl+C stopt bot en Playground / stops bot and Playground; Playground-log: .data/playground.log)\n`,
  );
}

void main();
