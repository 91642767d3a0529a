/**
 * Aftercare in the 1:1 chat, in the Microsoft 365 Agents Playground in Chromium, against the real Baken: Sanne de
 * Vries (admin, made manager of Team De Linde) types "nazorg", starts aftercare for Daan's harassment report and
 * ticks two items; every step updates the same card.
 *
 * Aftercare is 1:1 only and the Playground's 1:1 chat holds only its currentUser, so this file runs the Playground
 * with a copy of .m365agentsplayground.yml in which Sanne is currentUser (and her 1:1 chat has its own id). What
 * happens before, out of Sanne's sight, is seeded by posting Teams-shaped activities straight to the bot with the
 * Playground's connector as serviceUrl (roster calls are answered by it): Baken added to the team, Sanne made a
 * manager, and Daan's report with consent at "Bespreek". The tests in this file run in order.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_AFTERCARE_ITEMS } from '../../src/aftercare/aftercareItems';
import { AFTERCARE_TEXTS as T } from '../../src/aftercare/aftercareTexts';
import { buttonOf, cardText } from '../support/cardWalk';
import {
  DAAN,
  PLAYGROUND_TENANT_ID,
  SANNE,
  SANNE_CHAT,
  cards,
  sanneConfig,
  docsScreenshot,
  pinCard,
  pressInPlace,
  useBakenPlayground,
} from './baken';
import { clickCardButton, openPersonalChat, sendMessage } from './playground';

const TEAM_ID = '19:linde-algemeen@thread.tacv2';
const BOT = { id: '28:baken-local-bot', name: 'Baken' };
type Person = typeof SANNE;
/** Daan's 1:1 chat with Baken: seeded only, not visible in this Playground. */
const DAAN_CHAT = 'a:linde-persoonlijk-daan-bakker';

let configFile: string | undefined;

/** One card answer of the bot to an invoke. */
interface InvokeAnswer {
  status: number;
  card?: Record<string, unknown>;
}

/** Posts Teams-shaped activities straight to Baken, as if from Teams, with the Playground as connector. */
class Seeder {
  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
  ) {}

  private base(
    from: Person,
    conversation: Record<string, unknown>,
    channelData: Record<string, unknown> = {},
  ) {
    return {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: 'msteams',
      from,
      recipient: BOT,
      conversation: { tenantId: PLAYGROUND_TENANT_ID, ...conversation },
      locale: 'nl-NL',
      channelData: { tenant: { id: PLAYGROUND_TENANT_ID }, ...channelData },
    };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(this.botUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  /** Baken added to Team De Linde (as Teams sends it when the app is installed in the team). */
  async installInTeam(by: Person): Promise<void> {
    const channel = { id: TEAM_ID };
    const res = await this.post({
      ...this.base(
        by,
        { conversationType: 'channel', id: TEAM_ID, isGroup: true },
        { team: channel, channel },
      ),
      type: 'installationUpdate',
      action: 'add',
    });
    expect(res.status).toBe(200);
  }

  /** An Action.Execute press in `from`'s 1:1 chat; the card of the answer, if any. */
  async invoke(from: Person, chat: string, data: Record<string, unknown>): Promise<InvokeAnswer> {
    const res = await this.post({
      ...this.base(from, { conversationType: 'personal', id: chat }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: `seed-${randomUUID()}`,
      value: { action: { type: 'Action.Execute', verb: data.action, data }, trigger: 'manual' },
    });
    const body = res.body as { type?: string; value?: unknown } | undefined;
    const card =
      body?.type === 'application/vnd.microsoft.card.adaptive'
        ? (body.value as Record<string, unknown>)
        : undefined;
    return { status: res.status, card };
  }
}

/** Teams user ids by Entra object id, for the roster look-ups the Playground cannot answer. */
const USER_IDS = new Map([SANNE, DAAN].map((p) => [p.aadObjectId, p.id]));

/**
 * A loopback connector for the seeded activities: passes every call on to the Playground's connector, but asks for
 * a single member by Teams user id where the bot asks by Entra object id ("Maak leidinggevende" does that; Teams
 * accepts both, the Playground 0.2.28 only the user id and answers 404 otherwise).
 */
async function startConnectorShim(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = (req.url ?? '').replace(
        /\/members\/([0-9a-f-]{36})$/,
        (_match, aad: string) => `/members/${encodeURIComponent(USER_IDS.get(aad) ?? aad)}`,
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${target}${url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      })
        .then(async (answer) => {
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/plain',
          });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/_connector`, server };
}

/** Yesterday, as the date input wants it. */
function yesterday(): string {
  return new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
}

/** Daan reports online harassment 1:1 (what happened, skips the rest) and shares it with the managers. */
async function daanReports(seed: Seeder): Promise<void> {
  let answer = await seed.invoke(DAAN, DAAN_CHAT, { action: 'flow.start', value: 'grensoverschrijdend' });
  const press = async (title: string, inputs: Record<string, string> = {}) => {
    answer = await seed.invoke(DAAN, DAAN_CHAT, { ...buttonOf(answer.card, title), ...inputs });
    if (answer.card === undefined) throw new Error(`"${title}" got no card (status ${answer.status})`);
  };
  await press('Verder', {
    f_soort: 'bedreiging',
    f_platform: 'linkedin',
    f_wanneer: yesterday(),
    f_online: 'ja',
  });
  for (let i = 0; !cardText(answer.card).includes('Mag ik je leidinggevenden'); i++) {
    if (i > 10) throw new Error(`never asked for consent; last card: ${cardText(answer.card)}`);
    await press('Sla over');
  }
  await press('Verder', { f_toestemming: 'ja' });
}

/** Presses "Klaar" on the item titled `title` of the pinned checklist and waits for the answer in that card. */
async function tickInPlace(page: Page, checklist: Locator, title: string): Promise<void> {
  const before = await cards(page).count();
  // The innermost container holding the item's title and a Klaar button: the item itself.
  const item = checklist
    .locator('.ac-container')
    .filter({ hasText: title })
    .filter({ has: page.getByRole('button', { name: T.tick, exact: true }) })
    .last();
  await clickCardButton(page, T.tick, item);
  await checklist.filter({ hasText: T.ticked(title) }).waitFor();
  expect(await cards(page).count()).toBe(before);
}

describe('aftercare in the 1:1 chat of a manager (Playground, Chromium)', () => {
  const session = useBakenPlayground('aftercare', {
    configPath: () => {
      configFile = sanneConfig();
      return configFile;
    },
  });
  const page = () => session().page;
  const checklist = () => page().locator('.ac-adaptiveCard[data-e2e-pinned="checklist"]');
  const [first, second] = DEFAULT_AFTERCARE_ITEMS.filter((i) => i.due.from === 'incident');
  const applicable = DEFAULT_AFTERCARE_ITEMS.filter((i) => i.due.from === 'incident').length;

  let shim: Server | undefined;
  afterAll(async () => {
    await new Promise((resolve) => (shim ? shim.close(resolve) : resolve(undefined)));
    if (configFile !== undefined) rmSync(path.dirname(configFile), { recursive: true, force: true });
  });

  test('seeded: Baken in the team, Sanne a manager, Daan reported harassment and shared it', async () => {
    const { baken, playground } = session();
    const connector = await startConnectorShim(`http://localhost:${playground.port}`);
    shim = connector.server;
    const seed = new Seeder(baken.botUrl, connector.url);
    await seed.installInTeam(SANNE);
    const added = await seed.invoke(SANNE, SANNE_CHAT, {
      action: 'team.addManager',
      ref: TEAM_ID,
      value: SANNE.aadObjectId,
    });
    expect(cardText(added.card)).toContain('Sanne de Vries is nu leidinggevende.');
    await daanReports(seed);
  });

  test('Sanne: "nazorg" lists Daan\'s report; "Start nazorg" turns that card into the checklist', async () => {
    await openPersonalChat(page());
    await sendMessage(page(), 'nazorg');
    const overview = await pinCard(page(), T.overviewStartable, 'checklist');
    expect(await overview.innerText()).toContain('Daan Bakker');
    await pressInPlace(page(), checklist(), T.startButton, T.managerTitle('Daan Bakker'));
    const text = await checklist().innerText();
    expect(text).toContain(T.started('Daan Bakker'));
    expect(text).toContain(T.progress(0, applicable));
    for (const item of DEFAULT_AFTERCARE_ITEMS.filter((i) => i.due.from === 'incident'))
      expect(text).toContain(item.title);
    await expect(checklist().getByRole('button', { name: T.tick, exact: true }).count()).resolves.toBe(
      applicable,
    );
  });

  test('Sanne ticks two items: the same card shows them done and the progress', async () => {
    if (first === undefined || second === undefined) throw new Error('fewer than two checklist items');
    await tickInPlace(page(), checklist(), first.title);
    await tickInPlace(page(), checklist(), second.title);
    const text = await checklist().innerText();
    expect(text).toContain(T.progress(2, applicable));
    expect(text).toContain(`✓ ${first.title}`);
    expect(text).toContain(`✓ ${second.title}`);
    await expect(checklist().getByRole('button', { name: T.tick, exact: true }).count()).resolves.toBe(
      applicable - 2,
    );
    await docsScreenshot(page(), checklist(), 'playground-aftercare.png');
  });
});
