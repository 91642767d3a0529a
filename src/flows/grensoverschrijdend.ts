import type { input } from 'zod';
import type { flowSchema } from './flowSchema';

const JA_NEE_WEET = [
  { value: 'ja', label: 'Ja' },
  { value: 'nee', label: 'Nee' },
  { value: 'weet_niet', label: 'Weet ik niet' },
];

/** The step whose card warns about sexual images: screenshots are accepted from this step on, never before. */
export const SCREENSHOT_STEP = 'screenshot';

/**
 * Online grensoverschrijdend gedrag tegen mij (seed 004, "Handelen na online grensoverschrijdend gedrag"): a
 * staff member who is harassed online walks the seed's steps; the incident dialog keeps a record of it.
 * Deliberately unlike the seed, Screenshot comes before In gesprek: asking to remove a message before it is
 * captured loses the evidence. Talking with the client only when safe is Baken's own advice (source 'baken').
 */
export const grensoverschrijdendFlow: input<typeof flowSchema> = {
  id: 'grensoverschrijdend',
  version: 3,
  title: 'Ik word online lastiggevallen',
  description:
    'Online grensoverschrijdend gedrag tegen jou: beledigd, bedreigd of te kijk gezet? Dit zijn je stappen.',
  keywords: [
    'bedreigd',
    'bedreiging',
    'uitgescholden',
    'beledigd',
    'belediging',
    'lastiggevallen',
    'zwart gemaakt',
    'doxing',
    'rouwadvertentie',
    'filmpje over mij',
  ],
  aboutClient: false,
  steps: [
    {
      kind: 'form',
      id: 'wat_gebeurd',
      title: 'Wat is er gebeurd?',
      source: '004',
      body: [
        'Een beledigend bericht op LinkedIn. Een bedreigend filmpje op YouTube. Een rouwadvertentie met jouw naam via WhatsApp.',
        'Dit komt helaas overal voor, ook in jeugdhulp en sociaal werk. Ik help je stap voor stap.',
        'Je kunt een stap overslaan en later terugkomen. Alleen jij kunt dit lezen. Later vraag ik of je leidinggevenden het mogen weten.',
      ],
      fields: [
        {
          type: 'choice',
          id: 'soort',
          label: 'Wat is er gebeurd?',
          choices: [
            { value: 'beledigend_bericht', label: 'Beledigend bericht' },
            { value: 'bedreiging', label: 'Bedreiging' },
            { value: 'filmpje_foto', label: 'Filmpje of foto' },
            { value: 'doxing', label: 'Persoonlijke gegevens gedeeld (doxing)' },
            { value: 'anders', label: 'Anders' },
          ],
        },
        {
          type: 'choice',
          id: 'platform',
          label: 'Op welk platform?',
          choices: [
            { value: 'linkedin', label: 'LinkedIn' },
            { value: 'facebook', label: 'Facebook' },
            { value: 'instagram', label: 'Instagram' },
            { value: 'x', label: 'X (Twitter)' },
            { value: 'youtube', label: 'YouTube' },
            { value: 'tiktok', label: 'TikTok' },
            { value: 'snapchat', label: 'Snapchat' },
            { value: 'whatsapp', label: 'WhatsApp' },
            { value: 'anders', label: 'Ander platform' },
          ],
        },
        { type: 'date', id: 'wanneer', label: 'Wanneer zag je het?' },
        {
          type: 'choice',
          id: 'online',
          label: 'Staat het nog online?',
          choices: [
            { value: 'ja', label: 'Ja, het staat nog online' },
            { value: 'verwijderd', label: 'Nee, het is verwijderd' },
            { value: 'weet_niet', label: 'Weet ik niet' },
          ],
        },
      ],
    },
    {
      kind: 'form',
      id: SCREENSHOT_STEP,
      title: 'Screenshot',
      source: '004',
      body: [
        'Maak een screenshot van het bericht. Doe dat eerst: voordat het wordt verwijderd, en voordat je iemand vraagt om het te verwijderen.',
        'Schrijf op wie het heeft gepost en op welk kanaal. Noteer ook van wie het account is en wie er verder bij betrokken zijn.',
      ],
      caution: {
        text: [
          'Stuur nooit een naakte of seksuele foto. Niet van jezelf en niet van iemand anders. Ook niet naar mij of naar een collega.',
          'Gaat het om een seksuele foto van iemand onder de 18? Bekijk hem niet en bewaar hem niet. Schrijf op waar hij staat en ga naar de politie.',
        ],
        source: 'baken',
      },
      fields: [
        {
          type: 'choice',
          id: 'gemaakt',
          label: 'Heb je een screenshot gemaakt?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nee', label: 'Nee' },
          ],
        },
        {
          type: 'text',
          id: 'wie',
          label: 'Wie heeft het gepost?',
          placeholder: 'Accountnaam. Een cliënt? Gebruik een code.',
        },
        {
          type: 'text',
          id: 'kanaal',
          label: 'Op welk kanaal is het gepost?',
          placeholder: 'Bijvoorbeeld een pagina of groep',
        },
        {
          type: 'text',
          id: 'account',
          label: 'Van wie is het account?',
          placeholder: 'Kort, zonder namen van cliënten',
        },
        {
          type: 'text',
          id: 'betrokken',
          label: 'Wie zijn er verder bij betrokken?',
          placeholder: 'Kort, zonder namen van cliënten',
        },
      ],
      footer:
        'Heb je een screenshot? Stuur de afbeelding nu hier in de chat. Ik bewaar hem veilig als bewijs en stuur je een controlecode.',
    },
    {
      kind: 'form',
      id: 'in_gesprek',
      title: 'In gesprek',
      source: '004',
      body: [
        'Was het een cliënt? Zoek dan contact met die cliënt en ga erover in gesprek. Maar alleen als dat veilig is.',
        'Vaak weten cliënten niet wat hun bericht op sociale media met jou doet. Vraag de cliënt om het bericht te verwijderen.',
      ],
      caution: {
        text: [
          'Maak eerst een screenshot. Vraag pas daarna om het bericht te verwijderen. Anders is je bewijs weg.',
          'Praat alleen met de cliënt als dat veilig is. Is er een bedreiging? Praat dan eerst met je leidinggevende. Ga nooit alleen het gesprek aan.',
        ],
        source: 'baken',
      },
      fields: [
        { type: 'choice', id: 'client', label: 'Was het een cliënt?', choices: JA_NEE_WEET },
        {
          type: 'choice',
          id: 'gesprek',
          label: 'Heb je met de cliënt gepraat?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nog_niet', label: 'Nog niet' },
            { value: 'niet_veilig', label: 'Nee, dat is niet veilig' },
            { value: 'nvt', label: 'Niet van toepassing' },
          ],
        },
        {
          type: 'choice',
          id: 'verwijderen_gevraagd',
          label: 'Heb je gevraagd om het bericht te verwijderen?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nee', label: 'Nee' },
            { value: 'nvt', label: 'Niet van toepassing' },
          ],
        },
        {
          type: 'text',
          id: 'uitkomst',
          label: 'Wat kwam er uit het gesprek?',
          placeholder: 'Kort, zonder namen',
        },
      ],
    },
    {
      kind: 'form',
      id: 'rapporteer',
      title: 'Rapporteer',
      source: '004',
      body: [
        'Rapporteer het bericht bij het online platform. Dat kan meestal via de drie puntjes bij het bericht.',
        'Vaak gebeurt er weinig mee. Verwacht dus niet dat het probleem daarmee is opgelost.',
      ],
      fields: [
        {
          type: 'choice',
          id: 'gerapporteerd',
          label: 'Heb je het gerapporteerd?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nee', label: 'Nee' },
            { value: 'nog_niet', label: 'Nog niet' },
          ],
        },
        {
          type: 'choice',
          id: 'reactie',
          label: 'Wat deed het platform?',
          choices: [
            { value: 'verwijderd', label: 'Het platform heeft het verwijderd' },
            { value: 'geen_reactie', label: 'Nog geen reactie' },
            { value: 'blijft_staan', label: 'Het blijft staan' },
          ],
        },
      ],
    },
    {
      kind: 'form',
      id: 'bespreek',
      title: 'Bespreek',
      source: '004',
      body: [
        "Bespreek het incident met je leidinggevende, collega's en andere mensen die je vertrouwt. Deel ook hoe je je voelt.",
        'Online grensoverschrijdend gedrag kan grote impact hebben op je leven en je werk.',
        'Wil je met iemand buiten je team praten? Dat kan met {vertrouwenspersoon}.',
      ],
      fields: [
        {
          type: 'choice',
          id: 'besproken',
          label: 'Met wie heb je het besproken?',
          choices: [
            { value: 'leidinggevende', label: 'Met mijn leidinggevende' },
            { value: 'collegas', label: "Met collega's" },
            { value: 'ander', label: 'Met iemand anders die ik vertrouw' },
            { value: 'nog_niemand', label: 'Nog met niemand' },
          ],
        },
        {
          type: 'choice',
          id: 'toestemming',
          label: 'Mag ik je leidinggevenden laten weten dat dit is gebeurd?',
          choices: [
            { value: 'ja', label: 'Ja, laat het ze weten' },
            { value: 'nee', label: 'Nee, nu niet' },
          ],
        },
      ],
      footer:
        'In het kanaal van je team staat dan alleen: een collega heeft iets gemeld. Geen naam en geen details. Je leidinggevenden lezen de rest in een persoonlijk bericht.',
    },
    {
      kind: 'form',
      id: 'juridische_hulp',
      title: 'Juridische hulp',
      source: '004',
      body: [
        'Verwijdert het online platform het bericht aan jou niet? Schakel dan juridische hulp in via je organisatie.',
        'Vraag je leidinggevende hoe dat bij {org} gaat.',
      ],
      fields: [
        { type: 'choice', id: 'nodig', label: 'Heb je juridische hulp nodig?', choices: JA_NEE_WEET },
        {
          type: 'choice',
          id: 'gevraagd',
          label: 'Heb je het al gevraagd via je organisatie?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nee', label: 'Nee' },
          ],
        },
      ],
    },
    {
      kind: 'form',
      id: 'aangifte',
      title: 'Aangifte',
      source: '004',
      body: [
        'Laat je organisatie aangifte doen. Neem contact op met je leidinggevende en volg {protocol}.',
        'Je hoeft de aangifte dus niet alleen te doen.',
      ],
      fields: [
        {
          type: 'choice',
          id: 'contact',
          label: 'Heb je hierover contact met je leidinggevende?',
          choices: [
            { value: 'ja', label: 'Ja' },
            { value: 'nog_niet', label: 'Nog niet' },
          ],
        },
        { type: 'choice', id: 'gedaan', label: 'Is er aangifte gedaan?', choices: JA_NEE_WEET },
      ],
    },
    {
      kind: 'summary',
      id: 'overzicht',
      title: 'Overzicht van je melding',
      source: '004',
      intro: 'Dit heb je ingevuld. Je melding is bewaard. Je vindt hem terug onder Mijn meldingen.',
      closingTitle: 'Blijft het incident je achtervolgen?',
      closing: [
        'Trek dan aan de bel bij je leidinggevende. Een zorgvuldig nazorgtraject is belangrijk.',
        'Wil je weten hoe je dit kunt voorkomen? Kies Voorkomen.',
      ],
    },
  ],
};
