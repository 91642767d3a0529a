/**
 * The Meldcode walk as a user of `npm run dev` meets it: a fresh `npm run dev` (only DATA_DIR points at an empty
 * folder), the Playground it prints, Chromium clicking and typing. Daan (the Playground's user, leidinggevende of
 * the demo team) runs the grooming check and tells the team, picks the notice up in "Meldingen" and presses
 * "Afgerond": the walk opens in place of the notice, for him only. He answers stap 3 and afwegingen 1 to 4 (ja, nee,
 * ja, ja), which lead to "hulp" with the day afweging 5 is checked, records it and sees "Voor het dossier".
 * Screenshots at phone width (360 px) of an afweging, the decision and the dossier summary.
 *
 * What the Playground does today: an answer that moves the Meldcode step (2 → 3 → 4 → 5) makes Baken update the
 * notice (PUT), and the Playground then shows the stored notice instead of the walk card that answered the press
 * (an invoke response is the presser's local view; an update of the message replaces it). So, as a user would, the
 * test checks that the notice shows the new step and presses "Afgerond" again, which opens the walk where it stands.
 * Answers within a step (afwegingen 1 to 4) and the "hulp" decision leave the step as it is and stay in place.
 */
import type { Locator, Page } from 'playwright-core';
import { ESCALATION_TEXTS as T } from '../../src/escalation/escalationTexts';
import {
  ANSWER_LABELS as A,
  DECISION_INPUTS as I,
  DECISION_LABELS,
  QUESTION_TEXTS as Q,
  WALK_TEXTS,
} from '../../src/meldcode/meldcodeTexts';
import { meldcodeStepLabel, type MeldcodeStep } from '../../src/meldcode/meldcodeSteps';
import {
  docsScreenshot,
  groomingCheckToTeam,
  pickUpGroomingNotice,
  pressInPlace,
  useNpmRunDev,
} from './baken';
import { clickCardButton } from './playground';

const dev = useNpmRunDev('meldcode');
const page = (): Page => dev.page();
/** The notice in "Meldingen", which the walk's cards replace in place for Daan. */
let notice: Locator | undefined;
const walk = (): Locator => {
  if (!notice) throw new Error('the notice was not picked up');
  return notice;
};

/** A day four weeks from now, as a date input takes it (yyyy-mm-dd), and as the dossier card writes it. */
const checkDay = new Date(Date.now() + 28 * 24 * 3600_000);
const checkDayValue = checkDay.toISOString().slice(0, 10);
const checkDayText = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
}).format(checkDay);

/**
 * Presses `answer` on the walk; the answer moves the Meldcode step to `step`, so the notice comes back in place of
 * the walk showing that step. "Afgerond" opens the walk again, at `next`.
 */
async function answerMovingStep(answer: string, step: MeldcodeStep, next: string): Promise<void> {
  await clickCardButton(page(), answer, walk());
  await walk()
    .filter({ hasText: T.resolve })
    .filter({ hasText: meldcodeStepLabel(step) })
    .waitFor();
  expect(await walk().innerText()).toContain('Gemeld door');
  await pressInPlace(page(), walk(), T.resolve, next);
}

describe('the Meldcode walk in npm run dev (Playground, Chromium)', () => {
  test('Daan tells the team about a grooming check and picks the notice up in "Meldingen"', async () => {
    await groomingCheckToTeam(page());
    notice = await pickUpGroomingNotice(page(), 'Daan Bakker');
  });

  test('"Afgerond" on the notice opens the walk in its place instead of closing', async () => {
    await pressInPlace(page(), walk(), T.resolve, Q.toepassing.heading);
    expect(await walk().innerText()).toContain(Q.toepassing.question);
  });

  test('stap 3 and afwegingen 1 to 4 (ja, nee, ja, ja) lead to the decision "hulp"', async () => {
    await answerMovingStep(A.ja, 3, Q.gesprek.heading);
    await answerMovingStep(A.gedaan, 4, Q.a1.heading);
    await pressInPlace(page(), walk(), A.ja, Q.a2.heading);
    await docsScreenshot(page(), walk(), 'meldcode-afweging.png', { phoneWidth: true });
    await pressInPlace(page(), walk(), A.nee, Q.a3.heading);
    await pressInPlace(page(), walk(), A.ja, Q.a4.heading);
    await answerMovingStep(A.ja, 5, `Besluit: ${DECISION_LABELS.hulp}`);
  });

  test('the decision needs the day afweging 5 is checked; with it, "Voor het dossier" follows', async () => {
    const day = walk().getByLabel(I.checkDayLabel);
    await day.fill(checkDayValue);
    await docsScreenshot(page(), walk(), 'meldcode-besluit.png', { phoneWidth: true });
    await pressInPlace(page(), walk(), I.record, 'Voor het dossier');
    const dossier = await walk().innerText();
    expect(dossier).toContain(WALK_TEXTS.recorded);
    expect(dossier).toContain(`${Q.a2.heading}: ${A.nee}`);
    expect(dossier).toContain(DECISION_LABELS.hulp);
    expect(dossier).toContain(checkDayText);
    // Ready to copy: the organisation's placeholders of the flow's questions are filled in.
    expect(dossier).toContain("Bespreek je je vermoeden met collega's en/of met ");
    expect(dossier).not.toMatch(/\{\w+\}/);
    await docsScreenshot(page(), walk(), 'meldcode-dossier.png', { phoneWidth: true });
  });
});
