/**
 * Escalation in the team channel, in the Microsoft 365 Agents Playground in Chromium, against the real Baken:
 * Sanne de Vries (admin through ADMIN_IDS) makes "Meldingen" the escalation channel and sends a test escalation;
 * the notice arrives as a new thread; Daan (no manager) cannot pick it up; Sanne can, and the same card then
 * shows that she did. The tests in this file run in order on one channel.
 */
import type { Locator } from 'playwright-core';
import { ESCALATION_TEXTS as T, KIND_LABELS, URGENCY_LABELS } from '../../src/escalation/escalationTexts';
import { cards, docsScreenshot, pinCard, pressInPlace, useBakenPlayground } from './baken';
import { openChannel, sendMention, switchUser, waitForCardText, waitForText } from './playground';

/** The thread (a post with its replies and reply box) that holds `element`. */
function threadOf(element: Locator): Locator {
  return element.locator('xpath=ancestor::*[.//*[@data-lexical-editor="true"]][1]');
}

async function sameElement(a: Locator, b: Locator): Promise<boolean> {
  const handle = await b.elementHandle();
  return a.evaluate((element, other) => element === other, handle);
}

describe('escalation in channel Meldingen (Playground, Chromium)', () => {
  const session = useBakenPlayground('escalation');
  const page = () => session().page;
  const notice = () => page().locator('.ac-adaptiveCard[data-e2e-pinned="notice"]');

  test('Sanne: "@Baken meldkanaal" makes Meldingen the escalation channel', async () => {
    await openChannel(page(), 'Meldingen');
    await switchUser(page(), 'Sanne de Vries');
    await sendMention(page(), 'meldkanaal');
    await waitForText(page(), T.channelSet);
  });

  test('Sanne: "@Baken testmelding" posts the notice card as a new thread', async () => {
    const before = await cards(page()).count();
    await sendMention(page(), 'testmelding');
    const confirmation = await waitForText(page(), T.testSent('').trim());
    const card = await waitForCardText(page(), T.testNote);
    await pinCard(page(), T.testNote, 'notice');
    expect(await cards(page()).count()).toBe(before + 1);

    const text = await notice().innerText();
    expect(text).toContain(KIND_LABELS.test);
    expect(text).toContain(URGENCY_LABELS.normaal);
    expect(text).toContain('Sanne de Vries');
    expect(text).toContain(T.statusOpen);
    for (const button of [T.ack, T.resolve, T.details]) {
      await expect(notice().getByRole('button', { name: button, exact: true }).count()).resolves.toBe(1);
    }
    // Its own thread, started by the bot: not a reply under Sanne's command (which got the confirmation).
    const noticeThread = threadOf(card);
    expect(await sameElement(noticeThread, threadOf(confirmation))).toBe(false);
    await expect(noticeThread.locator('.ac-adaptiveCard').count()).resolves.toBe(1);
    expect(await noticeThread.innerText()).not.toContain('testmelding');
  });

  test('Daan (no manager) presses "Ik pak dit op": refused, only he sees it, nothing changes', async () => {
    await switchUser(page(), 'Daan Bakker');
    await pressInPlace(page(), notice(), T.ack, T.refusedManagerOnly);
    const text = await notice().innerText();
    expect(text).toContain(T.statusOpen);
  });

  test('Sanne presses "Ik pak dit op": the same card shows that she picked it up', async () => {
    await switchUser(page(), 'Sanne de Vries');
    await pressInPlace(page(), notice(), T.ack, 'Opgepakt door Sanne de Vries');
    await notice().getByRole('button', { name: T.ack, exact: true }).waitFor({ state: 'detached' });
    // The answer to the button ("Je hebt deze melding opgepakt", Sanne only) is followed by the bot's update of the
    // channel message, which the Playground shows last: the notice as everyone sees it.
    await notice().getByText(T.youAcknowledged).waitFor({ state: 'detached' });
    const text = await notice().innerText();
    expect(text).not.toContain(T.statusOpen);
    await expect(notice().getByRole('button', { name: T.resolve, exact: true }).count()).resolves.toBe(1);

    await docsScreenshot(page(), threadOf(notice()), 'playground-escalation.png', { margin: 0 });
    await switchUser(page(), 'Daan Bakker');
  });
});
