import { FLOWS } from '../../src/flows';
import type { FlowId } from '../../src/flows/flowSchema';
import { IMAGE_IN_CLIENT_FLOW, imageRefusedText } from '../../src/flows/safetyTexts';
import { renderAllCards, TEST_ORG } from '../support/renderFlow';
import { walkCard } from '../support/cardWalk';

/** All text the cards of a flow show (text, titles, labels, choices), lower case. */
function shown(flowId: FlowId): string {
  const parts: string[] = [];
  walkCard(renderAllCards(FLOWS[flowId]), (e) => {
    for (const key of ['text', 'title', 'label', 'placeholder']) {
      if (typeof e[key] === 'string') parts.push(e[key] as string);
    }
    if (Array.isArray(e.choices)) for (const c of e.choices as Array<{ title: string }>) parts.push(c.title);
  });
  return parts.join('\n').toLowerCase().replace(/[’‘]/g, "'");
}

/** Phrases typed from the seeds, independently of the flow files: every one must appear on some card. */
function missing(flowId: FlowId, phrases: string[]): string[] {
  const text = shown(flowId);
  return phrases.filter((p) => !text.includes(p.toLowerCase()));
}

describe('flow content matches the source documents', () => {
  it('grooming (002): the explanation, the nine check questions and the answers', () => {
    expect(
      missing('grooming', [
        'slechte bedoelingen',
        'verstandelijke beperking',
        'vriendelijk en geïnteresseerd',
        'speciaal',
        'stapje verder',
        'chanteren',
        // the nine Checkvragen, key words of each
        'met wie je cliënt online contact heeft',
        'ken je de signalen van grooming',
        'herken je de signalen van grooming bij je cliënt',
        'feiten of op een onderbuikgevoel',
        'bespreek je je vermoeden met collega',
        'altijd bij je terecht kan met zorgen',
        'oordelen als je cliënt vertelt over grooming',
        'uitnodigen op de koffie',
        'locatiegegevens',
        'snap map',
        // answers
        'ja',
        'nee',
        'weet ik niet',
        'onderbuikgevoel',
        'allebei',
        'ik heb (nog) geen vermoeden',
        'maak je je zorgen over je cliënt',
      ]),
    ).toEqual([]);
  });

  it('grooming (002): the advice of every check question', () => {
    expect(
      missing('grooming', [
        'vraag je cliënt regelmatig met wie hij online contact heeft',
        'de gesprekken worden stap voor stap meer seksueel',
        'het meldpunt zorggroep (meldpunt@example.org)',
        'houd de feiten apart van je onderbuikgevoel',
        'bespreek een vermoeden van grooming altijd met collega',
        'herhaal dat regelmatig',
        'victim blaming',
        'niet opdagen',
        'zet locatie delen uit',
      ]),
    ).toEqual([]);
  });

  it("grooming (002): the six rules of 'Ik ben van mij' with their meaning", () => {
    expect(
      missing('grooming', [
        'ik ben van mij',
        'wederzijdse toestemming',
        'geen twijfel',
        'vrijwilligheid',
        'druk of dwang',
        'gelijkwaardigheid',
        'niemand is de baas',
        'ontwikkeling',
        'past bij de leeftijd',
        'omgeving',
        'de plek is oké',
        'zelfrespect',
        'respect voor jezelf en de ander',
      ]),
    ).toEqual([]);
  });

  it('verliefd (000): the seven steps, the open questions, acting now and the zorgplan', () => {
    expect(
      missing('verliefd', [
        'observeer',
        'inventariseer',
        'bespreek',
        'analyseer',
        'anticipeer',
        'doe',
        'spreek af',
        'hoe hebben jullie elkaar leren kennen',
        'hoe lang kennen jullie elkaar al',
        'wat is er zo leuk aan deze persoon',
        'allerliefste',
        'hoe laat je dat merken aan elkaar',
        'minder leuk vindt',
        'iets vraagt dat je niet wilt',
        'roze wolk',
        'blokkeer de persoon dan nog niet',
        'screenshots van de gesprekken',
        'politie',
        'meld nu',
        'op de koffie',
        'naaktfoto',
        'zorgplan',
        'herhalen is heel belangrijk',
      ]),
    ).toEqual([]);
  });

  it('uitbuiting (003): risk factors and first signals', () => {
    expect(
      missing('uitbuiting', [
        'eenzaam',
        'ergens bij horen',
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
        'introverter',
        'sneller boos',
        'op eieren',
        'drugs',
        'paniek',
      ]),
    ).toEqual([]);
  });

  it('uitbuiting (003): the conversation, evidence, parents and the police report', () => {
    expect(
      missing('uitbuiting', [
        'geen verhoor',
        'ontsnappingsmogelijkheid',
        'recht in de ogen',
        'wandelen',
        'autorijden',
        'schaamte',
        'hoe heb je dat kunnen doen',
        'wat rot voor je',
        'ik schrik ervan',
        'hoe lang iets gaat duren',
        'kijk zelf nooit naar bewijs',
        'zo snel mogelijk bij de politie',
        'ouders eerst bij jou',
        'hulp en troost',
        'aangifte',
        'steun',
        '112',
        '0900-8844',
        '0800-2000',
        'helpwanted',
      ]),
    ).toEqual([]);
  });

  it('gesprekstips (001): the question, four phases, voorlichting, LVB and psychische problemen', () => {
    expect(
      missing('gesprekstips', [
        'hoe was jouw dag op internet',
        'positieve basis',
        'preventie',
        'ingrijpen',
        'nazorg',
        'groepsdruk',
        'natuurlijk moment',
        'één op één',
        // LVB
        'extra tijd',
        'meer beeld dan tekst',
        'korte zinnen',
        'één vraag per keer',
        'genoeg tijd',
        'waarom',
        'halfopen',
        'herhaal',
        'dagelijks leven',
        'normen en waarden',
        // psychische problemen
        'ptss',
        'loyaal',
        'instelling',
        // mensenhandel
        'loverboys',
        'grooming',
        'sextortion',
      ]),
    ).toEqual([]);
  });

  it('voorkomen (004): prevention tips and client–professional agreements', () => {
    expect(
      missing('voorkomen', [
        'google jezelf',
        'welke platforms',
        'tekst en foto',
        'google-alert',
        'privacy-instellingen',
        'één keer per maand',
        'locatie uit',
        'skj',
        'teamoverleg',
        'omgangsafspraken',
        'aangifte',
        'whatsapp',
        'opnemen',
        'het interne protocol',
      ]),
    ).toEqual([]);
  });

  it('the image warning says what to do instead and where to go', () => {
    for (const text of [IMAGE_IN_CLIENT_FLOW, imageRefusedText(TEST_ORG)]) {
      const lower = text.toLowerCase();
      for (const phrase of [
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
      ]) {
        expect(lower).toContain(phrase);
      }
    }
    expect(imageRefusedText(TEST_ORG)).toContain('het Meldpunt Zorggroep (meldpunt@example.org)');
  });
});
