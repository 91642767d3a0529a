/**
 * A newcomer's first run, as they start it: a fresh `npm run dev` (scripts/dev.ts, its own free ports; only DATA_DIR
 * points at an empty folder, as on a fresh clone), the Playground it prints, Chromium clicking and typing as a person
 * would. Nothing else is set and no activity is made by hand: the demo team is ready because `npm run dev` makes it
 * so. Daan (the Playground's user) runs the grooming check by typing answers, tells the team, and picks the notice
 * up as leidinggevende in "Meldingen"; he reports online harassment aimed at himself and shares it; then, as the
 * README says, `npm run dev` starts again with Sanne as the Playground's user, and she starts the aftercare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { AFTERCARE_TEXTS as AT } from '../../src/aftercare/aftercareTexts';
import { ESCALATION_TEXTS as T, KIND_LABELS } from '../../src/escalation/escalationTexts';
import { FLOWS } from '../../src/flows';
import { cards, docsScreenshot, pinCard, pressInPlace, sanneConfig, startNpmRunDev } from './baken';
import {
  clickCardButton,
  openBrowser,
  openChannel,
  openPersonalChat,
  screenshot,
  sendMessage,
  waitForCardText,
  type PlaygroundBrowser,
} from './playground';
import type { ProcessGroup } from '../../scripts/playground/processGroup';

const dataDir = mkdtempSync(path.join(tmpdir(), 'baken-firstrun-'));
let dev: ProcessGroup | undefined;
let browser: PlaygroundBrowser | undefined;
const page = (): Page => {
  if (!browser) throw new Error('the Playground did not open');
  return browser.page;
};

/** Starts `npm run dev` on the test's data folder (and, for Sanne, her config) and keeps it to stop later. */
async function startDev(configPath?: string): Promise<string> {
  const started = await startNpmRunDev({ dataDir, configPath });
  dev = started.group;
  return started.url;
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

  test('Daan types what happened to him, follows the harassment steps and shares the report with his leidinggevenden', async () => {
    await openPersonalChat(page());
    await sendMessage(page(), 'ik word bedreigd op instagram');
    const suggestions = await pinCard(page(), 'Dit past misschien bij je vraag', 'suggestions');
    await clickCardButton(page(), FLOWS.grensoverschrijdend.title, suggestions);
    const report = await pinCard(page(), 'Wat is er gebeurd?', 'report');
    await pressInPlace(page(), report, 'Verder', 'Stap 2 van 7');
    for (const next of ['Stap 3 van 7', 'Stap 4 van 7', 'Stap 5 van 7'])
      await pressInPlace(page(), report, 'Sla over', next);
    await report.getByText('Ja, laat het ze weten', { exact: true }).click();
    await pressInPlace(page(), report, 'Verder', 'Je leidinggevenden weten het nu');
    await pressInPlace(page(), report, 'Sla over', 'Stap 7 van 7');
    await pressInPlace(page(), report, 'Sla over', 'Overzicht van je melding');
  });

  test('Sanne, the second leidinggevende, starts aftercare for it in her own 1:1 chat (README step 4)', async () => {
    // As the README says: stop npm run dev, start it again with a config in which Sanne is the Playground's user.
    await browser?.browser.close();
    await dev?.stop();
    browser = await openBrowser(await startDev(sanneConfig()));
    await openPersonalChat(page());
    await sendMessage(page(), 'nazorg');
    const overview = await pinCard(page(), AT.overviewStartable, 'overview');
    await clickCardButton(page(), AT.startButton, overview);
    const checklist = await pinCard(page(), 'Steungesprek binnen 72 uur', 'checklist');
    expect(await checklist.innerText()).toContain('Daan Bakker');
    await docsScreenshot(page(), checklist, 'firstrun-aftercare-started.png');
  });
});
