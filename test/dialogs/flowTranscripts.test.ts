import { isReadOnly, runPosition } from '../../src/flows/flowRun';
import { FLOWS } from '../../src/flows';
import { buttonsOf, cardText } from '../support/cardWalk';
import {
  answerTitles,
  checklistChoices,
  firstInputStep,
  forward,
  fullWalk,
  GUIDANCE_FLOWS,
  hasInput,
  inputValue,
  isSummary,
  runOf,
  startFromMenu,
  stepOf,
  storedRun,
  walkToStep,
  walkToSummary,
} from '../support/transcriptWalk';
import { useMemoryStorage } from '../support/harness';

/**
 * Every guidance flow walked through the real bot on memory storage, as a user in a 1:1 chat would:
 * from the menu to the summary, with Terug, Stop and "Verder waar je was", old cards, double clicks and a
 * restart of Baken in the middle. Every card shown is validated (CheckedTranscript). Skipping, the summary
 * sent again, the client code, the note limit and images: flowInputs.test.ts; a changed flow version:
 * flowVersion.test.ts.
 */

const storage = useMemoryStorage();

const STALE = 'Deze kaart is verlopen';

describe.each(GUIDANCE_FLOWS)('flow %s through the bot', (flowId) => {
  const flow = FLOWS[flowId];
  const last = flow.steps.length - 1;

  it('walks from the menu to the summary: one card per step, Terug and Stop on every card', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    const cards = await walkToSummary(t, fullWalk);
    expect(cards).toHaveLength(flow.steps.length);
    expect(cards.map((c) => stepOf(c))).toEqual(flow.steps.map((_s, i) => i));
    const numbered = flow.steps.filter((s) => s.kind === 'question' && s.numbered).length;
    let question = 0;
    for (const [index, card] of cards.entries()) {
      const step = flow.steps[index];
      const text = cardText(card);
      const titles = buttonsOf(card).map((b) => b.title);
      expect(text).toContain(step?.title);
      expect(text).toContain('Bron:');
      expect(titles).toContain(index === last ? 'Menu' : 'Stop');
      if (index > 0) expect(titles).toContain('Terug');
      if (step?.kind === 'question' && step.numbered) {
        question++;
        expect(text).toContain(`Vraag ${question} van ${numbered}`);
        // One question per card: the answers are the question's own buttons.
        expect(answerTitles(card)).toEqual(step.choices.map((c) => c.label));
      }
    }
    const summary = cardText(t.card);
    expect(isSummary(t.card)).toBe(true);
    expect(buttonsOf(t.card).map((b) => b.title)).toEqual(
      expect.arrayContaining(['Zet samenvatting onderaan', 'Terug', 'Menu']),
    );
    // Every note typed on the way is on the summary.
    for (const card of cards.slice(0, -1)) {
      if (hasInput(card, 'note')) expect(summary).toContain(`notitie bij stap ${stepOf(card)}`);
    }
    const run = await storedRun(t, flowId);
    expect(run).toMatchObject({ index: last, version: flow.version });
    expect(run?.finishedAt).toBeDefined();

    // Going back from the summary reopens the run: a stop there can be resumed from the menu (a read-only flow
    // keeps nothing, so there its menu button starts it again).
    await t.press('Terug');
    expect(stepOf(t.card)).toBe(last - 1);
    await t.press('Stop');
    if (isReadOnly(flow)) return;
    await t.press('Verder waar je was');
    expect(stepOf(t.card)).toBe(last - 1);
    await forward(t, fullWalk);
    expect(isSummary(t.card)).toBe(true);
  });

  it('goes back with Terug to the step before, showing what was given there', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    const target = firstInputStep(flowId);
    await walkToStep(t, target, fullWalk);
    const before = t.card;
    await forward(t, { ...fullWalk, answer: (_c, titles) => titles[titles.length - 1] ?? '' });
    expect(stepOf(t.card)).toBe(target + 1);
    await t.press('Terug');
    expect(stepOf(t.card)).toBe(target);
    expect(cardText(t.card)).not.toContain(STALE);
    if (hasInput(before, 'note')) expect(inputValue(t.card, 'note')).toBe(`notitie bij stap ${target}`);
    const answers = answerTitles(before);
    if (answers.length > 0) expect(cardText(t.card)).toContain(`Je eerdere antwoord: **${answers.at(-1)}**`);
    const items = checklistChoices(before);
    if (items.length > 0) expect(inputValue(t.card, 'ticked')).toBe(items.map((i) => i.value).join(','));
    // Back to the first card, then on again.
    while (stepOf(t.card) > 0) await t.press('Terug');
    expect(buttonsOf(t.card).map((b) => b.title)).not.toContain('Terug');
    await forward(t);
    expect(stepOf(t.card)).toBe(1);
  });

  it('stops, and goes on at the same step with "Verder waar je was" from the menu (a read-only flow keeps nothing)', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    await walkToStep(t, 2, fullWalk);
    const stopped = await t.press('Stop');
    expect(cardText(stopped.card)).toContain('Je bent gestopt');
    if (isReadOnly(flow)) {
      // Nothing to keep: the stop promises nothing, and the menu offers nothing to go on with.
      expect(cardText(stopped.card)).not.toContain('bewaard');
      expect(buttonsOf(stopped.card).map((b) => b.title)).not.toContain('Verder waar je was');
      expect(await storedRun(t, flowId)).toBeUndefined();
      return;
    }
    expect(cardText(stopped.card)).toContain('Wat je al had ingevuld is bewaard');
    // The menu counts as the card does.
    expect(cardText(stopped.card)).toContain(`Je was bezig met **${flow.title}** (${runPosition(flow, 2)})`);
    await t.say('menu');
    await t.press('Verder waar je was');
    expect(stepOf(t.card)).toBe(2);
    expect(cardText(t.card)).toContain('Welkom terug');
    await forward(t, fullWalk);
    expect(stepOf(t.card)).toBe(3);
  });

  it('answers a button on an old card with "verlopen" and the current card, changing nothing', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    const first = t.card;
    await forward(t, fullWalk);
    await forward(t, fullWalk);
    expect(stepOf(t.card)).toBe(2);
    const runBefore = await storedRun(t, flowId);
    // A button of step 0 (not a double click of the step just answered).
    const shown = await t.press(answerTitles(first)[0] ?? 'Verder', {}, first);
    expect(cardText(shown.card)).toContain(STALE);
    expect(stepOf(shown.card)).toBe(2);
    expect(await storedRun(t, flowId)).toEqual(runBefore);

    // A card of an earlier run of the same flow, after starting the flow again.
    const oldRunCard = t.card;
    await t.say('menu');
    await t.press(flow.title);
    // A run with answers in it is asked about first; "Begin opnieuw" starts a new run.
    if (cardText(t.card).includes(`Je bent nog bezig met ${flow.title}`)) await t.press('Begin opnieuw');
    expect(runOf(t.card)).not.toBe(runOf(oldRunCard));
    const again = await t.press(answerTitles(oldRunCard)[0] ?? 'Verder', {}, oldRunCard);
    expect(cardText(again.card)).toContain(STALE);
    expect(stepOf(again.card)).toBe(0);
    expect(runOf(again.card)).toBe(runOf(t.card));
  });

  it('records a double click once', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    const target = firstInputStep(flowId);
    await walkToStep(t, target, fullWalk);
    const card = t.card;
    await forward(t, fullWalk);
    const once = await storedRun(t, flowId);
    expect(once?.index).toBe(target + 1);
    // The same button of the same card again, as a double click sends it.
    const answers = answerTitles(card);
    const inputs: Record<string, string> = {};
    if (hasInput(card, 'note')) inputs.note = `notitie bij stap ${target}`;
    const items = checklistChoices(card);
    if (items.length > 0) inputs.ticked = items.map((i) => i.value).join(',');
    const twice = await t.press(answers[0] ?? 'Verder', inputs, card);
    expect(stepOf(twice.card)).toBe(target + 1);
    expect(cardText(twice.card)).not.toContain(STALE);
    expect(await storedRun(t, flowId)).toEqual(once);
  });

  it('survives a restart of Baken in the middle and goes on at the same step', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    await walkToStep(t, 2, fullWalk);
    const before = await storedRun(t, flowId);
    await t.start(); // a new bot on the same storage: nothing kept in memory
    expect(await storedRun(t, flowId)).toEqual(before);
    await forward(t, fullWalk); // a button of the card shown before the restart
    expect(stepOf(t.card)).toBe(3);
    expect(cardText(t.card)).not.toContain(STALE);

    await t.start();
    await t.say('menu');
    await t.press('Verder waar je was');
    expect(stepOf(t.card)).toBe(3);
    expect((await storedRun(t, flowId))?.answers).toEqual(
      expect.objectContaining((before?.answers ?? {}) as Record<string, unknown>),
    );
  });
});
