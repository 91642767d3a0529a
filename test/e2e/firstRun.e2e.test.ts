/**
 * A newcomer's first run, as they start it: a fresh `npm run dev` (scripts/dev.ts, its own free ports; only DATA_DIR
 * points at an empty folder, as on a fresh clone), the Playground it prints, Chromium clicking and typing as a person
 * would. Nothing else is set and no activity is made by hand: the demo team is ready because `npm run dev` makes it
 * so. Daan (the Playground's user) runs the grooming check by typing answers, tells the team, and picks the notice
 * up as leidinggevende in "Meldingen"; he reports online harassment aimed at himself and shares it; then, as the
 * README says, `npm run dev` starts again with Sanne as the Playground's user, and she starts the aftercare.
 */
import type { Page } from 'playwright-core';
import { AFTERCARE_TEXTS as AT } from '../../src/aftercare/aftercareTexts';
import { FLOWS } from '../../src/flows';
import {
  docsScreenshot,
  groomingCheckToTeam,
  pickUpGroomingNotice,
  pinCard,
  pressInPlace,
  sanneConfig,
  useNpmRunDev,
} from './baken';
import { clickCardButton, openPersonalChat, sendMessage } from './playground';

const dev = useNpmRunDev('firstrun');
const page = (): Page => dev.page();

describe('the first run of npm run dev (Playground, Chromium)', () => {
  test('the grooming check, answered by typing, ends in a summary that tells the team', async () => {
    const summary = await groomingCheckToTeam(page());
    expect(await summary.innerText()).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
    await docsScreenshot(page(), summary, 'firstrun-summary-team-told.png');
  });

  test('the notice is in "Meldingen", and Daan (leidinggevende in the demo team) picks it up in place', async () => {
    const notice = await pickUpGroomingNotice(page(), 'Daan Bakker');
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
    await dev.restart(sanneConfig());
    await openPersonalChat(page());
    await sendMessage(page(), 'nazorg');
    const overview = await pinCard(page(), AT.overviewStartable, 'overview');
    await clickCardButton(page(), AT.startButton, overview);
    const checklist = await pinCard(page(), 'Steungesprek binnen 72 uur', 'checklist');
    expect(await checklist.innerText()).toContain('Daan Bakker');
    await docsScreenshot(page(), checklist, 'firstrun-aftercare-started.png');
  });
});
