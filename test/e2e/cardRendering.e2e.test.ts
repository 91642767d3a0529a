/**
 * Phone-width rendering: every card of every flow, and the menu, rendered by the official Adaptive
 * Cards renderer (the `adaptivecards` package, served from node_modules on loopback: nothing from the network)
 * in Debian's Chromium at 360 px wide, with Teams' host config. No card may be wider than the screen, and no
 * element may stick out of the card. Screenshots of each flow's first question (or first step) and its summary
 * go to docs/screenshots/ for the README.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  aftercareChecklistCard,
  type AftercareChecklistView,
} from '../../cards/aftercare/aftercareChecklistCard';
import { aftercareOverviewCard } from '../../cards/aftercare/aftercareOverviewCard';
import { aftercareReminderCard } from '../../cards/aftercare/aftercareReminderCard';
import { aftercareStaffCard } from '../../cards/aftercare/aftercareStaffCard';
import type { AdaptiveCard } from '../../cards/cardShell';
import { menuCard } from '../../cards/flows/menuCard';
import { removedCard } from '../../cards/removedCard';
import { DEFAULT_AFTERCARE_ITEMS } from '../../src/aftercare/aftercareItems';
import { AFTERCARE_TEXTS as AT } from '../../src/aftercare/aftercareTexts';
import { menuEntries } from '../../src/flows/menuViews';
import { FLOW_ORDER, FLOWS } from '../../src/flows';
import type { FlowId } from '../../src/flows/flowSchema';
import { walkCard } from '../support/cardWalk';
import { renderAllCards, renderStep, TEST_ORG } from '../support/renderFlow';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const PHONE_WIDTH = 360;

/** Every flow, in menu order. */
const ALL_FLOWS: readonly FlowId[] = FLOW_ORDER;

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

/**
 * Teams' host config for Adaptive Cards (light theme), as the Microsoft 365 Agents Playground ships it:
 * Segoe UI with fallbacks (Debian has none of them but its sans-serif, which is wider: a stricter test),
 * Teams' spacing, font sizes and colours, buttons side by side and allowed to wrap.
 */
const FOREGROUND = {
  default: { default: '#ff252424', subtle: '#bf252424' },
  dark: { default: '#252424', subtle: '#bf252424' },
  light: { default: '#ffffff', subtle: '#fff3f2f1' },
  accent: { default: '#6264a7', subtle: '#8b8cc7' },
  good: { default: '#92c353', subtle: '#e592c353' },
  warning: { default: '#f8d22a', subtle: '#e5f8d22a' },
  attention: { default: '#c4314b', subtle: '#e5c4314b' },
};
const FONT_SIZES = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const TEAMS_HOST_CONFIG = {
  choiceSetInputValueSeparator: ',',
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#EEEEEE' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontTypes: {
    default: {
      fontFamily: "'Segoe UI', Tahoma, Geneva, Verdana, sans-serif",
      fontSizes: FONT_SIZES,
      fontWeights: { lighter: 200, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: "'Courier New', Courier, monospace",
      fontSizes: FONT_SIZES,
      fontWeights: { lighter: 200, default: 400, bolder: 600 },
    },
  },
  textStyles: {
    heading: { fontType: 'default', size: 'large', weight: 'bolder', color: 'default', isSubtle: false },
  },
  textBlock: { headingLevel: 2 },
  containerStyles: {
    default: { foregroundColors: FOREGROUND, borderColor: '#CCCCCC', backgroundColor: '#ffffff' },
    emphasis: { foregroundColors: FOREGROUND, borderColor: '#666666', backgroundColor: '#fff9f8f7' },
    accent: { foregroundColors: FOREGROUND, borderColor: '#62A8F7', backgroundColor: '#C7DEF9' },
    good: { foregroundColors: FOREGROUND, borderColor: '#69E569', backgroundColor: '#CCFFCC' },
    attention: { foregroundColors: FOREGROUND, borderColor: '#FF764C', backgroundColor: '#FFC5B2' },
    warning: { foregroundColors: FOREGROUND, borderColor: '#FFBC51', backgroundColor: '#FFE2B2' },
  },
  actions: {
    maxActions: 6,
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    preExpandSingleShowCardAction: false,
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
    allowButtonsToWrap: true,
  },
  adaptiveCard: { allowCustomStyle: false },
  imageSet: { imageSize: 'Medium', maxImageHeight: 100 },
  factSet: {
    title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true },
    value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 16,
  },
};

/**
 * The page: the renderer, its stylesheet, and a tiny Markdown processor for what Teams renders in TextBlocks
 * (**bold**, _italic_, [links](url), "- " and "1. " lists, line breaks), so cards look as they will in Teams.
 */
const PAGE = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/adaptivecards.css">
<style>*, *::before, *::after { box-sizing: border-box; } /* as in Teams' own stylesheet */
html, body { margin: 0; padding: 0; background: #f5f5f5; } #host { width: 100%; background: #fff; }
.ac-pushButton { border: 1px solid #c8c6c4; background: #fff; color: #252424; border-radius: 4px; padding: 6px 12px;
 font: 600 14px 'Segoe UI', Tahoma, Geneva, Verdana, sans-serif; min-height: 32px; }
.ac-pushButton.style-positive { background: #6264a7; border-color: #6264a7; color: #fff; }
.ac-pushButton.style-destructive { background: #c4314b; border-color: #c4314b; color: #fff; }
.ac-textBlock p { margin: 0; } .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 20px; }
.ac-input { font: 14px 'Segoe UI', Tahoma, Geneva, Verdana, sans-serif; }
</style>
<script src="/adaptivecards.min.js"></script>
<script>
function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function inline(s) {
  return escapeHtml(s)
    .replace(/\\[([^\\]]+)\\]\\(([^)\\s]+)\\)/g, '<a href="$2">$1</a>')
    .replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>')
    .replace(/(^|\\W)_(.+?)_(?=\\W|$)/g, '$1<em>$2</em>');
}
function markdown(text) {
  const out = [];
  let list = null;
  let para = [];
  const flushPara = () => { if (para.length) out.push('<p>' + para.join('<br>') + '</p>'); para = []; };
  const flushList = () => { if (list) out.push('<' + list.tag + '>' + list.items.map((i) => '<li>' + i + '</li>').join('') + '</' + list.tag + '>'); list = null; };
  for (const line of text.split(/\\r\\n|\\r|\\n/)) {
    const bullet = /^\\s*[-*]\\s+(.*)$/.exec(line);
    const numbered = /^\\s*\\d+\\.\\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flushPara();
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tag !== tag) { flushList(); list = { tag, items: [] }; }
      list.items.push(inline((bullet || numbered)[1]));
    } else if (line.trim() === '') {
      flushPara(); flushList();
    } else {
      flushList(); para.push(inline(line));
    }
  }
  flushPara(); flushList();
  return out.join('');
}
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown(text);
  result.didProcess = true;
};
window.renderCard = (json, hostConfig) => {
  const host = document.getElementById('host');
  host.innerHTML = '';
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  card.parse(json);
  const root = card.render();
  if (!root) throw new Error('the renderer returned nothing');
  root.id = 'card';
  host.appendChild(root);
  const box = root.getBoundingClientRect();
  const describe = (el) => (el.className || el.tagName) + ': ' + (el.textContent || '').trim().slice(0, 60);
  const outside = [];
  const clipped = [];
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > box.right + 0.5 || r.left < box.left - 0.5) outside.push(describe(el) + ' (' + Math.round(r.left) + '–' + Math.round(r.right) + ')');
    const style = getComputedStyle(el);
    const hides = style.overflowX === 'hidden' || style.overflow === 'hidden' || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1) clipped.push(describe(el));
  }
  // Text too faint to read: WCAG contrast below 4.5:1 (3:1 for large text) against the background behind it.
  const rgba = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null; const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const backgroundOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) return c; } return [255, 255, 255, 1]; };
  const faint = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const r = el.getBoundingClientRect();
    if (!own || r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    const bg = backgroundOf(el);
    const fg = rgba(style.color) || [0, 0, 0, 1];
    const a = fg[3];
    const mixed = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
    const l1 = lum(mixed), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 600;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) faint.push(describe(el) + ' (' + ratio.toFixed(1) + ':1)');
  }
  return {
    faint,
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    cardWidth: box.width,
    cardHeight: box.height,
    outside,
    clipped,
    text: root.innerText,
  };
};
</script></head>
<body><div id="host"></div></body></html>`;

/** What the page measured for one rendered card. */
interface Measured {
  scrollWidth: number;
  bodyScrollWidth: number;
  cardWidth: number;
  cardHeight: number;
  /** Elements whose box sticks out of the card. */
  outside: string[];
  /** Elements whose text is cut off (hidden overflow or an ellipsis). */
  clipped: string[];
  /** Text with too little contrast to read. */
  faint: string[];
  text: string;
}

/** Serves the page and the renderer from node_modules on a free loopback port. */
async function servePage(): Promise<{ server: Server; url: string }> {
  const dist = path.join(REPO_ROOT, 'node_modules', 'adaptivecards', 'dist');
  const files: Record<string, { type: string; body: string | Buffer }> = {
    '/': { type: 'text/html; charset=utf-8', body: PAGE },
    '/adaptivecards.min.js': {
      type: 'text/javascript; charset=utf-8',
      body: readFileSync(path.join(dist, 'adaptivecards.min.js')),
    },
    '/adaptivecards.css': {
      type: 'text/css; charset=utf-8',
      body: readFileSync(path.join(dist, 'adaptivecards.css')),
    },
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** The card a flow's screenshot shows first: its first question or checklist, else its first step. */
function firstQuestionIndex(flowId: FlowId): number {
  const index = FLOWS[flowId].steps.findIndex((s) => s.kind === 'question' || s.kind === 'checklist');
  return index >= 0 ? index : 0;
}

/** Every card to check, with a name for messages: all cards of every flow, notices and the menu variants. */
function cardsToCheck(): Array<{ name: string; card: AdaptiveCard }> {
  const cards: Array<{ name: string; card: AdaptiveCard }> = [];
  for (const flowId of ALL_FLOWS) {
    const flow = FLOWS[flowId];
    renderAllCards(flow).forEach((card, i) => cards.push({ name: `${flowId} step ${i}`, card }));
    const last = flow.steps.length - 1;
    cards.push({
      name: `${flowId} first step with a notice`,
      card: renderStep(flow, 0, {}, { notice: 'Deze kaart is verlopen. Hieronder zie je waar je nu bent.' }),
    });
    cards.push({
      name: `${flowId} summary, escalated`,
      card: renderStep(
        flow,
        last,
        {},
        { clientCode: 'ABCDEFGHIJKL', escalationStatus: 'Gemeld bij het team om 14:02' },
      ),
    });
  }
  const entries = menuEntries();
  cards.push({ name: 'menu', card: menuCard({ orgName: TEST_ORG.name, entries }) });
  cards.push({ name: 'welcome menu', card: menuCard({ orgName: TEST_ORG.name, entries, welcome: true }) });
  cards.push({
    name: 'menu with resume and notice',
    card: menuCard({
      orgName: TEST_ORG.name,
      entries,
      resume: { flowTitle: FLOWS.verliefd.title, where: 'stap 12 van 13' },
      notice:
        'Je bent gestopt. Wat je al had ingevuld is bewaard. Typ **menu** en kies **Verder waar je was** om later verder te gaan.',
    }),
  });
  cards.push(...aftercareCards());
  return cards;
}

/** The aftercare cards (checklist, staff card, overview, reminder, removed) with small view-models. */
function aftercareCards(): Array<{ name: string; card: AdaptiveCard }> {
  const statuses = ['done', 'not_needed', 'open'] as const;
  const checklist: AftercareChecklistView = {
    checklistId: 'inc-1',
    revision: 4,
    staffName: 'Fatima el Amrani',
    contactName: 'Sanne de Vries',
    incidentDay: '2 november',
    colleagueStatus: AT.staffDeclined('4 november'),
    progress: AT.progress(2, DEFAULT_AFTERCARE_ITEMS.length),
    statusLine: AT.statusOpen,
    closed: false,
    today: '2026-11-06',
    declinedBanner: AT.declinedBanner('Fatima el Amrani', AT.span(14)),
    items: DEFAULT_AFTERCARE_ITEMS.map((item, i) => {
      const status = statuses[Math.min(i, 2)] ?? 'open';
      return {
        id: item.id,
        title: item.title,
        guidance: item.guidance,
        owner: item.owner,
        status,
        statusLine:
          status === 'done'
            ? AT.done('Sanne de Vries', '3 november')
            : status === 'not_needed'
              ? AT.notNeeded('Sanne de Vries', '4 november')
              : `${AT.dueOn('5 november')} (${AT.overdue})`,
        dueDate: '2026-11-05',
        overdue: i === 2,
        reason: status === 'not_needed' ? 'Al besproken in het teamoverleg van vorige week.' : undefined,
      };
    }),
    timeline: [
      '2 november om 14:02: Nazorg gestart (Sanne de Vries)',
      '3 november om 09:15: Klaar: Steungesprek binnen 72 uur (Sanne de Vries)',
    ],
    sources: ['004', 'nazorgpraktijk'],
    notice: AT.ticked(DEFAULT_AFTERCARE_ITEMS[0]?.title ?? ''),
    noticeTone: 'Good',
  };
  const staffItems = DEFAULT_AFTERCARE_ITEMS.slice(0, 6).map((item, i) => ({
    text: item.staffText,
    status: statuses[Math.min(i, 2)] ?? 'open',
  }));
  return [
    { name: 'aftercare checklist', card: aftercareChecklistCard(checklist) },
    {
      name: 'aftercare checklist, closed',
      card: aftercareChecklistCard({
        ...checklist,
        closed: true,
        statusLine: AT.statusClosed('20 december'),
        declinedBanner: undefined,
        notice: AT.closedNow,
      }),
    },
    {
      name: 'aftercare staff card',
      card: aftercareStaffCard({
        checklistId: 'inc-1',
        revision: 1,
        contactName: 'Sanne de Vries',
        incidentDay: '2 november',
        response: 'informed',
        items: staffItems,
        sources: ['004', 'nazorgpraktijk'],
      }),
    },
    {
      name: 'aftercare staff card, declined',
      card: aftercareStaffCard({
        checklistId: 'inc-1',
        revision: 2,
        contactName: 'Sanne de Vries',
        incidentDay: '2 november',
        response: 'declined',
        offerAgainIn: AT.span(14),
        items: staffItems,
        sources: ['004', 'nazorgpraktijk'],
        notice: AT.declined,
        noticeTone: 'Good',
      }),
    },
    {
      name: 'aftercare overview',
      card: aftercareOverviewCard({
        managed: [
          {
            checklistId: 'inc-1',
            revision: 4,
            headline: 'Fatima el Amrani · melding van 2 november',
            contactName: 'Sanne de Vries',
            progress: AT.progress(2, 12),
            overdue: DEFAULT_AFTERCARE_ITEMS.slice(2, 4).map((i) => i.title),
          },
        ],
        startable: [{ incidentId: 'inc-2', revision: 1, headline: 'Joost van Dijk: bedreiging op LinkedIn' }],
        own: [{ checklistId: 'inc-3', revision: 1, headline: `${AT.staffTitle} (1 oktober)` }],
      }),
    },
    {
      name: 'aftercare overview, nothing found',
      card: aftercareOverviewCard({ managed: [], startable: [], own: [], notice: AT.noMatch }),
    },
    {
      name: 'aftercare reminder',
      card: aftercareReminderCard({
        checklistId: 'inc-1',
        revision: 4,
        staffName: 'Fatima el Amrani',
        items: DEFAULT_AFTERCARE_ITEMS.slice(0, 3).map((i) => ({
          title: i.title,
          due: 'Uiterlijk 5 november',
        })),
      }),
    },
    { name: 'aftercare removed', card: removedCard() },
  ];
}

describe('cards at phone width (360 px) in the official renderer', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let base = '';

  beforeAll(async () => {
    const served = await servePage();
    server = served.server;
    base = served.url;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage({
      viewport: { width: PHONE_WIDTH, height: 780 },
      deviceScaleFactor: 1,
      locale: 'nl-NL',
    });
    // Nothing leaves the machine: only the loopback page and its two files load.
    await page.route('**/*', (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.goto(base);
    await page.waitForFunction(
      () => typeof (window as unknown as { renderCard?: unknown }).renderCard === 'function',
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Renders one card and returns what the page measured. */
  async function render(card: AdaptiveCard): Promise<Measured> {
    if (!page) throw new Error('no page');
    return page.evaluate(
      ([json, hostConfig]) =>
        (window as unknown as { renderCard: (j: unknown, h: unknown) => Measured }).renderCard(
          json,
          hostConfig,
        ),
      [card, TEAMS_HOST_CONFIG] as const,
    );
  }

  it('renders every card of every flow and the menu without horizontal overflow, cut-off or faint text', async () => {
    const problems: string[] = [];
    const cards = cardsToCheck();
    for (const { name, card } of cards) {
      const m = await render(card);
      if (m.scrollWidth > PHONE_WIDTH || m.bodyScrollWidth > PHONE_WIDTH) {
        problems.push(`${name}: page is ${m.scrollWidth} px wide`);
      }
      if (m.cardWidth > PHONE_WIDTH) problems.push(`${name}: card is ${m.cardWidth} px wide`);
      for (const o of m.outside) problems.push(`${name}: sticks out: ${o}`);
      for (const c of m.clipped) problems.push(`${name}: text cut off: ${c}`);
      for (const f of m.faint) problems.push(`${name}: too faint to read: ${f}`);
      if (m.text.trim().length === 0) problems.push(`${name}: rendered empty`);
    }
    expect(problems).toEqual([]);
    expect(cards.length).toBeGreaterThan(ALL_FLOWS.length * 5);
  });

  it('has no button title over 32 characters on any card (Teams cuts longer ones off on a phone)', () => {
    const long: string[] = [];
    for (const { name, card } of cardsToCheck()) {
      walkCard(card, (n) => {
        const title = typeof n.title === 'string' ? n.title : '';
        if (typeof n.type === 'string' && n.type.startsWith('Action.') && title.length > 32)
          long.push(`${name}: ${title}`);
      });
    }
    expect(long).toEqual([]);
  });

  it('renders Markdown: bold text and bullet lists, not raw asterisks', async () => {
    const flow = FLOWS.grooming;
    const verliefd = FLOWS.verliefd;
    const m = await render(
      renderStep(
        verliefd,
        verliefd.steps.findIndex((st) => st.id === 'aandachtspunten'),
      ),
    );
    expect(m.text).not.toMatch(/^- /m);
    expect(await page?.locator('#card li').count()).toBeGreaterThan(2);
    const summary = await render(renderStep(flow, flow.steps.length - 1));
    expect(summary.text).toContain('Wederzijdse toestemming');
    expect(summary.text).not.toContain('**');
    expect(await page?.locator('#card strong').count()).toBeGreaterThan(5);
  });

  it('saves screenshots of the cards that carry the care-safety advice and the content changes', async () => {
    if (!page) throw new Error('no page');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const at = (flowId: FlowId, stepId: string) => {
      const index = FLOWS[flowId].steps.findIndex((s) => s.id === stepId);
      if (index < 0) throw new Error(`no step ${stepId} in ${flowId}`);
      return index;
    };
    const groomingSummary = FLOWS.grooming.steps.length - 1;
    const doubt = {
      vraag_3: { value: 'weet_ik_niet' },
      vraag_4: { value: 'onderbuikgevoel' },
      vraag_8: { value: 'ja' },
    };
    const signals = { vraag_3: { value: 'ja' }, vraag_4: { value: 'feiten' }, vraag_8: { value: 'ja' } };
    const shots: Array<[string, AdaptiveCard]> = [
      [
        'safety-grensoverschrijdend-screenshot',
        renderStep(FLOWS.grensoverschrijdend, at('grensoverschrijdend', 'screenshot')),
      ],
      [
        'safety-grensoverschrijdend-in-gesprek',
        renderStep(FLOWS.grensoverschrijdend, at('grensoverschrijdend', 'in_gesprek')),
      ],
      ['safety-grooming-summary-doubt', renderStep(FLOWS.grooming, groomingSummary, doubt)],
      ['safety-grooming-summary-signals', renderStep(FLOWS.grooming, groomingSummary, signals)],
      ['safety-verliefd-doe', renderStep(FLOWS.verliefd, at('verliefd', 'doe'))],
      ['safety-verliefd-zorgplan', renderStep(FLOWS.verliefd, at('verliefd', 'zorgplan'))],
      ['safety-uitbuiting-ouders', renderStep(FLOWS.uitbuiting, at('uitbuiting', 'ouders'))],
      ['content-grooming-first-card', renderStep(FLOWS.grooming, 0, {}, { clientCode: 'K7' })],
      ['content-verliefd-aandachtspunten', renderStep(FLOWS.verliefd, at('verliefd', 'aandachtspunten'))],
      ['content-uitbuiting-intro', renderStep(FLOWS.uitbuiting, at('uitbuiting', 'wat_is_het'))],
      ['content-menu', menuCard({ orgName: 'Zorggroep De Linde', entries: menuEntries() })],
    ];
    for (const [name, card] of shots) {
      const m = await render(card);
      expect(m.cardWidth).toBeLessThanOrEqual(PHONE_WIDTH);
      expect(m.clipped).toEqual([]);
      await page.locator('#card').screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    }
  });

  it('saves a screenshot of each flow’s first question and its summary', async () => {
    if (!page) throw new Error('no page');
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const flowId of ALL_FLOWS) {
      const flow = FLOWS[flowId];
      const shots: Array<[string, AdaptiveCard]> = [
        ['question', renderStep(flow, firstQuestionIndex(flowId), {}, { clientCode: 'K7' })],
        ['summary', renderAllCards(flow)[flow.steps.length - 1] as AdaptiveCard],
      ];
      for (const [kind, card] of shots) {
        const m = await render(card);
        expect(m.cardWidth).toBeLessThanOrEqual(PHONE_WIDTH);
        await page.locator('#card').screenshot({ path: path.join(SCREENSHOTS, `${flowId}-${kind}.png`) });
      }
    }
  });
});
