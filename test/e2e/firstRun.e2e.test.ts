/**
 * A newcomer's first run, as they start it: a fresh `npm run dev` (scripts/dev.ts, its own free ports; only DATA_DIR
 * points at an empty folder, as on a fresh clone), the Playground it prints, Chromium clicking and typing as a person
 * would. Nothing else is set and no activity is made by hand: the demo team is ready because `npm run dev` makes it
 * so. Daan (the Playground's user) runs the grooming check by typing answers, tells the team, and picks the notice
 * up as leidinggevende in "Meldingen".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ESCALATION_TEXTS as T, KIND_LABELS } from '../../src/escalation/escalationTexts';
import { FLOWS } from '../../src/flows';
import { cards, docsScreenshot, pinCard, pressInPlace } from './baken';
import {
  REPO_ROOT,
  clickCardButton,
  openBrowser,
  openChannel,
  openPersonalChat,
  screenshot,
  sendMessage,
  spawnGroup,
  waitForCardText,
  type PlaygroundBrowser,
  type ProcessGroup,
} from './playground';

const dataDir = mkdtempSync(path.join(tmpdir(), 'baken-firstrun-'));
let dev: ProcessGroup | undefined;
let browser: PlaygroundBrowser | undefined;
const page = (): Page => {
  if (!browser) throw new Error('the Playground did not open');
  return browser.page;
};

/** Starts `npm run dev` as a user does (through its script, with this node) and waits for the URL it prints. */
async function startDev(): Promise<string> {
  const tsxCli = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  for (const name of ['PORT', 'PLAYGROUND_PORT', 'ADMIN_IDS', 'DEV_DEMO_TEAM', 'MicrosoftAppId'])
    delete env[name];
  dev = spawnGroup(process.execPath, [tsxCli, 'scripts/dev.ts'], { cwd: REPO_ROOT, env });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run dev printed no URL:\n${out}`)), 90_000);
    dev?.child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open the Playground: (http:\/\/localhost:\d+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    dev?.child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    dev?.child.once('exit', () => reject(new Error(`npm run dev exited:\n${out}`)));
  });
}

beforeAll(async () => {
  browser = await openBrowser(await startDev());
}, 120_000);

afterAll(async () => {
  if (browser) await screenshot(browser.page, 'firstrun-final.png').catch(() => undefined);
  await browser?.browser.close();
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the first run of npm run dev (Playground, Chromium)', () => {
  const grooming = FLOWS.grooming;

  test('the grooming check, answered by typing, ends in a summary that tells the team', async () => {
    await openPersonalChat(page());
    await sendMessage(page(), 'menu');
    await waitForCardText(page(), grooming.title);
    await clickCardButton(page(), grooming.title, cards(page()).last());
    const first = await pinCard(page(), 'De grooming-check', 'first');
    await pressInPlace(page(), first, 'Verder', 'Vraag 1 van 9');
    // Typed answers, as people type them: "ja" at question 3 is a recognised signal.
    const typed = ['nee', 'nee', 'ja', 'Onderbuikgevoel', 'ja', 'ja', 'ja', 'nee', 'nee'];
    for (const [i, answer] of typed.entries()) {
      await sendMessage(page(), answer);
      await waitForCardText(page(), i + 1 < typed.length ? `Vraag ${i + 2} van 9` : 'Jouw zorgen');
    }
    await sendMessage(page(), 'ja');
    const summary = await pinCard(page(), 'Samenvatting', 'summary');
    await pressInPlace(page(), summary, 'Meld bij het team', 'Je team weet het nu');
    expect(await summary.innerText()).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
    await docsScreenshot(page(), summary, 'firstrun-summary-team-told.png');
  });

  test('the notice is in "Meldingen", and Daan (leidinggevende in the demo team) picks it up in place', async () => {
    await openChannel(page(), 'Meldingen');
    await waitForCardText(page(), KIND_LABELS.grooming);
    const notice = await pinCard(page(), KIND_LABELS.grooming, 'notice');
    expect(await notice.innerText()).toContain(T.statusOpen);
    await pressInPlace(page(), notice, T.ack, 'Opgepakt door Daan Bakker');
    await docsScreenshot(page(), notice, 'firstrun-notice-picked-up.png');
  });
});
