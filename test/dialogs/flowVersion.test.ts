import { readFileSync } from 'node:fs';
import path from 'node:path';
import { flowRunsSchema } from '../../dialogs/flowRunStore';
import { FLOWS } from '../../src/flows';
import type { Flow, FlowId } from '../../src/flows/flowSchema';
import { cardText } from '../support/cardWalk';
import {
  CheckedTranscript,
  conversationStateBlob,
  forward,
  runOf,
  stepOf,
  storedRun,
} from '../support/transcriptWalk';
import { useMemoryStorage } from '../support/harness';

/**
 * A flow changed after a user began it: the committed fixture is a conversation state document exactly as
 * BotStateStorage writes it, holding a grooming run of an older version. It is uploaded to storage before the
 * turn; whatever the user does next gets a polite notice and a fresh run, never a crash.
 */

const storage = useMemoryStorage();

describe('a stored run of an older flow version', () => {
  /** A conversation state document exactly as BotStateStorage wrote it: a grooming run of version 2, at question 3. */
  const fixture = JSON.parse(
    readFileSync(path.join(__dirname, '../fixtures/storedRunOldVersion.json'), 'utf8'),
  ) as { flowRuns: unknown; dialogState: unknown };
  const stored = flowRunsSchema.parse(fixture.flowRuns);
  const oldRun = stored.runs.grooming;
  if (!oldRun) throw new Error('the fixture holds no grooming run');
  /** The flows as they are now, with the grooming check changed since the stored run began. */
  const newer: Record<FlowId, Flow> = {
    ...FLOWS,
    grooming: { ...FLOWS.grooming, version: Math.max(FLOWS.grooming.version, oldRun.version + 1) },
  };
  /** What a button on the card of the old run sends (question 3, "Ja"). */
  const oldButton = {
    action: 'flow.answer',
    ref: oldRun.runId,
    step: oldRun.index,
    version: oldRun.version,
    value: 'ja',
  };

  /** A Baken with the given flows whose storage holds the fixture for the Transcript's conversation. */
  async function withFixture(flows: Record<FlowId, Flow>): Promise<CheckedTranscript> {
    const t = await new CheckedTranscript(storage.get(), undefined, undefined, flows).start();
    await t.storage.state.put(conversationStateBlob(t), fixture);
    return t;
  }

  /** Checks the card is a fresh run of the new version, with the polite notice, and storage agrees. */
  async function expectRestarted(t: CheckedTranscript): Promise<void> {
    expect(cardText(t.card)).toContain(
      'Deze uitleg is aangepast sinds je begon. Je begint opnieuw bij het begin.',
    );
    expect(stepOf(t.card)).toBe(0);
    expect(runOf(t.card)).not.toBe(oldRun?.runId);
    const run = await storedRun(t, 'grooming');
    expect(run).toMatchObject({ version: newer.grooming.version, index: 0, answers: {} });
    expect(run?.runId).toBe(runOf(t.card));
  }

  it('is the real stored shape: with the flow version it was made for, it goes on at question 3', async () => {
    const t = await withFixture({ ...FLOWS, grooming: { ...FLOWS.grooming, version: oldRun.version } });
    await t.invoke(oldButton);
    expect(cardText(t.card)).toContain('Vraag 4 van 9');
    expect(cardText(t.card)).toMatch(/Cliënt: \nK7/);
    expect((await storedRun(t, 'grooming'))?.answers).toMatchObject({
      vraag_2: { value: 'ja', note: 'korte notitie' },
      vraag_3: { value: 'ja' },
    });
  });

  it('restarts politely when a button of the old run is pressed', async () => {
    const t = await withFixture(newer);
    await t.invoke(oldButton);
    await expectRestarted(t);
    // The new run works as usual.
    await forward(t);
    expect(stepOf(t.card)).toBe(1);
  });

  it('restarts politely from "Verder waar je was" in the menu', async () => {
    const t = await withFixture(newer);
    const menu = await t.say('menu');
    expect(cardText(menu.card)).toContain(
      `Je was bezig met **${FLOWS.grooming.title}** (vraag ${oldRun.index} van 9)`,
    );
    await t.press('Verder waar je was');
    await expectRestarted(t);
  });

  it('restarts politely when the user types while the old run is active', async () => {
    const t = await withFixture(newer);
    await t.say('ja');
    await expectRestarted(t);
  });
});
