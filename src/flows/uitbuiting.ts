import type { input } from 'zod';
import { worriedQuestion } from './worriedQuestion';
import type { flowSchema } from './flowSchema';
import { NOT_YET_A_MELDING, VEILIG_THUIS_ADVICE } from './safetyTexts';

/** Online uitbuiting (seed 003): risk factors and signals to tick, then how to hold the conversation. */
export const uitbuitingFlow: input<typeof flowSchema> = {
  id: 'uitbuiting',
  version: 3,
  title: 'Online uitbuiting',
  description: "Herken risico's en signalen van online uitbuiting, en ga het gesprek goed aan.",
  aboutClient: true,
  steps: [
    {
      kind: 'info',
      id: 'wat_is_het',
      title: 'Online uitbuiting',
      source: '003',
      body: [
        'Bij online uitbuiting wordt een cliënt vaak gechanteerd met gevoelige beelden. Daarna zit hij vast in een draaikolk. "Gewoon stoppen" lijkt geen optie.',
        'Je cliënt heeft dan stevige hulp en begeleiding nodig bij wat online gebeurt. En therapeutische hulp om stap voor stap weer grip te krijgen op zijn eigen leven.',
        'Welke hulp past, hangt af van je cliënt. Een impulsieve cliënt met een LVB heeft bijvoorbeeld baat bij duidelijke regels over internet en sociale media. Dat geeft veiligheid.',
        "Jij kunt het verschil maken. Kijk eerst naar risico's en signalen.",
      ],
    },
    {
      kind: 'checklist',
      id: 'risicofactoren',
      title: 'Risicofactoren',
      source: '003',
      intro: "Wat past bij je cliënt? Vink aan wat je herkent. Dit zijn risico's, nog geen signalen.",
      items: [
        { id: 'eenzaam', label: 'Eenzaam' },
        { id: 'onzeker', label: 'Onzeker, wil ergens bij horen en gezien worden' },
        { id: 'laag_zelfbeeld', label: 'Laag zelfbeeld' },
        { id: 'gepest', label: 'Slachtoffer van pesten' },
        { id: 'autisme', label: 'Autisme' },
        { id: 'adhd', label: 'AD(H)D' },
        { id: 'lhbtiq', label: 'LHBTIQ+' },
        { id: 'weinig_vrienden', label: 'Weinig vrienden' },
        { id: 'problemen_thuis', label: 'Problemen thuis' },
        { id: 'niet_begrepen', label: 'Voelt zich niet begrepen' },
        { id: 'lvb', label: 'Licht verstandelijke beperking (LVB)' },
        { id: 'impulsief', label: 'Impulsief, geen rem' },
      ],
    },
    {
      kind: 'checklist',
      id: 'eerste_signalen',
      title: 'Eerste signalen',
      source: '003',
      intro: 'Zie je dit bij je cliënt? Signalen hangen af van het type persoon. Let vooral op verandering.',
      signalsWhenTicked: true,
      items: [
        { id: 'persoon_verandert', label: 'Gedrag of karakter verandert' },
        { id: 'introverter', label: 'Wordt stiller, meer in zichzelf gekeerd (introverter)' },
        { id: 'sneller_boos', label: 'Wordt sneller boos' },
        { id: 'eieren_lopen', label: 'Lijkt op eieren te lopen' },
        { id: 'drugs', label: 'Gebruikt drugs' },
        { id: 'paniek_offline', label: 'Raakt in paniek als hij niet online kan zijn' },
      ],
    },
    worriedQuestion({
      title: 'Jouw zorgen',
      source: 'baken',
      question: 'Maak je je zorgen over je cliënt?',
      advice: "Neem je zorgen serieus. Bespreek ze met collega's en met {meldpunt}{meldpuntContact}.",
    }),
    {
      kind: 'info',
      id: 'niet_oordelen',
      title: 'Oordeel niet',
      source: '003',
      body: [
        'Internet is voor veel jonge cliënten heel belangrijk. Maar paniek als ze niet online kunnen, is echt een signaal.',
        'Doe niet laatdunkend over online zijn. Anders durft je cliënt niet te praten over iets dat nog veel erger is.',
      ],
    },
    {
      kind: 'info',
      id: 'gesprek_beginnen',
      title: 'Het gesprek beginnen',
      source: '003',
      body: ['Denk je dat je cliënt online wordt uitgebuit? Zorg voor de juiste omstandigheden.'],
      bullets: [
        'Zorg dat het geen verhoor is.',
        'Geef je cliënt een ontsnappingsmogelijkheid. Kijk hem niet recht in de ogen: dat is erg intimiderend.',
        'Ga bijvoorbeeld samen wandelen of autorijden. Dan heeft je cliënt ruimte.',
        'Besef dat de schaamte enorm is.',
      ],
    },
    {
      kind: 'info',
      id: 'eerste_reactie',
      title: 'Je eerste reactie',
      source: '003',
      body: [
        'Je eerste reactie is heel belangrijk. Zit er een oordeel in? Dan kan je cliënt dichtklappen en hulp weigeren.',
      ],
      bullets: [
        'Vraag niet: "Hoe heb je dat kunnen doen?"',
        'Bied troost en toon begrip: "Wat rot voor je. Wat erg. Ik schrik ervan."',
        'Weet je niet hoe je kunt helpen? Zeg dat eerlijk. Dan weet je cliënt dat het echt moeilijk is, en dat hulp nodig is.',
        'Doe geen valse beloftes. Zeg niet hoe lang iets gaat duren: dat weet je niet.',
      ],
    },
    {
      kind: 'info',
      id: 'verschil_maken',
      title: 'Jij maakt het verschil',
      source: '003',
      body: [
        'Je hoeft niet alle hulp zelf te geven. Maar jij kunt op het juiste moment handelen. En troost, hoop en houvast bieden.',
      ],
      bullets: [
        'Oordeel niet.',
        'Neem de tijd.',
        'Zie en hoor je cliënt echt.',
        'Zoek samen met je cliënt de juiste hulp.',
      ],
      noteLabel: 'Wat ga je doen?',
    },
    {
      kind: 'info',
      id: 'bewijs',
      title: 'Bewijs: kijk er nooit zelf naar',
      source: '003',
      body: [
        "Kijk zelf nooit naar bewijs, zoals foto's of filmpjes. Dat doet speciaal opgeleide politie.",
        'Zorg wel dat het bewijs zo snel mogelijk bij de politie komt. Stuur beelden niet door, ook niet naar een collega of naar Baken.',
        'Schrijf wel op wat je weet: bijnamen, telefoonnummers en accountnamen.',
      ],
    },
    {
      kind: 'info',
      id: 'hulplijnen',
      title: 'Waar kun je terecht?',
      source: 'publiek',
      body: ['Neem contact op met {meldpunt}{meldpuntContact}. En met:'],
      bullets: [
        'Direct gevaar: bel 112.',
        'Politie, geen spoed: 0900-8844.',
        'Veilig Thuis, voor advies of een melding: 0800-2000.',
        'Beelden online laten verwijderen: Helpwanted (helpwanted.nl).',
      ],
    },
    {
      kind: 'info',
      id: 'ouders',
      title: 'De ouders inlichten',
      source: '003',
      body: [
        'Is je cliënt slachtoffer van online uitbuiting of misbruik? Dan is het belangrijk om ook de ouders in te lichten.',
      ],
      caution: {
        text: [
          'Overleg eerst met {meldpunt}{meldpuntContact}. Bespreek samen of, wanneer en hoe je de ouders inlicht.',
          'Soms zijn ouders of andere mensen in huis zelf bij het misbruik betrokken. Dan kan inlichten je cliënt in gevaar brengen.',
        ],
        source: 'baken',
      },
      bullets: [
        'Zorg dat de ouders eerst bij jou kunnen reageren.',
        'Zo vang je boosheid en paniek op.',
        'Leg uit dat hun kind nu hulp en troost nodig heeft.',
      ],
    },
    {
      kind: 'info',
      id: 'aangifte',
      title: 'Steun bij aangifte',
      source: '003',
      body: [
        'Werk samen met de politie. Aangifte doen moet je cliënt helpen.',
        'Aangifte doen duurt lang. Het kan heel zwaar zijn voor je cliënt. Je cliënt heeft daarbij echt steun nodig.',
      ],
      noteLabel: 'Afspraken over steun (kort)',
    },
    {
      kind: 'summary',
      id: 'samenvatting',
      title: 'Samenvatting',
      source: '003',
      intro: 'Dit heb je aangevinkt en genoteerd.',
      escalationOffer: {
        kind: 'online_uitbuiting',
        text: `Je ziet signalen van online uitbuiting, of je maakt je zorgen. Meld het bij het team. Dan kijkt een leidinggevende met je mee. ${NOT_YET_A_MELDING} Is er direct gevaar? Bel 112.`,
      },
      signalAdvice: VEILIG_THUIS_ADVICE,
      closingTitle: 'Onthoud',
      closing: [
        'Oordeel niet, neem de tijd en zoek samen de juiste hulp.',
        'Kijk zelf nooit naar bewijs. Dat doet de politie.',
      ],
    },
  ],
};
