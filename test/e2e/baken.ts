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
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { OrgSettings } from '../../src/config';
import { freePort } from '../../src/storage/embeddedAzurite';
import { ARTIFACTS_DIR, PLAYGROUND_CONFIG, REPO_ROOT } from '../../scripts/playground/paths';
import { type ProcessGroup, spawnGroup } from '../../scripts/playground/processGroup';
import { type RunningPlayground, startPlayground } from '../../scripts/playground/startPlayground';
import { ESCALATION_TEXTS, KIND_LABELS } from '../../src/escalation/escalationTexts';
import { FLOWS } from '../../src/flows';
import {
  clickCardButton,
  openBrowser,
  openChannel,
  openPersonalChat,
  type PlaygroundBrowser,
  screenshot,
  sendMessage,
  waitForCardText,
} from './playground';

/** Sanne de Vries (leidinggevende in .m365agentsplayground.yml): admin of the e2e Baken through ADMIN_IDS. */
export const SANNE_AAD_OBJECT_ID = 'd1e11000-0000-4000-8000-000000000001';

/** The tenant of .m365agentsplayground.yml; the e2e Baken serves only this one. */
export const PLAYGROUND_TENANT_ID = 'd1e11000-0000-4000-8000-0000000000a0';

/** Where the docs' screenshots go. */
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

/** The organisation the e2e Baken shows (the values of .env.example), for filling placeholders in expected texts. */
export const E2E_ORG: OrgSettings = {
  name: 'Zorggroep De Linde',
  configuredName: 'Zorggroep De Linde',
  meldpunt: 'de aandachtsfunctionaris',
  meldpuntContact: 'aandachtsfunctionaris@example.org of 030-0000000',
  vertrouwenspersoon: 'de vertrouwenspersoon (vertrouwenspersoon@example.org)',
  protocolUrl: 'https://intranet.example.org/protocol',
  meldcodeUrl: 'https://intranet.example.org/meldcode',
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
    ORG_NAME: E2E_ORG.name,
    ORG_MELDPUNT: E2E_ORG.meldpunt,
    ORG_MELDPUNT_CONTACT: E2E_ORG.meldpuntContact,
    ORG_VERTROUWENSPERSOON: E2E_ORG.vertrouwenspersoon,
    ORG_PROTOCOL_URL: E2E_ORG.protocolUrl,
    ORG_MELDCODE_URL: E2E_ORG.meldcodeUrl,
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

/** Options for {@link startE2eBaken}. */
export interface E2eBakenOptions {
  /** Port to listen on (127.0.0.1); a free one when omitted. */
  port?: number;
  /** Single variables to change, e.g. { ADMIN_IDS: '' }. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/**
 * Starts `tsx src/main.ts` as `npm run dev` does (local mode, no app id) with an empty temporary DATA_DIR, and
 * resolves once it logs `baken_started`. Its output goes to test-artifacts/baken-<name>.log.
 */
export async function startE2eBaken(name: string, options: E2eBakenOptions = {}): Promise<E2eBaken> {
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), `baken-e2e-${name}-`));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const logFile = path.join(ARTIFACTS_DIR, `baken-${name}.log`);
  writeFileSync(logFile, '');
  const log = (chunk: Buffer) => appendFileSync(logFile, chunk);
  const port = options.port ?? (await freePort());
  // tsx's own CLI, started with this node: no npx wrapper that could outlive a stop.
  const tsxCli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const group = spawnGroup(process.execPath, [tsxCli, '--no-deprecation', 'src/main.ts'], {
    env: bakenEnv(port, dataDir, options.env ?? {}),
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

/** Options of {@link useBakenPlayground}. */
export interface BakenPlaygroundOptions {
  /** A Playground config other than the committed one (e.g. another currentUser); read when beforeAll runs. */
  configPath?: () => string;
}

/**
 * Starts Baken, the Playground (any free port, so it runs next to `npm run dev`) and Chromium once for the test
 * file (beforeAll), and stops all of them afterwards, saving a last screenshot as test-artifacts/<name>-final.png.
 * Returns a getter for use inside the tests.
 */
export function useBakenPlayground(
  name: string,
  options: BakenPlaygroundOptions = {},
): () => BakenPlayground {
  let baken: E2eBaken | undefined;
  let playground: RunningPlayground | undefined;
  let browser: PlaygroundBrowser | undefined;

  beforeAll(async () => {
    // Bot and Playground start side by side; the page is opened once the bot listens, because opening it makes
    // the Playground send the install events (the welcome) at once.
    const port = await freePort();
    const [startedBaken, startedPlayground] = await Promise.allSettled([
      startE2eBaken(name, { port }),
      startPlayground({
        botUrl: `http://127.0.0.1:${port}/api/messages`,
        port: 0,
        configPath: options.configPath?.(),
        logFile: path.join(ARTIFACTS_DIR, `playground-${name}.log`),
      }),
    ]);
    if (startedBaken.status === 'fulfilled') baken = startedBaken.value;
    if (startedPlayground.status === 'fulfilled') playground = startedPlayground.value;
    for (const started of [startedBaken, startedPlayground]) {
      if (started.status === 'rejected') throw started.reason;
    }
    if (playground === undefined) throw new Error('the Playground did not start');
    browser = await openBrowser(playground.url);
  });

  afterAll(async () => {
    if (browser !== undefined) await screenshot(browser.page, `${name}-final.png`).catch(() => undefined);
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

/**
 * Marks the card containing `text` (the last one, if several) as `name` and returns a locator for exactly that
 * element. The Playground redraws a card that is updated (invoke response or updateActivity) inside the same
 * element, so the locator keeps finding it; a card sent as a new message is a new element without the mark.
 */
export async function pinCard(page: Page, text: string, name: string): Promise<Locator> {
  const card = cards(page).filter({ hasText: text }).last();
  await card.waitFor();
  await card.evaluate((element, mark) => element.setAttribute('data-e2e-pinned', mark), name);
  return page.locator(`.ac-adaptiveCard[data-e2e-pinned="${name}"]`);
}

/**
 * Presses `button` on the pinned `card` and waits until that same element shows `expectText`; fails when the
 * answer came as a new card instead (the number of cards in the conversation changed).
 */
export async function pressInPlace(
  page: Page,
  card: Locator,
  button: string,
  expectText: string,
): Promise<void> {
  const before = await cards(page).count();
  await clickCardButton(page, button, card);
  await card.filter({ hasText: expectText }).waitFor();
  const after = await cards(page).count();
  if (after !== before) {
    throw new Error(`"${button}" added ${after - before} card(s) instead of updating the card in place`);
  }
}

/** Markdown as the card shows it: without ** and with the link text only. */
export function shown(markdown: string): string {
  return markdown.replace(/\*\*/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/** Options of {@link docsScreenshot}. */
export interface DocsScreenshotOptions {
  /** Space around the targets, in pixels. */
  margin?: number;
  /** Use the full width of the chat pane (avatars, names, the user's messages on the right), not just the targets'. */
  paneWidth?: boolean;
  /**
   * Phone width: the target (one card) is laid out {@link PHONE_WIDTH} px wide, margin included, for the moment of
   * the picture; the Playground has no phone layout (see docs/playground.md).
   */
  phoneWidth?: boolean;
}

/** The width of a phone screen, for screenshots of cards. */
export const PHONE_WIDTH = 360;

/**
 * Saves a screenshot of the part of the page that holds `targets` (one card, or e.g. a message and the card
 * answering it) as docs/screenshots/<file>; returns its path. A part taller than the window gets a taller window
 * for the moment: the chat pane scrolls, so whatever lies outside it would be cut off.
 */
export async function docsScreenshot(
  page: Page,
  targets: Locator | Locator[],
  file: string,
  options: DocsScreenshotOptions = {},
): Promise<string> {
  const margin = options.margin ?? 8;
  const list = Array.isArray(targets) ? targets : [targets];
  const last = list[list.length - 1];
  if (last === undefined) throw new Error('docsScreenshot: nothing to capture');
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const out = path.join(SCREENSHOTS_DIR, file);
  if (options.phoneWidth) {
    if (list.length !== 1 || options.paneWidth) throw new Error('docsScreenshot: phoneWidth takes one card');
    await last.evaluate(
      (element, width) => {
        const style = (element as HTMLElement).style;
        element.setAttribute('data-e2e-style', style.cssText);
        Object.assign(style, { width: `${width}px`, minWidth: `${width}px`, maxWidth: `${width}px` });
        style.boxSizing = 'border-box';
      },
      PHONE_WIDTH - 2 * margin,
    );
  }
  // The scrolling chat pane around the targets (marked, to measure it again after a resize).
  const paneHeight = await last.evaluate((element) => {
    document.querySelectorAll('[data-e2e-pane]').forEach((e) => e.removeAttribute('data-e2e-pane'));
    for (let e = element.parentElement; e !== null; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && e.scrollHeight > e.clientHeight) {
        e.setAttribute('data-e2e-pane', '');
        return e.clientHeight;
      }
    }
    document.body.setAttribute('data-e2e-pane', '');
    return window.innerHeight;
  });
  /** The box around all targets (page coordinates, may reach outside the window), cut to the pane when given. */
  const union = async (cutToPane = false) => {
    const boxes = await Promise.all(list.map((t) => t.boundingBox()));
    const pane = await page.locator('[data-e2e-pane]').boundingBox();
    if (boxes.some((b) => b === null) || pane === null) {
      throw new Error('docsScreenshot: a target is not visible');
    }
    const real = boxes.filter((b) => b !== null);
    const x = options.paneWidth ? pane.x : Math.min(...real.map((b) => b.x)) - margin;
    const right = options.paneWidth
      ? pane.x + pane.width
      : Math.max(...real.map((b) => b.x + b.width)) + margin;
    let y = Math.min(...real.map((b) => b.y)) - margin;
    let bottom = Math.max(...real.map((b) => b.y + b.height)) + margin;
    if (cutToPane) {
      y = Math.max(y, pane.y);
      bottom = Math.min(bottom, pane.y + pane.height);
    }
    return { x, y, width: right - x, height: bottom - y };
  };
  const viewport = page.viewportSize();
  if (viewport === null) throw new Error('docsScreenshot: the page has no fixed viewport');
  // The window minus the pane is the title bar and the compose box; the pane must fit the targets.
  const needed = viewport.height - paneHeight + Math.ceil((await union()).height) + 2 * margin;
  if (needed > viewport.height) await page.setViewportSize({ width: viewport.width, height: needed });
  try {
    // The bottom of the last target (and the margin below it) at the bottom of the pane: all above it is in view.
    await last.evaluate((element, below) => {
      element.scrollIntoView({ block: 'end' });
      document.querySelector('[data-e2e-pane]')?.scrollBy(0, below);
    }, margin);
    // No hover highlight on a button in the picture.
    await page.mouse.move(0, 0);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const clip = await union(true);
    const full = await union();
    if (clip.y > full.y + 1) throw new Error('docsScreenshot: the targets do not fit in the chat pane');
    await page.screenshot({ path: out, clip, animations: 'disabled' });
  } finally {
    await page.setViewportSize(viewport);
    if (options.phoneWidth) {
      await last.evaluate((element) => {
        (element as HTMLElement).style.cssText = element.getAttribute('data-e2e-style') ?? '';
        element.removeAttribute('data-e2e-style');
      });
    }
  }
  return out;
}

/** Sanne de Vries as the Playground config names her. */
export const SANNE = {
  id: '29:linde-sanne-de-vries',
  name: 'Sanne de Vries',
  aadObjectId: SANNE_AAD_OBJECT_ID,
};
/** Daan Bakker, the committed config's currentUser. */
export const DAAN = {
  id: '29:linde-daan-bakker',
  name: 'Daan Bakker',
  aadObjectId: 'd1e11000-0000-4000-8000-000000000002',
};
/** Sanne's 1:1 chat in the copied config (not Daan's id, so their states do not mix). */
export const SANNE_CHAT = 'a:linde-persoonlijk-sanne-de-vries';

/** The committed config with Sanne and Daan swapped: Sanne is currentUser, Daan one of the five users. */
export function sanneConfig(): string {
  const swaps: Array<[string, string]> = [
    [DAAN.id, SANNE.id],
    [DAAN.name, SANNE.name],
    ['daan.bakker@delinde.example', 'sanne.devries@delinde.example'],
    [DAAN.aadObjectId, SANNE.aadObjectId],
    ['givenName: Daan', 'givenName: Sanne'],
    ['surname: Bakker', 'surname: de Vries'],
  ];
  let text = readFileSync(PLAYGROUND_CONFIG, 'utf8');
  swaps.forEach(([a, b], i) => {
    text = text.split(a).join(`@@a${i}@@`).split(b).join(a).split(`@@a${i}@@`).join(b);
  });
  text = text.replace(/personalChat:\n {2}id: \S+/, `personalChat:\n  id: ${SANNE_CHAT}`);
  if (!text.includes(`currentUser:\n  id: ${SANNE.id}`) || !text.includes(`id: ${SANNE_CHAT}`)) {
    throw new Error('sanneConfig: the committed Playground config changed shape');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'baken-e2e-sanne-'));
  const file = path.join(dir, 'm365agentsplayground.yml');
  writeFileSync(file, text);
  return file;
}

/** A running `npm run dev`: its process group, the Playground URL it printed, and all it printed. */
export interface NpmRunDev {
  group: ProcessGroup;
  url: string;
  output(): string;
}

/**
 * Starts `npm run dev` as a user does (scripts/dev.ts through tsx, with this node; nothing set but what is given: a
 * data folder, a Playground config as the README says for acting as Sanne) and waits for the URL it prints.
 */
export async function startNpmRunDev(
  options: { dataDir?: string; configPath?: string } = {},
): Promise<NpmRunDev> {
  const tsxCli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['PORT', 'PLAYGROUND_PORT', 'ADMIN_IDS', 'DEV_DEMO_TEAM', 'MicrosoftAppId', 'DATA_DIR'])
    delete env[name];
  delete env.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  if (options.configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = options.configPath;
  const group = spawnGroup(process.execPath, [tsxCli, 'scripts/dev.ts'], { cwd: REPO_ROOT, env });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run dev printed no URL:\n${out}`)), 90_000);
    group.child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Open the Playground: (http:\/\/localhost:\d+)/.exec(out)?.[1];
      if (found && /Gegevens \/ data: /.test(out)) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    group.child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    group.child.once('exit', () => reject(new Error(`npm run dev exited:\n${out}`)));
  });
  return { group, url, output: () => out };
}

/**
 * Daan runs the grooming check in the 1:1 chat by typing his answers ("ja" at question 3 is a recognised signal),
 * says he is worried and presses "Meld bij het team" on the summary; returns the summary card (pinned "summary").
 */
export async function groomingCheckToTeam(page: Page): Promise<Locator> {
  const grooming = FLOWS.grooming;
  await openPersonalChat(page);
  await sendMessage(page, 'menu');
  // The button where it is: on a fresh run the welcome card can arrive after the menu and be the last card.
  const menu = cards(page)
    .filter({ has: page.getByRole('button', { name: grooming.title, exact: true }) })
    .last();
  await menu.waitFor();
  await clickCardButton(page, grooming.title, menu);
  const first = await pinCard(page, 'De grooming-check', 'first');
  await pressInPlace(page, first, 'Verder', 'Vraag 1 van 9');
  const typed = ['nee', 'nee', 'ja', 'Onderbuikgevoel', 'ja', 'ja', 'ja', 'nee', 'nee'];
  for (const [i, answer] of typed.entries()) {
    await sendMessage(page, answer);
    await waitForCardText(page, i + 1 < typed.length ? `Vraag ${i + 2} van 9` : 'Jouw zorgen');
  }
  await sendMessage(page, 'ja');
  const summary = await pinCard(page, 'Samenvatting', 'summary');
  await pressInPlace(page, summary, 'Meld bij het team', 'Je team weet het nu');
  return summary;
}

/**
 * Opens "Meldingen", finds the open grooming notice and picks it up in place as `by` (the page's acting user, a
 * leidinggevende of the demo team); returns the notice (pinned "notice").
 */
export async function pickUpGroomingNotice(page: Page, by: string): Promise<Locator> {
  await openChannel(page, 'Meldingen');
  await waitForCardText(page, KIND_LABELS.grooming);
  const notice = await pinCard(page, KIND_LABELS.grooming, 'notice');
  if (!(await notice.innerText()).includes(ESCALATION_TEXTS.statusOpen)) {
    throw new Error('pickUpGroomingNotice: the notice is not open');
  }
  await pressInPlace(page, notice, ESCALATION_TEXTS.ack, `Opgepakt door ${by}`);
  return notice;
}

/** A `npm run dev` and Chromium on its Playground, shared by the tests of one file ({@link useNpmRunDev}). */
export interface NpmRunDevSession {
  page(): Page;
  /** Stops `npm run dev` and starts it again on the same data folder, e.g. with another Playground config. */
  restart(configPath?: string): Promise<void>;
}

/**
 * Starts `npm run dev` on a new empty data folder and opens its Playground in Chromium once for the test file
 * (beforeAll); stops both afterwards, saving a last screenshot as test-artifacts/<name>-final.png.
 */
export function useNpmRunDev(name: string): NpmRunDevSession {
  const dataDir = mkdtempSync(path.join(tmpdir(), `baken-${name}-`));
  let dev: ProcessGroup | undefined;
  let browser: PlaygroundBrowser | undefined;
  const start = async (configPath?: string) => {
    const started = await startNpmRunDev({ dataDir, configPath });
    dev = started.group;
    browser = await openBrowser(started.url);
  };
  const stop = async () => {
    await browser?.browser.close();
    await dev?.stop();
    browser = undefined;
    dev = undefined;
  };
  beforeAll(() => start(), 120_000);
  afterAll(async () => {
    if (browser) await screenshot(browser.page, `${name}-final.png`).catch(() => undefined);
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    page: () => {
      if (!browser) throw new Error('the Playground did not open');
      return browser.page;
    },
    restart: async (configPath) => {
      await stop();
      await start(configPath);
    },
  };
}
