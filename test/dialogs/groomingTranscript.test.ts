import { z } from 'zod';
import { useMemoryStorage } from '../support/harness';
import { cardText } from '../support/cardWalk';
import { Transcript } from '../support/transcript';

const storage = useMemoryStorage();

/** Starts the grooming check from the menu and returns the transcript. */
async function startGrooming(): Promise<Transcript> {
  const t = await new Transcript(storage.get()).start();
  await t.say('menu');
  await t.press('Grooming-check');
  return t;
}

describe('grooming check transcript', () => {
  it('walks intro, nine questions and the summary, with progress and advice', async () => {
    const t = await startGrooming();
    // Intro cards until the first question.
    for (let guard = 0; !cardText(t.card).includes('Vraag 1 van 9'); guard++) {
      if (guard > 5) throw new Error(`no first question: ${cardText(t.card)}`);
      await t.press('Verder');
    }
    const answers = ['Nee', 'Ja', 'Ja', 'Onderbuikgevoel', 'Nee', 'Ja', 'Ja', 'Nee', 'Weet ik niet'];
    for (const [i, answer] of answers.entries()) {
      expect(cardText(t.card)).toContain(`Vraag ${i + 1} van 9`);
      await t.press(answer, i === 2 ? { note: 'vreemde chat na school' } : {});
    }
    // The extra "are you worried" question, then the summary.
    await t.press('Nee');
    const summary = cardText(t.card);
    expect(summary).toContain('vreemde chat na school');
    expect(summary).toMatch(/Wederzijdse toestemming/);
    expect(summary).toMatch(/Zelfrespect/);
    expect(summary).toMatch(/Meld bij het team/);
  });

  it('goes back one question with Terug, keeping the earlier answer', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    await t.press('Nee');
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
    await t.press('Terug');
    expect(cardText(t.card)).toContain('Vraag 1 van 9');
  });

  it('stops, and resumes at the same question from the menu', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    await t.press('Ja');
    await t.press('Nee');
    expect(cardText(t.card)).toContain('Vraag 3 van 9');
    await t.press('Stop');
    expect(cardText(t.card)).toContain('Verder waar je was');
    await t.press('Verder waar je was');
    expect(cardText(t.card)).toContain('Vraag 3 van 9');
  });

  it('answers a stale card with "verlopen" and the current card, and records a double click once', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    const q1 = t.card;
    await t.press('Nee');
    // Double click: the same button again on the old card shows the current card without a warning.
    await t.press('Nee', {}, q1);
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
    expect(cardText(t.card)).not.toContain('verlopen');
    // A different answer on the old card is stale.
    await t.press('Ja', {}, q1);
    expect(cardText(t.card)).toContain('Deze kaart is verlopen');
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
  });

  it('treats a double click on Terug as one step back', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    await t.press('Nee');
    await t.press('Ja');
    const q3 = t.card;
    await t.press('Terug');
    await t.press('Terug', {}, q3);
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
    expect(cardText(t.card)).not.toContain('verlopen');
  });

  it('keeps the other runs when one stored run is broken', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    await t.press('Ja');
    // Break the stored verliefd run by hand, as an old or damaged document would be.
    const [name] = await t.storage.state.list();
    if (!name) throw new Error('no state document');
    const doc = await t.storage.state.read(name, z.record(z.string(), z.unknown()));
    const state = doc?.value as { flowRuns: { runs: Record<string, unknown> } };
    state.flowRuns.runs.verliefd = { runId: 42 };
    await t.storage.state.put(name, state);
    await t.say('menu');
    await t.press('Verder waar je was');
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
  });

  it('survives a restart in the middle and continues at the same question', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    await t.press('Ja');
    await t.start(); // a new bot on the same storage: nothing kept in memory
    await t.press('Ja');
    expect(cardText(t.card)).toContain('Vraag 3 van 9');
  });

  it('refuses an answer that is not on the card and changes nothing', async () => {
    const t = await startGrooming();
    while (!cardText(t.card).includes('Vraag 1 van 9')) await t.press('Verder');
    const shown = await t.invoke({ ...buttonData(t), value: 'misschien' });
    expect(cardText(shown.card)).toContain('Dat antwoord ken ik niet');
    expect(cardText(shown.card)).toContain('Vraag 1 van 9');
    // Nothing was recorded: a valid answer now still moves from question 1 to 2.
    await t.press('Nee');
    expect(cardText(t.card)).toContain('Vraag 2 van 9');
  });
});

/** The data of the first answer button of the current card. */
function buttonData(t: Transcript): Record<string, unknown> {
  const text = JSON.stringify(t.card);
  const match = /"data":(\{"action":"flow\.answer"[^}]*\})/.exec(text);
  if (!match?.[1]) throw new Error('no answer button');
  return JSON.parse(match[1]) as Record<string, unknown>;
}
