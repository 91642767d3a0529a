/**
 * The Meldcode walk as a user of `npm run dev` meets it: a fresh `npm run dev` (only DATA_DIR points at an empty
 * folder), the Playground it prints, Chromium clicking and typing. Daan (the Playground's user, leidinggevende of
 * the demo team) runs the grooming check and tells the team, picks the notice up in "Meldingen" and presses
 * "Afgerond": the notice tells him the walk is in his 1:1 chat, and it is there. He answers stap 3 and afwegingen 1
 * to 4 (ja, nee, ja, ja), which lead to "hulp" with the day afweging 5 is checked, records it and sees "Voor het
 * dossier"; the notice in "Meldingen" shows step 5. Every answer updates the walk's card in place: in the 1:1 chat
 * no update of the shared notice replaces it (in the channel it would). Screenshots at phone width (360 px) of an
 * afweging, the decision and the dossier summary.
 */
import type { Locator, Page } from 'playwright-core';
import { ESCALATION_TEXTS as T, KIND_LABELS } from '../../src/escalation/escalationTexts';
import {
  ANSWER_LABELS as A,
  DECISION_INPUTS as I,
  DECISION_LABELS,
  QUESTION_TEXTS as Q,
  WALK_TEXTS,
} from '../../src/meldcode/meldcodeTexts';
import { meldcodeStepLabel } from '../../src/meldcode/meldcodeSteps';
import {
  docsScreenshot,
  groomingCheckToTeam,
  pickUpGroomingNotice,
  pinCard,
  pressInPlace,
  useNpmRunDev,
} from './baken';
import { openChannel, openPersonalChat, waitForCardText } from './playground';

const dev = useNpmRunDev('meldcode');
const page = (): Page => dev.page();
let notice: Locator | undefined;
/** The walk's card in Daan's 1:1 chat, answered in place. */
let walkCard: Locator | undefined;
const walk = (): Locator => {
  if (!walkCard) throw new Error('the walk was not opened');
  return walkCard;
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

describe('the Meldcode walk in npm run dev (Playground, Chromium)', () => {
  test('Daan tells the team about a grooming check and picks the notice up in "Meldingen"', async () => {
    await groomingCheckToTeam(page());
    notice = await pickUpGroomingNotice(page(), 'Daan Bakker');
  });

  test('"Afgerond" on the notice does not close it: the walk opens in his 1:1 chat', async () => {
    if (!notice) throw new Error('the notice was not picked up');
    await pressInPlace(page(), notice, T.resolve, WALK_TEXTS.sentToChat.split('. ')[0] ?? '');
    expect(await notice.innerText()).toContain(meldcodeStepLabel(2));
    await openPersonalChat(page());
    walkCard = await pinCard(page(), Q.toepassing.heading, 'walk');
    expect(await walk().innerText()).toContain(Q.toepassing.question);
  });

  test('stap 3 and afwegingen 1 to 4 (ja, nee, ja, ja) lead to the decision "hulp", each in place', async () => {
    await pressInPlace(page(), walk(), A.ja, Q.gesprek.heading);
    await pressInPlace(page(), walk(), A.gedaan, Q.a1.heading);
    await pressInPlace(page(), walk(), A.ja, Q.a2.heading);
    await docsScreenshot(page(), walk(), 'meldcode-afweging.png', { phoneWidth: true });
    await pressInPlace(page(), walk(), A.nee, Q.a3.heading);
    await pressInPlace(page(), walk(), A.ja, Q.a4.heading);
    await pressInPlace(page(), walk(), A.ja, `Besluit: ${DECISION_LABELS.hulp}`);
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

  test('the notice in "Meldingen" shows step 5, and nothing of the walk', async () => {
    await openChannel(page(), 'Meldingen');
    const updated = await waitForCardText(page(), meldcodeStepLabel(5));
    const text = await updated.innerText();
    expect(text).toContain(KIND_LABELS.grooming);
    expect(text).not.toContain(DECISION_LABELS.hulp);
    expect(text).not.toContain(Q.a2.heading);
  });
});
