import type { input } from 'zod';
import { worriedQuestion } from './worriedQuestion';
import type { flowSchema } from './flowSchema';
import { NOT_YET_A_MELDING, VEILIG_THUIS_ADVICE } from './safetyTexts';

type Choice = { value: string; label: string; signal?: boolean };

/** Ja / nee / weet ik niet; `signalOnJa` marks "ja" as a recognised signal. */
function jaNeeWeetIkNiet(signalOnJa = false): Choice[] {
  return [
    { value: 'ja', label: 'Ja', signal: signalOnJa },
    { value: 'nee', label: 'Nee' },
    { value: 'weet_ik_niet', label: 'Weet ik niet' },
  ];
}

const NOT_YES = ['nee', 'weet_ik_niet'];

/** Grooming-check (seed 002): what grooming is, the nine check questions, advice and the six rules. */
export const groomingFlow: input<typeof flowSchema> = {
  id: 'grooming',
  version: 3,
  title: 'Grooming-check',
  description: 'Wat is grooming? Doe de check met 9 vragen en krijg concreet advies.',
  keywords: [
    'grooming',
    'groomer',
    'online contact',
    'webcam',
    'seksueel',
    'naaktfoto',
    'foto gestuurd',
    'snap map',
    'locatie',
    'chanteren',
    'nieuwe online vriend',
  ],
  aboutClient: true,
  steps: [
    {
      kind: 'info',
      id: 'de_check',
      title: 'De grooming-check',
      source: '002',
      body: [
        'Je beantwoordt 9 korte vragen over je cliënt. Kies steeds ja, nee of weet ik niet.',
        'Bij elke vraag kun je een korte notitie maken. Schrijf geen namen.',
        'Aan het eind zie je je antwoorden. Bij sommige antwoorden staat wat je kunt doen.',
      ],
      more: {
        label: 'Wat is grooming?',
        body: [
          'Bij grooming zoekt iemand met slechte bedoelingen contact via internet. Met minderjarigen, kwetsbare mensen of mensen met een verstandelijke beperking.',
          'Vaak doet die persoon alsof hij even oud is. Of alsof hij net zo is als je cliënt.',
          "Het doel is seks. Je cliënt moet online seksuele dingen doen, met foto's, filmpjes of de webcam. Of de groomer wil echt seksueel contact.",
          'Mensen met een verstandelijke beperking hebben dit vaak niet door.',
          'Een groomer gaat stap voor stap te werk:',
        ],
        bullets: [
          'Hij is eerst vriendelijk en geïnteresseerd.',
          'Daardoor voelt je cliënt zich speciaal.',
          'De gesprekken worden steeds meer seksueel.',
          'Hij vraagt je cliënt telkens een stapje verder te gaan.',
          "Heeft je cliënt foto's of filmpjes van zichzelf gestuurd? Dan gebruikt de groomer die soms om te chanteren. Bijvoorbeeld als je cliënt wil stoppen met het contact.",
        ],
      },
    },
    {
      kind: 'question',
      id: 'vraag_1',
      title: 'Checkvraag 1',
      source: '002',
      question: 'Weet je met wie je cliënt online contact heeft?',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: NOT_YES,
        advice:
          'Vraag je cliënt regelmatig met wie hij online contact heeft. En hoe dat voor hem is. Doe dat open en zonder oordeel.',
      },
    },
    {
      kind: 'question',
      id: 'vraag_2',
      title: 'Checkvraag 2',
      source: '002',
      question: 'Ken je de signalen van grooming?',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: NOT_YES,
        advice:
          "Dit zijn de signalen. De ander is eerst vriendelijk en geïnteresseerd. Je cliënt voelt zich speciaal. De gesprekken worden stap voor stap meer seksueel. De ander vraagt telkens een stapje verder te gaan. Foto's of filmpjes worden gebruikt om je cliënt te chanteren.",
      },
    },
    {
      kind: 'question',
      id: 'vraag_3',
      title: 'Checkvraag 3',
      source: '002',
      question: 'Herken je de signalen van grooming bij je cliënt?',
      help: 'Bijvoorbeeld: iemand is heel vriendelijk en geeft veel aandacht. En de gesprekken worden steeds meer seksueel.',
      choices: jaNeeWeetIkNiet(true),
      attention: {
        when: ['ja', 'weet_ik_niet'],
        advice:
          "Bespreek wat je ziet met collega's en met {meldpunt}{meldpuntContact}. Twijfel je? Blijf goed kijken en luisteren naar je cliënt, en bespreek het toch. Oordeel niet over je cliënt.",
      },
    },
    {
      kind: 'question',
      id: 'vraag_4',
      title: 'Checkvraag 4',
      source: '002',
      question: 'Is je vermoeden gebaseerd op feiten of op een onderbuikgevoel?',
      choices: [
        { value: 'feiten', label: 'Feiten', signal: true },
        { value: 'onderbuikgevoel', label: 'Onderbuikgevoel' },
        { value: 'allebei', label: 'Allebei', signal: true },
        { value: 'geen_vermoeden', label: 'Ik heb (nog) geen vermoeden' },
      ],
      attention: {
        when: ['onderbuikgevoel', 'allebei'],
        advice:
          "Schrijf op wat je ziet en hoort: dat zijn de feiten. Houd de feiten apart van je onderbuikgevoel. Bespreek allebei met collega's.",
      },
    },
    {
      kind: 'question',
      id: 'vraag_5',
      title: 'Checkvraag 5',
      source: '002',
      question: "Bespreek je je vermoeden met collega's en/of met {meldpunt}?",
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: NOT_YES,
        advice:
          "Bespreek een vermoeden van grooming altijd met collega's. En eventueel met {meldpunt}{meldpuntContact}.",
      },
    },
    {
      kind: 'question',
      id: 'vraag_6',
      title: 'Checkvraag 6',
      source: '002',
      question: 'Weet je cliënt dat hij altijd bij je terecht kan met zorgen?',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: NOT_YES,
        advice:
          'Zeg het actief tegen je cliënt: "Je kunt altijd bij mij terecht, ook met zorgen." Herhaal dat regelmatig.',
      },
    },
    {
      kind: 'question',
      id: 'vraag_7',
      title: 'Checkvraag 7',
      source: '002',
      question: 'Lukt het je om niet te oordelen als je cliënt vertelt over grooming?',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: NOT_YES,
        advice:
          'Blijf neutraal en oordeel niet. Een oordeel kan voelen alsof je de schuld bij je cliënt legt (victim blaming).',
      },
    },
    {
      kind: 'question',
      id: 'vraag_8',
      title: 'Checkvraag 8',
      source: '002',
      question: 'Kun je het online contact uitnodigen op de koffie?',
      help: 'Bijvoorbeeld: je cliënt nodigt de leuke online vriend of vriendin uit voor koffie op de groep.',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: ['ja', 'weet_ik_niet'],
        // Only while in doubt: with signals recognised, an invitation can warn the groomer or spoil the police's timing.
        advice: [
          {
            text: 'Twijfel je over de ander? Soms helpt het om je cliënt voor te stellen het online contact uit te nodigen voor koffie op de groep. Zo zie je wat voor contact het is.',
          },
          { text: 'Komt de ander niet opdagen? Dan is dat een signaal.', source: '000' },
        ],
        instead: {
          ifAnswered: [
            { step: 'vraag_3', values: ['ja'] },
            { step: 'vraag_4', values: ['feiten', 'allebei'] },
          ],
          advice: [
            {
              text: 'Je herkent signalen. Nodig het online contact dan niet uit. Spreek eerst met {meldpunt}{meldpuntContact} en met de politie af wat je doet, en wanneer.',
              source: '000',
            },
            { text: 'De politie bereik je zonder spoed op 0900-8844.', source: 'publiek' },
          ],
        },
      },
    },
    {
      kind: 'question',
      id: 'vraag_9',
      title: 'Checkvraag 9',
      source: '002',
      question: 'Staan de locatiegegevens van je cliënt aan in apps? Bijvoorbeeld Snap Map in Snapchat.',
      help: 'Groomers en loverboys kunnen daarmee zoeken naar nieuwe contacten op de plek van de instelling.',
      choices: jaNeeWeetIkNiet(),
      attention: {
        when: ['ja', 'weet_ik_niet'],
        advice:
          'Kijk samen met je cliënt welke apps de locatie delen. Zet locatie delen uit. Groomers en loverboys zoeken zo naar nieuwe contacten in de buurt van de instelling.',
      },
    },
    worriedQuestion({
      title: 'Jouw zorgen',
      source: 'baken',
      question: 'Maak je je zorgen over je cliënt?',
      advice:
        "Neem je zorgen serieus. Bespreek ze met collega's en met {meldpunt}{meldpuntContact}. Is er direct gevaar? Bel 112.",
    }),
    {
      kind: 'summary',
      id: 'samenvatting',
      title: 'Samenvatting',
      source: '002',
      intro: 'Dit zijn je antwoorden. Bij sommige antwoorden staat een tip.',
      escalationOffer: {
        kind: 'grooming',
        text: `Je herkent signalen van grooming, of je maakt je zorgen. Meld het bij het team. Dan kijkt een leidinggevende met je mee. ${NOT_YET_A_MELDING} Is er direct gevaar? Bel 112.`,
      },
      signalAdvice: VEILIG_THUIS_ADVICE,
      closingTitle: "De zes seksregels uit 'Ik ben van mij'",
      closing: [
        'Help je cliënt om bewuste keuzes te maken met deze zes regels:',
        '**Wederzijdse toestemming**: je wilt het allebei en er is geen twijfel.',
        '**Vrijwilligheid**: niemand moet iets. Er is geen druk of dwang.',
        '**Gelijkwaardigheid**: niemand is de baas.',
        '**Ontwikkeling**: het past bij de leeftijd.',
        '**Omgeving**: de plek is oké.',
        '**Zelfrespect**: je hebt respect voor jezelf en de ander.',
      ],
    },
  ],
};
