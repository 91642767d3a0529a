/**
 * Smoke test of the Playground harness in real Chromium. For now it drives a throwaway echo bot
 * (fixtures/echoBot.ts); replace that with the real bot (`tsx src/main.ts`) once it answers.
 */
import type { Page } from 'playwright-core';
import {
  CONFIRM_BUTTON,
  confirmedCardText,
  type EchoBot,
  OPEN_CARD_TEXT,
  startEchoBot,
} from './fixtures/echoBot';
import {
  clickCardButton,
  openBrowser,
  openChannel,
  openPersonalChat,
  type PlaygroundBrowser,
  type RunningPlayground,
  screenshot,
  sendMention,
  sendMessage,
  startPlayground,
  switchUser,
  waitForCardText,
  waitForText,
} from './playground';

const cardCount = (page: Page): Promise<number> => page.locator('.ac-adaptiveCard').count();

describe('Microsoft 365 Agents Playground (echo bot fixture)', () => {
  let bot: EchoBot | undefined;
  let playground: RunningPlayground | undefined;
  let browser: PlaygroundBrowser | undefined;

  const page = (): Page => {
    if (browser === undefined) throw new Error('browser did not start');
    return browser.page;
  };

  beforeAll(async () => {
    bot = await startEchoBot();
    // Port 0: any free port, so the test runs next to a developer's `npm run dev` on 56150.
    playground = await startPlayground({ botUrl: bot.url, port: 0 });
    browser = await openBrowser(playground.url);
  });

  afterAll(async () => {
    if (browser !== undefined)
      await screenshot(browser.page, 'playground-smoke-final.png').catch(() => undefined);
    await browser?.browser.close();
    await playground?.stop();
    await bot?.stop();
  });

  test('1:1 chat: hallo gets a reply and a card whose button updates the card in place', async () => {
    await openPersonalChat(page());
    await sendMessage(page(), 'hallo');

    await waitForText(page(), 'Echo: hallo (van Daan Bakker)');
    await waitForCardText(page(), OPEN_CARD_TEXT);
    expect(await cardCount(page())).toBe(1);

    const invokeResponse = await clickCardButton(page(), CONFIRM_BUTTON, OPEN_CARD_TEXT);
    expect(invokeResponse).toMatchObject({ value: 'Bevestigd' });

    await waitForCardText(page(), confirmedCardText('Daan Bakker'));
    expect(await cardCount(page())).toBe(1);
    expect(await page().getByText(OPEN_CARD_TEXT).count()).toBe(0);
    expect(await page().getByRole('button', { name: CONFIRM_BUTTON }).count()).toBe(0);
    await screenshot(page(), 'playground-smoke-personal.png');
  });

  test('channel Meldingen: @mention reaches the bot and another user presses the card', async () => {
    await openChannel(page(), 'Meldingen');
    await sendMention(page(), 'melding uit het kanaal');
    await waitForText(page(), 'Echo: melding uit het kanaal (van Daan Bakker)');
    await waitForCardText(page(), OPEN_CARD_TEXT);

    await switchUser(page(), 'Sanne de Vries');
    await clickCardButton(page(), CONFIRM_BUTTON, OPEN_CARD_TEXT);
    await waitForCardText(page(), confirmedCardText('Sanne de Vries'));
    expect(await cardCount(page())).toBe(1);
    await screenshot(page(), 'playground-smoke-channel.png');
    await switchUser(page(), 'Daan Bakker');
  });
});
