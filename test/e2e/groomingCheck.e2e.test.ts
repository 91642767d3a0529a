/**
 * A staff member (Daan Bakker, the Playground's currentUser) does the grooming check from start to end in the
 * Microsoft 365 Agents Playground, in Chromium, against the real Baken: menu → Grooming-check → the intro →
 * nine check questions (one with a note, one answered again after Terug) → the worried question → the summary.
 * Every button answers by updating the same card in place. The tests in this file run in order on one chat.
 */
import { CLIENT_CODE_LABEL } from '../../src/flows/safetyTexts';
import { FLOWS } from '../../src/flows';
import type { QuestionStep } from '../../src/flows/flowSchema';
import { fillOrg } from '../../src/flows/flowSummary';
import { cards, docsScreenshot, E2E_ORG, pinCard, pressInPlace, shown, useBakenPlayground } from './baken';
import { openPersonalChat, sendMessage, waitForCardText } from './playground';
import { expectedAdvice } from '../support/renderFlow';

const flow = FLOWS.grooming;
const questions = flow.steps.filter((s): s is QuestionStep => s.kind === 'question');
const numbered = questions.filter((q) => q.numbered);
const worried = questions.find((q) => !q.numbered);
const intro = flow.steps.slice(
  0,
  flow.steps.findIndex((s) => s.kind === 'question'),
);
const summary = flow.steps[flow.steps.length - 1];
if (numbered.length !== 9 || worried === undefined || summary?.kind !== 'summary') {
  throw new Error(
    'the grooming check is expected to have 9 numbered questions, a worried question and a summary',
  );
}
const fill = (text: string) => shown(fillOrg(text, E2E_ORG));

/** The answers Daan gives, by question index (0–8), then the worried question: a mix of every choice. */
const ANSWERS = ['Nee', 'Ja', 'Ja', 'Onderbuikgevoel', 'Ja', 'Nee', 'Ja', 'Weet ik niet', 'Ja'];
/** The question (index) answered with a note, and the note. */
const NOTE_AT = 2;
const NOTE = 'Sinds kort veel berichten van een nieuwe online vriend';
/** The question (index) on which Daan presses Terug, going back to the one before. */
const BACK_AT = NOTE_AT + 1;
const CLIENT_CODE = 'K7';

const kicker = (n: number) => `${flow.title} · Vraag ${n} van ${numbered.length}`;

describe('grooming check in the Playground (Chromium)', () => {
  const session = useBakenPlayground('grooming');
  const page = () => session().page;
  /** The card of the run: the menu card the flow started from, updated in place at every step. */
  const card = () => page().locator('.ac-adaptiveCard[data-e2e-pinned="flow"]');
  let cardsAtStart = 0;

  test('menu → Grooming-check → through the intro with Verder', async () => {
    await openPersonalChat(page());
    await waitForCardText(page(), 'Welkom bij Baken');
    await sendMessage(page(), 'menu');
    await pinCard(page(), 'Wat wil je doen?', 'flow');
    cardsAtStart = await cards(page()).count();

    const first = intro[0];
    if (first === undefined) throw new Error('the grooming check has no intro');
    await pressInPlace(page(), card(), flow.title, first.title);
    // The first card asks for an optional client code (never a name).
    await card().getByRole('textbox', { name: CLIENT_CODE_LABEL }).fill(CLIENT_CODE);
    for (const [i, step] of intro.entries()) {
      const next = intro[i + 1]?.title ?? kicker(1);
      expect(await card().innerText()).toContain(step.title);
      await pressInPlace(page(), card(), 'Verder', next);
    }
    expect(await card().innerText()).toContain(fill(numbered[0]?.question ?? ''));
  });

  test('nine check questions: one with a note, and Terug once on the way', async () => {
    for (const [i, question] of numbered.entries()) {
      const text = await card().innerText();
      expect(text).toContain(kicker(i + 1));
      expect(text).toContain(fill(question.question));
      expect(text).toContain(`Cliënt: ${CLIENT_CODE}`);

      if (i === BACK_AT) {
        // Back to the question with the note: its answer and its note are shown again, in the same card.
        const previous = numbered[i - 1];
        if (previous === undefined) throw new Error('nothing to go back to');
        await pressInPlace(page(), card(), 'Terug', kicker(i));
        expect(await card().innerText()).toContain(`Je eerdere antwoord: ${ANSWERS[i - 1]}`);
        await expect(noteField().inputValue()).resolves.toBe(NOTE);
        await pressInPlace(page(), card(), ANSWERS[i - 1] ?? '', kicker(i + 1));
      }
      if (i === NOTE_AT) {
        await noteField().fill(NOTE);
        await docsScreenshot(page(), card(), 'playground-grooming-question.png');
      }
      const next = numbered[i + 1] === undefined ? worried.title : kicker(i + 2);
      await pressInPlace(page(), card(), ANSWERS[i] ?? '', next);
    }
  });

  test('the worried question, then the summary with answers, advice and the six rules', async () => {
    expect(await card().innerText()).toContain(fill(worried.question));
    await pressInPlace(page(), card(), 'Ja', summary.title);

    const text = await card().innerText();
    expect(text).toContain(`Cliënt: ${CLIENT_CODE}`);
    const asked = [...numbered, worried];
    const given = Object.fromEntries(
      asked.map((q, i) => [q.id, { value: q.choices.find((c) => c.label === (ANSWERS[i] ?? 'Ja'))?.value }]),
    );
    for (const question of asked) {
      expect(text).toContain(fill(question.question));
      expect(given[question.id]?.value).toBeDefined();
      const advice = expectedAdvice(question, given);
      if (advice) expect(text).toContain(fill(advice));
    }
    for (const answer of new Set([...ANSWERS, 'Ja'])) expect(text).toContain(`Antwoord: ${answer}`);
    expect(text).toContain(`Notitie: ${NOTE}`);
    // "Ja" to a signal question (or being worried) offers to report it to the team.
    expect(text).toContain(fill(summary.escalationOffer?.text ?? ''));
    await expect(card().getByRole('button', { name: 'Meld bij het team' }).count()).resolves.toBe(1);
    expect(text).toContain(fill(summary.closingTitle ?? ''));
    expect(summary.closing).toHaveLength(7);
    for (const rule of summary.closing) expect(text).toContain(fill(rule));

    await docsScreenshot(page(), card(), 'playground-grooming-summary.png');
    // The whole check happened in the menu card: not one card more than when it started.
    await expect(cards(page()).count()).resolves.toBe(cardsAtStart);
  });

  function noteField() {
    return card().getByRole('textbox', { name: /^Notitie/ });
  }
});
