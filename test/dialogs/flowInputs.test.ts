import { FLOWS } from '../../src/flows';
import { buttonOf, cardText } from '../support/cardWalk';
import {
  firstInputStep,
  firstNoteStep,
  forward,
  fullWalk,
  GUIDANCE_FLOWS,
  hasInput,
  inputValue,
  isSummary,
  startFromMenu,
  stepOf,
  storedRun,
  walkToStep,
  walkToSummary,
} from '../support/transcriptWalk';
import { useMemoryStorage } from '../support/harness';

/**
 * Every guidance flow through the real bot on memory storage: skipping a step, sending the summary again (also
 * later), the optional client code (kept when valid, refused with a Dutch message when it looks like a name or
 * is too long), the 200-character note limit, and an image sent during a flow. Every card shown is validated.
 */

const storage = useMemoryStorage();

const BAD_CODE = 'Gebruik een korte code met minstens één cijfer';
const NOTE_TOO_LONG = 'Je notitie is te lang';

describe.each(GUIDANCE_FLOWS)('flow %s: input, skip and the summary', (flowId) => {
  const flow = FLOWS[flowId];

  it('skips a step with flow.skip and shows it as "overgeslagen" on the summary', async () => {
    // These flows' cards offer no skip button (only the form steps of the harassment flow do); the step runner
    // accepts the verb with the card's own data, as a button would send it.
    const t = await startFromMenu(storage.get(), flowId);
    const target = firstInputStep(flowId);
    await walkToStep(t, target, fullWalk);
    const data = buttonOf(t.card, 'Stop');
    await t.invoke({ ...data, action: 'flow.skip' });
    expect(stepOf(t.card)).toBe(target + 1);
    expect((await storedRun(t, flowId))?.answers).toMatchObject({
      [flow.steps[target]?.id ?? '']: { skipped: true },
    });
    await walkToSummary(t, fullWalk);
    const kind = flow.steps[target]?.kind;
    if (kind === 'question' || kind === 'checklist') expect(cardText(t.card)).toContain('overgeslagen');
    // A summary cannot be skipped.
    const summaryData = buttonOf(t.card, 'Terug');
    const refused = await t.invoke({ ...summaryData, action: 'flow.skip' });
    expect(cardText(refused.card)).toContain('Dat antwoord ken ik niet');
    expect(isSummary(refused.card)).toBe(true);
  });

  it('sends the summary again as a new message, also later from an old summary card', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    await walkToSummary(t, fullWalk);
    const summary = t.card;
    const again = await t.press('Zet samenvatting onderaan');
    expect(again.postedCards).toHaveLength(1);
    expect(isSummary(again.postedCards[0])).toBe(true);
    expect(cardText(again.postedCards[0])).toBe(cardText(summary));

    // Later: after the menu, and after another flow was started and stopped.
    await t.say('menu');
    const later = await t.press('Zet samenvatting onderaan', {}, summary);
    expect(later.postedCards).toHaveLength(1);
    expect(cardText(later.postedCards[0])).toBe(cardText(summary));
    const other = GUIDANCE_FLOWS.find((id) => id !== flowId) ?? 'grooming';
    await t.press(FLOWS[other].title, {}, (await t.say('menu')).card);
    const otherCard = t.card;
    const whileOther = await t.press('Zet samenvatting onderaan', {}, summary);
    expect(whileOther.postedCards).toHaveLength(1);
    expect(cardText(whileOther.postedCards[0])).toBe(cardText(summary));
    // The other flow is still where it was.
    await forward(t, {}, otherCard);
    expect(stepOf(t.card)).toBe(1);
    expect(cardText(t.card)).not.toContain('verlopen');
    await t.press('Stop');
    const afterStop = await t.press('Zet samenvatting onderaan', {}, summary);
    expect(afterStop.postedCards).toHaveLength(1);
    expect(cardText(afterStop.postedCards[0])).toBe(cardText(summary));
  });

  if (flow.aboutClient) {
    it('keeps a valid client code and refuses a name or a too long code, changing nothing', async () => {
      const t = await startFromMenu(storage.get(), flowId);
      expect(hasInput(t.card, 'clientCode')).toBe(true);
      for (const bad of ['Jan de Vries', 'JanDeVries', 'ABCDEFGHIJKL7', 'K7;drop']) {
        const refused = await t.press('Verder', { clientCode: bad });
        expect(cardText(refused.card)).toContain(BAD_CODE);
        expect(stepOf(refused.card)).toBe(0);
        const run = await storedRun(t, flowId);
        expect(run?.index).toBe(0);
        expect(run?.clientCode).toBeUndefined();
      }
      await t.press('Verder', { clientCode: ' K7 ' });
      expect(stepOf(t.card)).toBe(1);
      expect(cardText(t.card)).toMatch(/Cliënt: \nK7/);
      expect((await storedRun(t, flowId))?.clientCode).toBe('K7');

      // Back on the first card the code is prefilled; a name there is refused and the code stays.
      await t.press('Terug');
      expect(inputValue(t.card, 'clientCode')).toBe('K7');
      const refused = await t.press('Verder', { clientCode: 'Jan de Vries' });
      expect(cardText(refused.card)).toContain(BAD_CODE);
      expect((await storedRun(t, flowId))?.clientCode).toBe('K7');
      await t.press('Verder', { clientCode: 'K7' });
      await walkToSummary(t, fullWalk);
      expect(cardText(t.card)).toMatch(/Cliënt: \nK7/);
      expect(cardText(t.card)).not.toContain('Jan de Vries');
    });
  } else {
    it('asks no client code and ignores one sent anyway', async () => {
      const t = await startFromMenu(storage.get(), flowId);
      expect(hasInput(t.card, 'clientCode')).toBe(false);
      await t.press('Verder', { clientCode: 'K7' });
      expect(stepOf(t.card)).toBe(1);
      expect((await storedRun(t, flowId))?.clientCode).toBeUndefined();
    });
  }

  const noteStep = firstNoteStep(flowId);
  if (noteStep >= 0) {
    it('refuses a note longer than 200 characters and records nothing', async () => {
      const t = await startFromMenu(storage.get(), flowId);
      await walkToStep(t, noteStep, fullWalk);
      const before = await storedRun(t, flowId);
      const tooLong = 'a'.repeat(201);
      const refused = await forward(t, { ...fullWalk, note: () => tooLong });
      expect(cardText(refused.card)).toContain(NOTE_TOO_LONG);
      expect(cardText(refused.card)).toContain('200 tekens');
      expect(stepOf(refused.card)).toBe(noteStep);
      expect(await storedRun(t, flowId)).toEqual(before);
      // Exactly 200 is fine.
      await forward(t, { ...fullWalk, note: () => 'b'.repeat(200) });
      expect(stepOf(t.card)).toBe(noteStep + 1);
      const id = flow.steps[noteStep]?.id ?? '';
      expect((await storedRun(t, flowId))?.answers).toMatchObject({ [id]: { note: 'b'.repeat(200) } });
    });
  }

  it('never keeps an image sent during the flow, and stays at the same step', async () => {
    const t = await startFromMenu(storage.get(), flowId);
    await forward(t, fullWalk);
    const shown = await t.send({
      type: 'message',
      text: '',
      attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/x.png', name: 'x.png' }],
    });
    const text = shown.texts.join('\n');
    expect(text).toContain('niet opgeslagen en niet doorgestuurd');
    expect(text).toContain('Verwijder de afbeelding');
    expect(text).toContain('0800-2000');
    expect(shown.postedCards).toHaveLength(0);
    expect((await storedRun(t, flowId))?.index).toBe(1);
    const state = JSON.stringify(await storedRun(t, flowId));
    expect(state).not.toContain('example.invalid');
  });
});
