import { FLOWS } from '../../src/flows';
import type { FlowId } from '../../src/flows/flowSchema';
import { buttonsOf, cardText, walkCard } from '../support/cardWalk';
import {
  checklistChoices,
  CheckedTranscript,
  hasInput,
  isSummary,
  stepOf,
  walkToSummary,
} from '../support/transcriptWalk';
import { useMemoryStorage } from '../support/harness';
import { answersTriggeringAll } from '../support/renderFlow';

/**
 * What a user actually gets: each flow is walked through the real bot (answers that trigger every piece of
 * advice and every signal, every checklist item ticked), and the text of every card shown is matched against
 * phrases typed here from the five source documents (the seeds) — not the constants the cards are built
 * from. Where the cards say it in simpler Dutch (B1), a pattern allows both wordings.
 */

const storage = useMemoryStorage();

/** A phrase that must be shown: literal text (case-insensitive) or a pattern. */
type Phrase = string | RegExp;

/** Lower case, straight quotes, no Markdown emphasis, single spaces: how phrases are compared. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”„]/g, '"')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ');
}

/** The phrases not found in the text. */
function missing(text: string, phrases: Phrase[]): string[] {
  const shown = normalize(text);
  return phrases
    .filter((p) => (typeof p === 'string' ? !shown.includes(normalize(p)) : !p.test(shown)))
    .map(String);
}

/** The heading (title) of a card. */
function titleOf(card: unknown): string {
  let title = '';
  walkCard(card, (n) => {
    if (!title && n.type === 'TextBlock' && n.style === 'heading' && typeof n.text === 'string')
      title = n.text;
  });
  return title;
}

/** The cards of one walk through a flow, from its first card to its summary. */
interface Walk {
  cards: Array<Record<string, unknown>>;
  /** All their text, joined. */
  text: string;
  summary: string;
}

const walks = new Map<FlowId, Walk>();

/** Walks a flow from the menu to the summary, choosing the answers that trigger all advice and signals. */
async function walk(flowId: FlowId): Promise<Walk> {
  const done = walks.get(flowId);
  if (done) return done;
  const flow = FLOWS[flowId];
  const chosen = answersTriggeringAll(flow);
  const t = await new CheckedTranscript(storage.get()).start();
  await t.say('menu');
  await t.press(flow.title);
  const from = t.seen.length - 1;
  await walkToSummary(t, {
    answer: (card, titles) => {
      const value = chosen[flow.steps[stepOf(card)]?.id ?? '']?.value;
      const button = buttonsOf(card).find((b) => b.data.action === 'flow.answer' && b.data.value === value);
      return button?.title ?? titles[0] ?? '';
    },
    tick: (_card, values) => values,
  });
  const cards = t.seen.slice(from);
  const result: Walk = {
    cards,
    text: cards.map((c) => cardText(c)).join('\n'),
    summary: cardText(t.card),
  };
  expect(isSummary(t.card)).toBe(true);
  walks.set(flowId, result);
  return result;
}

describe('grooming check (seed 002) as the user gets it', () => {
  it('explains grooming and how a groomer works', async () => {
    const { text } = await walk('grooming');
    expect(
      missing(text, [
        'grooming',
        'via internet',
        'verstandelijke beperking',
        'seks',
        'webcam',
        'vriendelijk en geïnteresseerd',
        'speciaal',
        /steeds meer (een )?seksueel/,
        'stapje verder',
        /chantage|chanteren/,
      ]),
    ).toEqual([]);
  });

  it('asks the nine check questions, one per card, "Vraag N van 9"', async () => {
    const { cards } = await walk('grooming');
    const questions: Phrase[][] = [
      ['weet je', 'met wie je cliënt online contact heeft'],
      ['ken je de signalen van grooming'],
      ['herken je de signalen van grooming bij je cliënt'],
      ['vermoeden', 'feiten', 'onderbuikgevoel'],
      ['bespreek je je vermoeden', "collega's", 'meldpunt'],
      ['weet je cliënt', 'altijd bij je terecht kan met zorgen'],
      [/oordeel je niet|niet te oordelen/, 'vertelt over grooming'],
      ['online contact', /uit(te )?nodigen/, 'koffie'],
      ['locatiegegevens', 'apps', 'snap map', /groomers (of|en) loverboys/, 'nieuwe contacten', 'instelling'],
    ];
    for (const [i, words] of questions.entries()) {
      const card = cards.find((c) => cardText(c).includes(`Vraag ${i + 1} van 9`));
      expect({ question: i + 1, missing: card ? missing(cardText(card), words) : 'no card' }).toEqual({
        question: i + 1,
        missing: [],
      });
      expect(hasInput(card, 'note')).toBe(true);
    }
    const answerSets = cards
      .filter((c) => /Vraag \d van 9/.test(cardText(c)))
      .map((c) =>
        buttonsOf(c)
          .filter((b) => b.data.action === 'flow.answer')
          .map((b) => b.title.toLowerCase()),
      );
    expect(answerSets).toHaveLength(9);
    for (const [i, answers] of answerSets.entries()) {
      if (i === 3)
        expect(answers).toEqual(['feiten', 'onderbuikgevoel', 'allebei', 'ik heb (nog) geen vermoeden']);
      else expect(answers).toEqual(['ja', 'nee', 'weet ik niet']);
    }
  });

  it('gives the advice for every answer that needs attention on the summary', async () => {
    const { summary } = await walk('grooming');
    expect(
      missing(summary, [
        // 1: who they talk to online
        /vraag je cliënt regelmatig met wie hij (online contact heeft|contact heeft online)/,
        'hoe dat voor hem is',
        // 2: the signals
        'vriendelijk en geïnteresseerd',
        'speciaal',
        'seksueel',
        'stapje verder',
        /chantage|chanteren/,
        // 3: discuss, don't judge
        /bespreek .*collega's .*meldpunt/,
        'oordeel niet',
        // 4: facts apart from gut feeling
        'feiten',
        'onderbuikgevoel',
        // 5: always discuss
        /bespreek een vermoeden van grooming altijd met collega's/,
        // 6: say it actively, repeat it
        'altijd bij mij terecht',
        /herhaal .*regelmatig/,
        // 7: stay neutral
        'neutraal',
        'victim blaming',
        // 8: with signals recognised, no invitation: agree the timing with the meldpunt and the police first
        // (the coffee tip itself, only while in doubt, is in careSafety.test.ts)
        /nodig het online contact dan niet uit/,
        /spreek eerst met .* politie .* wanneer/,
        // 9: location sharing off
        /locatie delen uit|locatie uit/,
      ]),
    ).toEqual([]);
    expect(summary).toContain('Meld bij het team');
  });

  it("closes the summary with the six 'Ik ben van mij' rules and what each means", async () => {
    const { summary } = await walk('grooming');
    expect(
      missing(summary, [
        'ik ben van mij',
        'wederzijdse toestemming',
        'je wilt het allebei en er is geen twijfel',
        'vrijwilligheid',
        'niemand moet iets',
        'druk of dwang',
        'gelijkwaardigheid',
        'niemand is de baas',
        'ontwikkeling',
        'het past bij de leeftijd',
        'omgeving',
        'de plek is oké',
        'zelfrespect',
        'je hebt respect voor jezelf en de ander',
      ]),
    ).toEqual([]);
  });
});

describe('online verliefd (seed 000) as the user gets it', () => {
  it('walks the seven steps in order, each with a note field', async () => {
    const { cards } = await walk('verliefd');
    const names = ['Observeer', 'Inventariseer', 'Bespreek', 'Analyseer', 'Anticipeer', 'Doe', 'Spreek af'];
    const titles = cards.map((c) => titleOf(c));
    const firstCard = names.map((name) => titles.findIndex((t) => new RegExp(`\\b${name}\\b`).test(t)));
    expect(firstCard.every((i) => i >= 0)).toBe(true);
    expect([...firstCard].sort((a, b) => a - b)).toEqual(firstCard);
    for (const name of names) {
      const stepCards = cards.filter((c) => new RegExp(`\\b${name}\\b`).test(titleOf(c)));
      expect({ step: name, note: stepCards.some((c) => hasInput(c, 'note')) }).toEqual({
        step: name,
        note: true,
      });
    }
  });

  it('says why online love is fun and what to watch', async () => {
    const { text } = await walk('verliefd');
    expect(
      missing(text, [
        'spannend',
        'liefde op afstand',
        'videobellen',
        'zien en gezien worden',
        'seksuele ontwikkeling',
        'experimenteren',
        'loverboys',
        'sextortion',
        'adres',
        'bankgegevens',
        'grens',
        'teleurgesteld',
      ]),
    ).toEqual([]);
  });

  it('gives the guidance of every step, with the open questions of Bespreek', async () => {
    const { text } = await walk('verliefd');
    expect(
      missing(text, [
        // Observeer
        'tijdens en na het online contact',
        'hoe vaak en hoe lang',
        'plezier',
        // Inventariseer
        'extra kwetsbaar',
        'nee zeggen',
        // Bespreek
        'zonder oordeel',
        'wensen, verwachtingen, grenzen en teleurstellingen',
        'hoe hebben jullie elkaar leren kennen',
        'hoe lang kennen jullie elkaar al',
        'wat is er zo leuk aan deze persoon',
        'wat is het allerliefste dat deze persoon heeft gedaan of gezegd',
        'hoe laat je dat merken aan elkaar',
        'doet of zegt de ander weleens iets dat je minder leuk vindt',
        'te spannend',
        'wat zou je doen als de ander iets vraagt dat je niet wilt',
        // Analyseer
        'wat levert het je cliënt op',
        'twijfels',
        'in het team',
        // Anticipeer
        'roze wolk',
        // Doe
        'grijp in',
        'meldpunt',
        'politie',
        /blokkeer .* nog niet/,
        'screenshots',
        'gesprekken',
        'koffie',
        /niet (komt )?opdagen/,
        // Spreek af
        'naaktfoto',
        'hoe zeg je nee',
        'hulp',
        'zorgplan',
        /herhalen is (heel|erg) belangrijk/,
      ]),
    ).toEqual([]);
  });

  it('lets "Doe" escalate at once, and ends with the agreements for the zorgplan', async () => {
    const { cards, summary } = await walk('verliefd');
    const doe = cards.find(
      (c) => /\bDoe\b/.test(titleOf(c)) && buttonsOf(c).some((b) => b.title === 'Meld bij het team'),
    );
    expect(doe).toBeDefined();
    expect(buttonsOf(doe).find((b) => b.title === 'Meld bij het team')?.data).toMatchObject({
      action: 'flow.escalate',
      value: 'onveilige_online_relatie',
    });
    expect(missing(summary, ['zorgplan', 'herhalen'])).toEqual([]);
  });
});

describe('online uitbuiting (seed 003) as the user gets it', () => {
  it('lists the risk factors and the first signals as items to tick', async () => {
    const { cards } = await walk('uitbuiting');
    const items = cards.flatMap((c) => checklistChoices(c).map((i) => i.title)).join('\n');
    expect(
      missing(items, [
        // risk factors
        'eenzaam',
        'onzeker',
        'ergens bij horen',
        'gezien worden',
        'laag zelfbeeld',
        'pesten',
        'autisme',
        'ad(h)d',
        'lhbtiq+',
        'weinig vrienden',
        'problemen thuis',
        'niet begrepen',
        'licht verstandelijke beperking',
        'impulsief',
        /geen rem/,
        // first signals
        /verander/,
        'introverter',
        'sneller boos',
        'op eieren',
        'drugs',
        /paniek .*niet online/,
      ]),
    ).toEqual([]);
  });

  it('shows what was ticked on the summary and offers to escalate', async () => {
    const { summary } = await walk('uitbuiting');
    expect(missing(summary, ['eenzaam', 'lhbtiq+', 'introverter', 'op eieren', 'drugs'])).toEqual([]);
    expect(summary).toContain('Meld bij het team');
  });

  it('explains the conversation, the first reaction, evidence, the parents and the police report', async () => {
    const { text } = await walk('uitbuiting');
    expect(
      missing(text, [
        /oordel|oordeel/,
        'laatdunkend',
        // the conversation
        'geen verhoor',
        'ontsnappingsmogelijkheid',
        'recht in de ogen',
        'intimiderend',
        'wandelen',
        'autorijden',
        'schaamte',
        // the first reaction
        'hoe heb je dat kunnen doen',
        'wat rot voor je',
        'wat erg',
        'ik schrik ervan',
        'troost',
        'begrip',
        'valse beloftes',
        'hoe lang iets gaat duren',
        'troost, hoop en houvast',
        // evidence
        'kijk zelf nooit naar bewijs',
        'politie',
        'zo snel mogelijk',
        // the parents
        'ouders',
        'eerst bij jou',
        'hulp en troost',
        // the police report
        'aangifte',
        'steun',
        // where to go
        '112',
        '0900-8844',
        '0800-2000',
        'helpwanted',
      ]),
    ).toEqual([]);
  });
});

describe('gesprekstips (seed 001) as the user gets it', () => {
  it('starts with the question, the four phases and the tips for voorlichting', async () => {
    const { text } = await walk('gesprekstips');
    expect(
      missing(text, [
        'hoe was jouw dag op internet',
        'uitnodiging',
        /niet over (hen|je cliënt), maar met (hen|hem)/,
        'positieve basis',
        'preventie',
        'ingrijpen',
        'nazorg',
        'weerbaarheid',
        'complimentjes',
        'sexting',
        'grooming',
        'sextortion',
        'groepsdruk',
        'vertrouwenspersoon',
        'strafbaar',
        'hoe voorkom je dat het weer gebeurt',
        'natuurlijk moment',
        'één op één',
        'websites en apps',
        'ervaringsdeskundigen',
        'maatje',
        /online aanwezig|digitaal aanwezig/,
        /veroordeel niet/,
      ]),
    ).toEqual([]);
  });

  it('gives every extra tip for a young person with an LVB, on the LVB cards', async () => {
    const { cards } = await walk('gesprekstips');
    const lvb = cards
      .filter((c) => titleOf(c).includes('LVB'))
      .map((c) => cardText(c))
      .join('\n');
    expect(
      missing(lvb, [
        'extra tijd',
        'film',
        'opdrachten',
        'oefenen',
        'meer beeld dan tekst',
        'duidelijke, concrete en eenvoudige taal',
        'korte zinnen',
        'gerichte vragen',
        'één vraag per keer',
        /(voldoende|genoeg) tijd om (antwoord te (kunnen )?geven|te antwoorden)/,
        /vraagwoord/,
        'waarmee',
        'waaraan',
        'waarom',
        'halfopen',
        /twee (à|of) drie/,
        /niet te veel keuze/,
        /herhaal/,
        'horen zeggen',
        'dagelijks leven',
        /stem het materiaal af op (de jongere|je cliënt)/,
        /toegankelijk|laagdrempelig|makkelijk iets kan vragen/,
        'na de voorlichting',
        /eigen (morele kader|normen en waarden)/,
      ]),
    ).toEqual([]);
  });

  it('gives the extra tips for psychische problemen and on loverboys', async () => {
    const { text } = await walk('gesprekstips');
    expect(
      missing(text, [
        'misbruik',
        'verwaarlozing',
        'huiselijk geweld',
        'specialistische',
        'ptss',
        /dissoci/,
        /aanraking|aanraken/,
        /loyaal|loyaliteit/,
        'instelling',
        'loverboys',
        /drie keer sneller/,
        'meld misdaad anoniem',
        'comensha',
        'vloggers',
      ]),
    ).toEqual([]);
  });
});

describe('voorkomen (seed 004) as the user gets it', () => {
  it('gives the prevention tips and the client–professional agreements', async () => {
    const { text } = await walk('voorkomen');
    expect(
      missing(text, [
        'linkedin',
        'youtube',
        'rouwadvertentie',
        /google jezelf|googel jezelf/,
        'welke platforms',
        'tekst en foto',
        'google-alert',
        /privacy-?instellingen|privacy instellingen/,
        'één keer per maand',
        'mijnonlineidentiteit.nl',
        /locatie(voorzieningen)? uit/,
        'gps',
        'skj',
        'teamoverleg',
        'omgangsafspraken',
        'online',
        'aangifte',
        'politie',
        /whatsapp/,
        'opnemen',
        'het interne protocol',
        'leidinggevende',
        'nazorg',
      ]),
    ).toEqual([]);
  });
});

describe('every flow as the user gets it', () => {
  it.each(['grooming', 'verliefd', 'uitbuiting', 'gesprekstips', 'voorkomen'] as FlowId[])(
    '%s: names its source on every card and fills in the organisation settings',
    async (flowId) => {
      const { cards } = await walk(flowId);
      for (const card of cards) expect(cardText(card)).toMatch(/Bron: .+/);
      const text = cards.map((c) => JSON.stringify(c)).join('\n');
      expect(text).not.toMatch(/\{(org|meldpunt|meldpuntContact|vertrouwenspersoon|protocol)\}/);
    },
  );

  it('says what to do instead when an image is sent in a flow', async () => {
    const t = await new CheckedTranscript(storage.get()).start();
    await t.say('grooming');
    const shown = await t.send({
      type: 'message',
      attachments: [
        { contentType: 'image/jpeg', contentUrl: 'https://example.invalid/a.jpg', name: 'a.jpg' },
      ],
    });
    expect(
      missing(shown.texts.join('\n'), [
        'niet opgeslagen',
        'niet doorgestuurd',
        'verwijder',
        'alleen de politie',
        'bijnamen',
        'telefoonnummers',
        'accountnamen',
        '112',
        '0900-8844',
        '0800-2000',
        'helpwanted',
        // the organisation's own meldpunt (ORG_MELDPUNT of the Transcript)
        'bespreek het met het meldpunt de linde',
      ]),
    ).toEqual([]);
  });
});
