import type { input } from 'zod';
import { worriedQuestion } from './worriedQuestion';
import type { flowSchema, SourcedText } from './flowSchema';
import { ESCALATE_TO_TEAM, NOT_YET_A_MELDING, VEILIG_THUIS_ADVICE } from './safetyTexts';

/** What differs for a minor (public facts): sexual images of someone under 18 are never forwarded or kept. */
const MINOR_CAUTION: SourcedText = {
  text: [
    'Is je cliënt jonger dan 18? Dan gelden andere regels.',
    'Een naaktfoto van iemand onder de 18 doorsturen of verspreiden is strafbaar. Ook als die persoon de foto zelf maakte.',
    'Maak dan geen afspraak over wanneer je cliënt zelf een naaktfoto stuurt. Spreek af dat hij nee zegt, niets doorstuurt en hulp vraagt.',
    'Krijgt of stuurt je cliënt zo’n foto? Bekijk hem niet en bewaar hem niet. Bespreek het met {meldpunt}{meldpuntContact}. Helpwanted (helpwanted.nl) helpt om beelden offline te halen.',
  ],
  source: 'publiek',
};

/** Online verliefd (seed 000): guiding a client in love online, in seven steps with notes per step. */
export const verliefdFlow: input<typeof flowSchema> = {
  id: 'verliefd',
  version: 3,
  title: 'Online verliefd – 7 stappen',
  description: 'Je cliënt is online verliefd of datet online. Begeleid in 7 stappen.',
  keywords: [
    'verliefd',
    'online verliefd',
    'daten',
    'dating',
    'datingsite',
    'relatie',
    'vriendje',
    'vriendinnetje',
    'liefde',
    'videobellen',
    'sextortion',
    'naaktfoto',
  ],
  aboutClient: true,
  steps: [
    {
      kind: 'info',
      id: 'online_verliefd',
      title: 'Online verliefd',
      source: '000',
      body: [
        'Online daten kan heel leuk zijn voor je cliënt. Maar je cliënt heeft jou nodig om het ook veilig te houden. Dat doe je met 7 stappen.',
        'Eerst: waarom is online liefde zo leuk?',
      ],
      bullets: [
        'Het is spannend en gezellig.',
        'Je cliënt ontmoet mensen die hij anders niet tegenkomt. Fijn als je cliënt weinig mensen kent.',
        'Het is liefde op afstand, met chatten of videobellen.',
        'Je cliënt kan zien en gezien worden.',
        'Het helpt bij de seksuele ontwikkeling, bijvoorbeeld door te experimenteren.',
      ],
    },
    {
      kind: 'info',
      id: 'aandachtspunten',
      title: 'Waar let je op?',
      source: '000',
      body: ["Online daten heeft ook risico's. Dat verschilt per persoon. Bijvoorbeeld:"],
      bullets: [
        'Je cliënt kan online extra gevoelig zijn voor mensen met slechte bedoelingen, zoals loverboys.',
        'Naaktbeelden die je cliënt in vertrouwen stuurt, kunnen verder verspreid worden. Of gebruikt om je cliënt onder druk te zetten (sextortion).',
        'Je cliënt kan naaktbeelden krijgen die hij niet wil.',
        'Je cliënt kan privégegevens delen, zoals een adres of bankgegevens.',
        'Je cliënt kan zonder het te willen over de grens van een ander gaan. Of andersom.',
        'Je cliënt kan teleurgesteld raken, omdat het in het echt anders is.',
      ],
    },
    {
      kind: 'info',
      id: 'observeer',
      title: 'Stap 1: Observeer – kijk en luister',
      source: '000',
      body: ['Kijk hoe je cliënt zich voelt tijdens en na het online contact. Wat zie je?'],
      bullets: [
        'Hoe vaak en hoe lang heeft je cliënt contact met deze persoon?',
        'Geeft het contact plezier? Of ook andere gevoelens?',
        'Is het gedrag van je cliënt veranderd sinds dit contact?',
      ],
      noteLabel: 'Wat zie je?',
    },
    {
      kind: 'info',
      id: 'inventariseer',
      title: 'Stap 2: Inventariseer – breng in kaart',
      source: '000',
      body: [
        'Online maak je makkelijk contact en word je snel verliefd. Maar je weet niet zeker of de ander echt is wie hij zegt. En of hij echt vriendschap wil.',
        'Wat maakt jouw cliënt extra kwetsbaar?',
      ],
      bullets: [
        'Maakt je cliënt makkelijk contact?',
        'Wordt je cliënt snel verliefd? Hoe ver gaat hij daarin?',
        'Kan je cliënt nee zeggen?',
        'Zie je aan het gedrag of het contact goed is voor je cliënt?',
      ],
      noteLabel: 'Wat maakt je cliënt kwetsbaar?',
    },
    {
      kind: 'info',
      id: 'bespreek',
      title: 'Stap 3: Bespreek – ga het gesprek aan',
      source: '000',
      body: [
        'Met wie heeft je cliënt contact, en gaat dat goed? Ga het gesprek aan.',
        'Begeleid je cliënt net zoals bij een vriendschap of verliefdheid in het echt. Is de relatie gelijkwaardig? Help je cliënt met wensen, verwachtingen, grenzen en teleurstellingen.',
        'Praat uit echte interesse en zonder oordeel. Op de volgende kaart staan open vragen die je kunt stellen.',
      ],
    },
    {
      kind: 'info',
      id: 'bespreek_vragen',
      title: 'Stap 3: Bespreek – open vragen',
      source: '000',
      body: ['Stel open vragen, zoals:'],
      bullets: [
        'Hoe hebben jullie elkaar leren kennen?',
        'Hoe lang kennen jullie elkaar al?',
        'Wat is er zo leuk aan deze persoon?',
        'Wat is het allerliefste dat deze persoon heeft gedaan of gezegd?',
        'Hoe ziet online verliefdheid eruit? Hoe laat je dat merken aan elkaar?',
        'Doet of zegt de ander weleens iets dat je minder leuk vindt? Of te spannend?',
        'Wat zou je doen als de ander iets vraagt dat je niet wilt?',
      ],
      noteLabel: 'Wat vertelt je cliënt?',
    },
    {
      kind: 'info',
      id: 'analyseer',
      title: 'Stap 4: Analyseer – wat betekent het?',
      source: '000',
      body: [
        'Wat doet het contact met je cliënt? Waar is begeleiding nodig? Of moet je meteen iets doen? Kijk naar de goede en de slechte kanten.',
      ],
      bullets: [
        'Waarom heeft je cliënt contact met deze persoon?',
        'Wat levert het je cliënt op?',
        'Wat krijgt je cliënt van deze persoon dat hij ergens anders niet krijgt?',
        "Welke risico's zie je in het gedrag van je cliënt?",
        'Welke twijfels heb je over het gedrag van de ander?',
        'Maak je je zorgen? Bespreek het in het team of met {meldpunt}{meldpuntContact}.',
      ],
      noteLabel: 'Wat valt je op?',
    },
    worriedQuestion({
      title: 'Stap 4: Analyseer – jouw zorgen',
      source: '000',
      question: 'Maak je je zorgen over de situatie?',
      advice: 'Bespreek je zorgen in het team of overleg met {meldpunt}{meldpuntContact}.',
    }),
    {
      kind: 'info',
      id: 'anticipeer',
      title: 'Stap 5: Anticipeer – denk vooruit',
      source: '000',
      body: [
        "Hoe kijkt je cliënt ertegenaan? Grote kans dat je cliënt op een roze wolk zit. Dan ziet hij de risico's niet. En ook geen grensoverschrijdend gedrag.",
        'Ging je cliënt zelf over een grens? Ook dan denkt hij vaak dat er niets aan de hand is.',
        'Bedenk wat dit betekent voor wat je wilt zeggen. Pas je boodschap daarop aan.',
      ],
      noteLabel: 'Waar houd je rekening mee?',
    },
    {
      kind: 'info',
      id: 'doe',
      title: 'Stap 6: Doe – grijp in',
      source: '000',
      body: [
        'Grijp in als dat nodig is. Wacht niet tot het uit de hand loopt. Bijvoorbeeld als de relatie niet gelijkwaardig is. Of als grenzen worden overschreden. Of als je denkt dat je cliënt wordt uitgebuit, bijvoorbeeld met sextortion. Of als geldezel: dan lopen criminele geldstromen via de bankrekening van je cliënt.',
        'Doe wat je ook zou doen bij contact in het echt:',
      ],
      bullets: [
        'Meld het bij {meldpunt}{meldpuntContact} en bij de politie. Vraag advies over wat je doet, en wanneer.',
        'Gaat het misschien om een strafbaar feit? Blokkeer de persoon dan nog niet.',
        'Bewaar bewijs: maak screenshots van de gesprekken. Maak geen screenshots van naaktbeelden. Die mag alleen de politie bekijken.',
      ],
      caution: {
        text: ['Is er direct gevaar? Bel 112.', 'Politie, geen spoed: 0900-8844.'],
        source: 'publiek',
      },
      noteLabel: 'Wat heb je gedaan?',
      escalate: { kind: 'onveilige_online_relatie', label: ESCALATE_TO_TEAM },
    },
    {
      kind: 'info',
      id: 'doe_twijfel',
      title: 'Stap 6: Doe – twijfel je over de ander?',
      source: '000',
      body: [
        'Stel voor dat de online vriend of vriendin een keer langskomt op de koffie. Of dat jullie samen videobellen om kennis te maken. Zo kun je de ander goed inschatten.',
        'Komt de ander niet opdagen? Dan is dat een signaal dat er iets niet klopt.',
      ],
      caution: {
        text: [
          'Zie je al signalen dat je cliënt wordt uitgebuit? Of gaat het misschien om een strafbaar feit? Nodig de ander dan niet uit.',
          'Spreek eerst met {meldpunt}{meldpuntContact} en de politie af wat je doet, en wanneer.',
        ],
        source: '000',
      },
    },
    {
      kind: 'info',
      id: 'spreek_af',
      title: 'Stap 7: Spreek af – maak afspraken',
      source: '000',
      body: [
        'Is er geen directe actie nodig? Maak dan rustig en open samen afspraken. Zo blijft online contact leuk en veilig.',
        "Praat over risico's en grenzen. Vraag bijvoorbeeld:",
      ],
      bullets: [
        'Wat doe je als iemand je om een naaktfoto vraagt en je wilt dat niet?',
        'Wat doe je als iemand jou zomaar een naaktfoto stuurt?',
        'Wanneer stuur je zelf een naaktfoto? (alleen met een volwassen cliënt)',
        'Hoe zeg je nee?',
        'Waar ga je naartoe voor hulp?',
        'Noem ook situaties waarin je cliënt kwetsbaar is. Vraag: wat zou jij dan doen?',
      ],
      caution: MINOR_CAUTION,
      noteLabel: 'Welke afspraken maken jullie?',
    },
    {
      kind: 'info',
      id: 'zorgplan',
      title: 'Stap 7: Afspraken in het zorgplan',
      source: '000',
      body: [
        'Eén keer uitleggen is niet genoeg. Herhalen is heel belangrijk. Zet het onderwerp daarom in het zorgplan. Dan komen jullie er regelmatig samen op terug.',
        'Schrijf jullie afspraken op. Bijvoorbeeld:',
      ],
      bullets: [
        'Wat je cliënt doet als iemand om een naaktfoto vraagt.',
        'Wat je cliënt doet als hij zomaar een naaktfoto krijgt.',
        'Alleen bij een volwassen cliënt: wanneer hij zelf een naaktfoto stuurt.',
        'Hoe je cliënt nee zegt.',
        'Waar je cliënt naartoe gaat voor hulp.',
        'Wanneer jullie er samen weer over praten.',
      ],
      caution: MINOR_CAUTION,
      noteLabel: 'Wat zet je in het zorgplan?',
    },
    {
      kind: 'summary',
      id: 'samenvatting',
      title: 'Samenvatting',
      source: '000',
      intro: 'Dit zijn je notities per stap. Neem de afspraken over in het zorgplan.',
      escalationOffer: {
        kind: 'onveilige_online_relatie',
        text: `Je maakt je zorgen over het online contact van je cliënt. Meld het bij het team. Dan kijkt een leidinggevende met je mee. ${NOT_YET_A_MELDING} Is er direct gevaar? Bel 112.`,
      },
      signalAdvice: VEILIG_THUIS_ADVICE,
      closingTitle: 'Herhalen is belangrijk',
      closing: [
        'Eén keer uitleggen is niet genoeg. Herhalen is heel belangrijk. Kom er daarom regelmatig samen op terug.',
        'Tip: op steffie.nl staat uitleg over online flirten. Meer over online daten vind je op LeukerOnline.nl.',
      ],
    },
  ],
};
