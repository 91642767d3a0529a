/**
 * End-to-end page helpers for the Microsoft 365 Agents Playground: drive its web UI in Debian's Chromium with
 * playwright-core. Starting and stopping the Playground is scripts/playground/startPlayground.ts, shared with
 * `npm run dev`. See docs/playground.md for what the Playground does and does not emulate.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { z } from 'zod';
import { ARTIFACTS_DIR } from '../../scripts/playground/paths';
import { type PlaygroundAccount, relays, type SenderRelay } from '../../scripts/playground/senderRelay';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Default time a page helper waits for the UI or the bot. */
const UI_TIMEOUT_MS = 15_000;

const accountSchema = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string().optional() });
const playgroundConfigSchema = z.object({
  config: z.object({
    bot: accountSchema,
    currentUser: accountSchema,
    users: z.array(accountSchema),
    personalChat: z.object({ id: z.string() }),
    teams: z.array(z.object({ name: z.string() })).min(1),
  }),
});

/** The parts of the Playground's config the helpers use. */
type PlaygroundConfig = z.infer<typeof playgroundConfigSchema>['config'];

interface PageState {
  config: PlaygroundConfig;
  view: 'personal' | 'channel';
  /** The user the page acts as, when switched away from the config's currentUser. */
  acting: PlaygroundAccount | undefined;
  /** The relay of the Playground the page is on (undefined: not started by startPlayground in this process). */
  relay: SenderRelay | undefined;
}

const pageStates = new WeakMap<Page, PageState>();

function stateOf(page: Page): PageState {
  const state = pageStates.get(page);
  if (state === undefined) throw new Error('use a page from openBrowser()');
  return state;
}

/** Browser and page opened on a Playground. */
export interface PlaygroundBrowser {
  browser: Browser;
  page: Page;
}

/** Requests in which the UI names the sender: posts and replies, Action.Execute invokes, Action.Submit. */
const SENDER_REQUEST = /\/_conversation\/v1\/(?:conversations\/([^/]+)\/messages|invoke|submit)$/;

/** Launches Chromium, opens the Playground at `url` and waits until its config (team, users) is loaded. */
export async function openBrowser(
  url: string,
  options: { executablePath?: string } = {},
): Promise<PlaygroundBrowser> {
  const response = await fetch(`${url}/_internal/v1/testConfig`);
  const config = playgroundConfigSchema.parse(await response.json()).config;
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    // Offline: the UI asks a CDN for fonts and icons; fail those at once instead of waiting on DNS.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const state: PageState = { config, view: 'personal', acting: undefined, relay: relays.get(url) };
    pageStates.set(page, state);
    await page.route(SENDER_REQUEST, async (route) => {
      const request = route.request();
      const acting = state.acting;
      if (request.method() !== 'POST' || acting === undefined) return route.continue();
      const body = JSON.parse(request.postData() ?? '{}') as {
        from?: { id: string };
        conversation?: { id: string };
        text?: unknown;
      };
      const refuse = (error: string) =>
        route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error }) });
      const pathConversation = SENDER_REQUEST.exec(new URL(request.url()).pathname)?.[1];
      const conversationId =
        pathConversation !== undefined ? decodeURIComponent(pathConversation) : body.conversation?.id;
      if (conversationId === state.config.personalChat.id) {
        return refuse(
          'switchUser: the 1:1 chat belongs to the config currentUser; start the Playground with another config',
        );
      }
      if (pathConversation !== undefined && conversationId !== undefined) {
        // A post or reply: the Playground sends it to the bot as currentUser; the relay corrects the sender.
        if (state.relay === undefined) {
          return refuse('switchUser: posts as another user need a Playground started by startPlayground()');
        }
        state.relay.expectPost({
          conversation: conversationId.split(';')[0] ?? conversationId,
          text: typeof body.text === 'string' ? body.text : '',
          sender: acting,
        });
      }
      return route.continue({ postData: JSON.stringify({ ...body, from: { ...body.from, id: acting.id } }) });
    });
    // The UI shows a placeholder team until the config request (which waits for the bot) has answered.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/_internal/v1/config'), { timeout: 30_000 }),
      page.goto(url),
    ]);
    await page.getByRole('treeitem', { name: 'Personal Chat', exact: true }).waitFor();
    // The log panel repeats message texts; closing it keeps text lookups on the conversation (and widens it).
    await page.getByTitle('Toggle Log Panel').click();
    await page.getByText('Log Panel', { exact: true }).waitFor({ state: 'detached' });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The compose boxes (Lexical editors): the message box of a chat; in a channel "Start a new post" first, then the
 * reply box of each thread. Not `getByRole('textbox')`: a card's Input.Text is a textbox too.
 */
export function composeBoxes(page: Page): Locator {
  return page.locator('[data-lexical-editor="true"]');
}

/** Opens the 1:1 chat between the config's currentUser and the bot. */
export async function openPersonalChat(page: Page): Promise<void> {
  const state = stateOf(page);
  await page.getByRole('treeitem', { name: 'Personal Chat', exact: true }).click();
  await page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'detached' });
  await composeBoxes(page).waitFor();
  state.view = 'personal';
}

/** Opens a channel of the team ('General' or the config's extra channel, e.g. 'Meldingen'). */
export async function openChannel(page: Page, channel: string): Promise<void> {
  const state = stateOf(page);
  const team = state.config.teams[0]?.name ?? '';
  await page.getByRole('treeitem', { name: `${team} - ${channel}`, exact: true }).click();
  await page.getByRole('button', { name: 'Post', exact: true }).waitFor();
  state.view = 'channel';
}

async function expectAccepted(response: Promise<Response>, what: string): Promise<void> {
  const res = await response;
  if (!res.ok()) throw new Error(`${what} refused by the Playground: ${res.status()} ${await res.text()}`);
}

const messagePost = (r: Response): boolean =>
  r.request().method() === 'POST' && /\/_conversation\/v1\/conversations\/[^/]+\/messages$/.test(r.url());

/** Sends `text` in the open 1:1 chat, or as a new channel post (the bot hears channel posts only when mentioned). */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const state = stateOf(page);
  const accepted = page.waitForResponse(messagePost);
  if (state.view === 'personal') {
    await composeBoxes(page).click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  } else {
    await composeBoxes(page).first().click();
    await page.keyboard.type(text);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
  }
  await expectAccepted(accepted, 'message');
}

/** Posts `text` in the open channel as a new post that starts with an @mention of the bot. */
export async function sendMention(page: Page, text: string): Promise<void> {
  const state = stateOf(page);
  if (state.view !== 'channel') throw new Error('sendMention: open a channel first');
  const accepted = page.waitForResponse(messagePost);
  // The first textbox is "Start a new post"; the ones below it are reply boxes of existing posts.
  await composeBoxes(page).first().click();
  await page.keyboard.type('@');
  // A menu item's accessible name includes the avatar's initials, so match the visible name instead.
  const botName = page.getByText(state.config.bot.name, { exact: true });
  await page.getByRole('menuitem').filter({ has: botName }).click();
  await page.keyboard.type(` ${text}`);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expectAccepted(accepted, 'mention');
}

/** Everything outside the navigation tree, whose items preview the latest message of each conversation. */
const OUTSIDE_NAVIGATION = 'xpath=//*[not(ancestor-or-self::*[@aria-label="Chat and Teams Channel"])]';

/** Waits until a message (bot or user, text or card) containing `text` is visible; returns its first match. */
export async function waitForText(page: Page, text: string, timeout = UI_TIMEOUT_MS): Promise<Locator> {
  const match = page.getByText(text).and(page.locator(OUTSIDE_NAVIGATION)).first();
  await match.waitFor({ timeout });
  return match;
}

/** Waits until an Adaptive Card containing `text` is visible; returns that card. */
export async function waitForCardText(page: Page, text: string, timeout = UI_TIMEOUT_MS): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard').filter({ hasText: text }).first();
  await card.waitFor({ timeout });
  return card;
}

/**
 * Clicks the card button titled `title`: in the card containing `card` (a text), in `card` itself (a locator), or
 * in any card; returns the invoke response.
 */
export async function clickCardButton(page: Page, title: string, card?: string | Locator): Promise<unknown> {
  const cards = page.locator('.ac-adaptiveCard');
  const scope =
    card === undefined ? cards : typeof card === 'string' ? cards.filter({ hasText: card }) : card;
  const invoked = page.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/_conversation\/v1\/(invoke|submit)$/.test(r.url()),
  );
  await scope.getByRole('button', { name: title, exact: true }).click();
  const response = await invoked;
  if (!response.ok()) {
    throw new Error(`card action refused by the Playground: ${response.status()} ${await response.text()}`);
  }
  const body = await response.text();
  return body === '' ? undefined : (JSON.parse(body) as unknown);
}

/**
 * Acts as the config user `name` from now on: posts, replies and card clicks in channels and the group chat reach
 * the bot from that user (id, name, aadObjectId). Card clicks: the request names the sender and the Playground
 * uses it. Posts: the Playground always sends them as currentUser, so the sender relay of startPlayground corrects
 * them. The UI keeps showing the config's currentUser; the 1:1 chat stays theirs.
 */
export async function switchUser(page: Page, name: string): Promise<void> {
  const state = stateOf(page);
  const { currentUser, users } = state.config;
  const user = [currentUser, ...users].find((u) => u.name === name);
  if (user === undefined) {
    throw new Error(`switchUser: no user "${name}" in the Playground config`);
  }
  state.acting = user.id === currentUser.id ? undefined : user;
  // A label drawn with CSS (not DOM text, so text locators ignore it) shows in screenshots who is acting.
  await page.evaluate(
    ({ label }) => {
      const id = 'baken-e2e-acting-user';
      let style = document.getElementById(id);
      if (style === null) {
        style = document.createElement('style');
        style.id = id;
        document.head.appendChild(style);
      }
      style.textContent =
        label === ''
          ? ''
          : `body::after{content:${JSON.stringify(label)};position:fixed;top:4px;left:50%;` +
            'transform:translateX(-50%);padding:2px 10px;background:#c4314b;color:#fff;' +
            'font:12px sans-serif;border-radius:4px;z-index:99999;pointer-events:none}';
    },
    { label: state.acting === undefined ? '' : `acting as ${user.name}` },
  );
}

/** Saves a screenshot of the page as test-artifacts/<file>; returns its path. */
export async function screenshot(page: Page, file: string): Promise<string> {
  const target = path.join(ARTIFACTS_DIR, file);
  mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  return target;
}
