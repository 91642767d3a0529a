import type { AdaptiveCard } from '../../cards/cardShell';
import { menuCard } from '../../cards/flows/menuCard';
import { menuEntries } from '../../src/flows/menuViews';
import { FLOWS } from '../../src/flows';
import { SOURCE_LABELS, type Flow, type FlowId } from '../../src/flows/flowSchema';
import { cardText, walkCard } from '../support/cardWalk';
import { renderAllCards, renderStep } from '../support/renderFlow';

/**
 * The rules every card of the guidance keeps, checked over every card of every flow (each step, and the summary
 * with and without signals, before and after telling the team) and the menu. The lists below are kept here by
 * hand; they are the project's vocabulary and voice.
 */

/** The flows about a client: one word for the person ("cliënt"), and a message to the team is never a melding. */
const CLIENT_FLOWS: readonly FlowId[] = ['grooming', 'verliefd', 'uitbuiting', 'gesprekstips'];

/**
 * B1 budget: at most this many words in one sentence. Dutch B1 guidance asks for short sentences (about 10 to 15
 * words on average); 18 is the ceiling for the longest sentence on any card.
 */
const MAX_WORDS_PER_SENTENCE = 18;

/** Teams cuts button titles off on a phone (360 px) beyond about this many characters. */
const MAX_BUTTON_TITLE = 32;

/** Words of the wrong vocabulary in the client flows (the person is "cliënt"; "hun kind" of parents is fine). */
const CLIENT_FLOW_WORDS: Array<[RegExp, string]> = [
  [/\bjongeren?\b/i, 'jongere(n): say cliënt'],
  [/\bkinderen\b/i, 'kinderen: say cliënt or minderjarigen'],
  [/\b(?<!hun )kind\b/i, 'kind: say cliënt'],
  [/\bgemeld\b/i, '"gemeld" sounds like a melding at Veilig Thuis or the police'],
  [/\bmeld nu\b/i, '"Meld nu": say "Meld bij het team"'],
];

/** Melden/melding in a client flow must say where to: "bij het team", "bij Veilig Thuis", … (these phrases too). */
const MELDING_ALLOWED = [/advies of een melding/i, /meld misdaad anoniem/i];

/** Words and phrasing of every flow: Dutch spelling, and one voice (Baken speaks as "ik", never "we"). */
const ALL_FLOW_WORDS: Array<[RegExp, string]> = [
  [/\bsocial media\b/i, 'say "sociale media"'],
  [/\bwe\b/i, 'one voice: "ik", never "we"'],
  [/\bons\b|\bonze\b/i, 'one voice: "ik", never "ons"'],
  [/\bBaken (helpt|bewaart|heeft|stuurt|kan|kon|laat|vraagt)\b/, 'one voice: Baken says "ik"'],
];

/** Public facts (emergency and advice numbers, Helpwanted): a card that shows one names the public source. */
const PUBLIC_FACTS = [/\b112\b/, /0800-2000/, /0900-8844/, /helpwanted/i];

/** Baken's own texts, never attributed to a seed alone: a card that shows one names Baken as a source. */
const BAKEN_OWN = [
  'Maak je je zorgen over je cliënt?',
  'Ga nooit alleen het gesprek aan',
  'Overleg eerst met',
];

/** Every card a flow can show: each step, and the summary without answers, with every signal, and escalated. */
function cardsOf(flow: Flow): Array<[string, AdaptiveCard]> {
  const last = flow.steps.length - 1;
  return [
    ...renderAllCards(flow).map(
      (card, i) => [`${flow.id} ${flow.steps[i]?.id}`, card] as [string, AdaptiveCard],
    ),
    [`${flow.id} summary (no answers)`, renderStep(flow, last, {})],
    [
      `${flow.id} summary (escalated)`,
      renderStep(flow, last, undefined, {
        escalationStatus: 'Je team weet het nu. Dit is nog geen melding bij Veilig Thuis of de politie.',
      }),
    ],
  ];
}

const FLOW_CARDS = Object.values(FLOWS).flatMap((flow) =>
  cardsOf(flow).map(([name, card]) => ({ flow, name, card })),
);
const MENU = menuCard({ orgName: 'Baken', entries: menuEntries(), resume: { flowTitle: 'x', where: 'y' } });

/** The "Bron: …" lines of a card (the footer, and those of tips and cautions), as source labels. */
function sourcesNamed(card: unknown): string[] {
  const names: string[] = [];
  walkCard(card, (n) => {
    const text = typeof n.text === 'string' ? n.text : '';
    const m = /^Bron(?: van deze tip)?: (.*)$/.exec(text);
    if (m?.[1]) names.push(...m[1].split('; '));
  });
  return names;
}

/** The text a person reads on the card, without the source lines. */
function readable(card: unknown): string {
  return cardText(card)
    .split('\n')
    .filter((line) => !/^Bron(?: van deze tip)?: /.test(line))
    .join('\n');
}

/** Sentences of the card's text: split after . ? ! (also before a closing quote) and at line and list breaks. */
function sentences(card: unknown): string[] {
  return readable(card)
    .replace(/\*\*Tip:\*\*/g, '')
    .split(/\r|\n|(?<=[.?!]["”]?)\s+/)
    .map((s) => s.replace(/^- /, '').trim())
    .filter((s) => s.length > 0);
}

/** Words of a sentence (tokens with a letter; a filled-in e-mail address counts as one). */
function words(sentence: string): number {
  return sentence.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

/** Every button title of a card (Action.Execute, Action.ShowCard, Action.OpenUrl, …). */
function buttonTitles(card: unknown): string[] {
  const titles: string[] = [];
  walkCard(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && typeof n.title === 'string')
      titles.push(n.title);
  });
  return titles;
}

describe('content rules of every card', () => {
  const labels = new Set(Object.values(SOURCE_LABELS));

  it.each(FLOW_CARDS.map((c) => [c.name, c.card] as const))(
    '%s names its sources, each one that exists',
    (_n, card) => {
      const named = sourcesNamed(card);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((name) => !labels.has(name))).toEqual([]);
    },
  );

  it('names the public source wherever a public number, Helpwanted or the Meldcode is shown, and Baken for its own texts', () => {
    const wrong: string[] = [];
    for (const { name, card } of FLOW_CARDS) {
      const text = readable(card);
      const named = sourcesNamed(card);
      if (PUBLIC_FACTS.some((fact) => fact.test(text)) && !named.includes(SOURCE_LABELS.publiek))
        wrong.push(`${name}: a public fact without the public source`);
      if (BAKEN_OWN.some((phrase) => text.includes(phrase)) && !named.includes(SOURCE_LABELS.baken))
        wrong.push(`${name}: Baken's own text without Baken as its source`);
      if (/\bMeldcode\b/.test(text) && !named.includes(SOURCE_LABELS.meldcode))
        wrong.push(`${name}: the Meldcode without its public source`);
    }
    expect(wrong).toEqual([]);
  });

  it('uses one vocabulary and one voice', () => {
    const wrong: string[] = [];
    for (const { flow, name, card } of FLOW_CARDS) {
      const text = readable(card);
      const rules = CLIENT_FLOWS.includes(flow.id)
        ? [...ALL_FLOW_WORDS, ...CLIENT_FLOW_WORDS]
        : ALL_FLOW_WORDS;
      for (const [word, why] of rules) if (word.test(text)) wrong.push(`${name}: ${why}`);
      if (!CLIENT_FLOWS.includes(flow.id)) continue;
      let rest = text;
      for (const allowed of MELDING_ALLOWED) rest = rest.replace(new RegExp(allowed.source, 'gi'), '');
      // "bij het team melden", "Meld bij het team", "melding bij Veilig Thuis": the words around say to whom.
      for (const m of rest.matchAll(/(.{0,15})\bmeld(en|t|ing)?\b(.{0,30})/gi)) {
        if (!/\bbij\b/.test(`${m[1] ?? ''} ${m[3] ?? ''}`))
          wrong.push(`${name}: "${m[0]}" does not say to whom`);
      }
    }
    for (const [word, why] of ALL_FLOW_WORDS) if (word.test(readable(MENU))) wrong.push(`menu: ${why}`);
    expect(wrong).toEqual([]);
  });

  it(`keeps every sentence at B1 length (at most ${MAX_WORDS_PER_SENTENCE} words)`, () => {
    const long = FLOW_CARDS.flatMap(({ name, card }) =>
      sentences(card)
        // A summary lists ticked items joined by "; ": a list, not a sentence.
        .filter((s) => !s.includes('; '))
        .filter((s) => words(s) > MAX_WORDS_PER_SENTENCE)
        .map((s) => `${name}: (${words(s)}) ${s}`),
    );
    expect(long).toEqual([]);
  });

  it(`has no button title over ${MAX_BUTTON_TITLE} characters`, () => {
    const cards = [...FLOW_CARDS.map((c) => [c.name, c.card] as const), ['menu', MENU] as const];
    const long = cards.flatMap(([name, card]) =>
      buttonTitles(card)
        .filter((t) => t.length > MAX_BUTTON_TITLE)
        .map((t) => `${name}: ${t}`),
    );
    expect(long).toEqual([]);
  });
});
