/**
 * The real Baken for the end-to-end tests: `tsx src/main.ts` as a child process (its own process group, as in
 * `npm run dev`) in local mode on a free loopback port, with its own temporary DATA_DIR (embedded Azurite),
 * Sanne de Vries as admin and the Playground's tenant as the only allowed tenant. One Baken, one Playground and
 * one Chromium page per test file ({@link useBakenPlayground}).
 *
 * Not in-process: restify replaces `http.ServerResponse.prototype.writeHead` with one that does not return the
 * response, and Jest shares core modules between the test files of a run, so an in-process bot would break
 * `res.writeHead(...).end()` in later files.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { freePort } from '../../src/storage/embeddedAzurite';
import {
  ARTIFACTS_DIR,
  openBrowser,
  type PlaygroundBrowser,
  REPO_ROOT,
  type RunningPlayground,
  spawnGroup,
  startPlayground,
} from './playground';

/** Sanne de Vries (leidinggevende in .m365agentsplayground.yml): admin of the e2e Baken through ADMIN_IDS. */
export const SANNE_AAD_OBJECT_ID = 'd1e11000-0000-4000-8000-000000000001';

/** The tenant of .m365agentsplayground.yml; the e2e Baken serves only this one. */
export const PLAYGROUND_TENANT_ID = 'd1e11000-0000-4000-8000-0000000000a0';

/** Where the docs' screenshots go. */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

/** The organisation the e2e Baken shows (the values of .env.example). */
export const E2E_ORG = {
  ORG_NAME: 'Zorggroep De Linde',
  ORG_MELDPUNT: 'de aandachtsfunctionaris',
  ORG_MELDPUNT_CONTACT: 'aandachtsfunctionaris@example.org of 030-0000000',
  ORG_VERTROUWENSPERSOON: 'de vertrouwenspersoon (vertrouwenspersoon@example.org)',
  ORG_PROTOCOL_URL: 'https://intranet.example.org/meldcode',
};

/**
 * Every variable Baken reads, set explicitly: dotenv never overrides a variable that is set (even to ''), so a
 * developer's .env cannot change the e2e bot.
 */
function bakenEnv(port: number, dataDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    MAX_BODY_BYTES: '',
    // Local mode: the Playground sends no token, so inbound auth must be off.
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: '',
    MicrosoftAppTenantId: '',
    BOT_OPENID_METADATA_URL: '',
    ALLOWED_TENANTS: PLAYGROUND_TENANT_ID,
    ADMIN_IDS: SANNE_AAD_OBJECT_ID,
    AZURE_STORAGE_CONNECTION_STRING: '',
    STORAGE_PREFIX: '',
    DATA_DIR: dataDir,
    ...E2E_ORG,
    ESCALATION_REMIND_MINUTES: '',
    ESCALATION_REMIND_ACUUT_MINUTES: '',
    ESCALATION_MAX_REMINDERS: '',
    SCHEDULER_INTERVAL_SECONDS: '',
    ATTACHMENT_HOSTS: '',
    EVIDENCE_MAX_BYTES: '',
    PUBLIC_URL: '',
    RETENTION_DAYS: '',
    OFFICE_HOURS: '',
    TIMEZONE: 'Europe/Amsterdam',
    ...env,
  };
}

/** A running Baken for one test file. */
export interface E2eBaken {
  /** Its messaging endpoint, for the Playground. */
  botUrl: string;
  /** Its output (JSON log lines: ids and counts only), in test-artifacts/. */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `tsx src/main.ts` as `npm run dev` does (local mode, no app id) on a free port with an empty temporary
 * DATA_DIR, and resolves once it logs `baken_started`. `env` overrides single variables.
 */
export async function startE2eBaken(
  name: string,
  env: Record<string, string> = {},
  startTimeoutMs = 60_000,
): Promise<E2eBaken> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `baken-e2e-${name}-`));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const logFile = path.join(ARTIFACTS_DIR, `baken-${name}.log`);
  writeFileSync(logFile, '');
  const log = (chunk: Buffer) => appendFileSync(logFile, chunk);
  const port = await freePort();
  // tsx's own CLI, started with this node: no npx wrapper that could outlive a stop.
  const tsxCli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const group = spawnGroup(process.execPath, [tsxCli, '--no-deprecation', 'src/main.ts'], {
    env: bakenEnv(port, dataDir, env),
  });
  const { child } = group;
  child.stderr?.on('data', log);
  const cleanUp = async () => {
    await group.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`Baken did not start within ${startTimeoutMs} ms (see ${logFile})`)),
        startTimeoutMs,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        log(chunk);
        output += chunk.toString();
        if (output.includes('"event":"baken_started"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Baken exited while starting (code ${code}, signal ${signal}; see ${logFile})`));
      });
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { botUrl: `http://127.0.0.1:${port}/api/messages`, logFile, stop: cleanUp };
}

/** Baken, the Playground pointing at it, and a Chromium page on the Playground. */
export interface BakenPlayground {
  baken: E2eBaken;
  playground: RunningPlayground;
  browser: PlaygroundBrowser;
  page: Page;
}

/**
 * Starts Baken, the Playground (any free port, so it runs next to `npm run dev`) and Chromium once for the test
 * file (beforeAll), and stops all of them afterwards, saving a last screenshot as test-artifacts/<name>-final.png.
 * Returns a getter for use inside the tests.
 */
export function useBakenPlayground(name: string): () => BakenPlayground {
  let baken: E2eBaken | undefined;
  let playground: RunningPlayground | undefined;
  let browser: PlaygroundBrowser | undefined;

  beforeAll(async () => {
    baken = await startE2eBaken(name);
    playground = await startPlayground({
      botUrl: baken.botUrl,
      port: 0,
      logFile: path.join(ARTIFACTS_DIR, `playground-${name}.log`),
    });
    browser = await openBrowser(playground.url);
  });

  afterAll(async () => {
    if (browser !== undefined) {
      await browser.page
        .screenshot({ path: path.join(ARTIFACTS_DIR, `${name}-final.png`) })
        .catch(() => undefined);
    }
    await browser?.browser.close();
    await playground?.stop();
    await baken?.stop();
  });

  return () => {
    if (baken === undefined || playground === undefined || browser === undefined) {
      throw new Error('Baken, the Playground or the browser did not start (see beforeAll)');
    }
    return { baken, playground, browser, page: browser.page };
  };
}

/** All Adaptive Cards on the page (the open conversation). */
export function cards(page: Page): Locator {
  return page.locator('.ac-adaptiveCard');
}

/** Saves a screenshot of `target` (a card, or a part of the page) as docs/screenshots/<file>; returns its path. */
export async function docsScreenshot(target: Locator, file: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const out = path.join(SCREENSHOTS_DIR, file);
  await target.screenshot({ path: out, animations: 'disabled' });
  return out;
}
