import type { SourcedText } from '../flows/flowSchema';
import type { MeldcodeAnswer, MeldcodeDecision, MeldcodeQuestion } from './afwegingskader';

/**
 * The Meldcode line on the summary of a client flow: the staff member is in step 1 (mapping signals) and step 2
 * (consulting colleagues or the aandachtsfunctionaris) comes next. {meldcode} is the organisation's own Meldcode.
 */
export const MELDCODE_SUMMARY_LINE: SourcedText = {
  text: [
    'Meldcode: je bent bij stap 1 van 5, signalen in kaart brengen.',
    "Hierna volgt stap 2: overleg met collega's of met de aandachtsfunctionaris. Kijk ook in {meldcode}.",
  ],
  source: 'meldcode',
};

/** One question of the walk as its card asks it. */
export interface QuestionText {
  /** "Afweging 2 van 5", "Stap 3: gesprek met de cliënt". */
  heading: string;
  question: string;
  /** A short explanation under the question. */
  help?: string;
}

/** The questions of the walk (own B1 wording of the public afwegingskader). */
export const QUESTION_TEXTS: Record<MeldcodeQuestion, QuestionText> = {
  toepassing: {
    heading: 'Past de Meldcode?',
    question: 'Gaat het om huiselijk geweld, kindermishandeling of uitbuiting?',
    help: 'Bijvoorbeeld: je cliënt is minderjarig. Of de dader hoort bij de huiselijke kring van je cliënt.',
  },
  gesprek: {
    heading: 'Stap 3: gesprek met de cliënt',
    question: 'Heb je met de cliënt over je zorgen gesproken?',
    help: 'Doe dat alleen als het veilig is. Voor jou, voor je cliënt en voor anderen.',
  },
  a1: {
    heading: 'Afweging 1 van 5',
    question: 'Heb je een vermoeden van geweld, misbruik of uitbuiting? Of dreigt dat?',
  },
  a2: {
    heading: 'Afweging 2 van 5',
    question: 'Is er acute of structurele onveiligheid?',
    help: 'Acuut: iemand is nu in direct gevaar. Structureel: het gebeurt steeds weer.',
  },
  a3: {
    heading: 'Afweging 3 van 5',
    question: 'Kunnen jij en je organisatie passende hulp bieden of regelen?',
  },
  a4: {
    heading: 'Afweging 4 van 5',
    question: 'Wil je cliënt die hulp? En werken de betrokkenen mee?',
  },
  a5: {
    heading: 'Afweging 5 van 5',
    question: 'Heeft de hulp op tijd gezorgd voor veiligheid?',
    help: 'Voor je cliënt en voor iedereen om je cliënt heen.',
  },
};

/** The button titles of the answers (at most 32 characters). */
export const ANSWER_LABELS: Record<MeldcodeAnswer, string> = {
  ja: 'Ja',
  nee: 'Nee',
  buiten_kring: 'Nee, dader buiten de kring',
  andere_reden: 'Nee, om een andere reden',
  gedaan: 'Ja, gesproken',
  nog_niet: 'Nog niet',
  niet_veilig: 'Niet veilig',
};

/** The decisions, as cards and the dossier summary name them. */
export const DECISION_LABELS: Record<MeldcodeDecision, string> = {
  melden: 'Melden bij Veilig Thuis',
  hulp: 'Hulp bieden of regelen',
  afsluiten: 'Afsluiten',
  niet_van_toepassing: 'Meldcode past niet',
};

/** What each decision means, on its card before it is recorded. */
export const DECISION_TEXTS: Record<MeldcodeDecision, string[]> = {
  melden: [
    'Dit antwoord betekent: meld bij Veilig Thuis. Bel 0800-2000.',
    'Veilig Thuis weegt de volgende afwegingen samen met je.',
  ],
  hulp: [
    'Je biedt of regelt hulp. Je cliënt wil die hulp.',
    'Kies de dag waarop je kijkt of de hulp werkt. Dan kom ik terug bij afweging 5.',
  ],
  afsluiten: [
    'Je sluit af. Schrijf in het dossier waarom.',
    'Maak afspraken om de veiligheid te blijven volgen, als dat nodig is.',
  ],
  niet_van_toepassing: [
    'De Meldcode past hier niet. Er kan wel een strafbaar feit zijn.',
    'Overleg dan met {meldpunt}{meldpuntContact} of met de politie: 0900-8844.',
  ],
};

/** Labels of the decision card's inputs and button. */
export const DECISION_INPUTS = {
  meldingLabel: 'Is de melding gedaan?',
  meldingDone: 'Ja, ik heb gemeld',
  meldingPlanned: 'Nog niet, ik meld op:',
  dayLabel: 'Datum',
  checkDayLabel: 'Kijk op deze dag of de hulp werkt',
  dayMissing: 'Kies een datum.',
  record: 'Leg besluit vast',
} as const;

/** Short answers to who pressed. */
export const WALK_TEXTS = {
  notClient: 'De Meldcode hoort bij meldingen over een cliënt. Deze melding sluit je af met "Afgerond".',
  stale: 'Deze vraag is al beantwoord. Hier is waar de afweging nu staat.',
  decided: (name: string) => `Er is al een besluit vastgelegd door ${name}.`,
  recorded: 'Vastgelegd. Dit is het overzicht voor het dossier.',
  reasonLabels: {
    buiten_kring: 'volwassen cliënt, dader buiten de huiselijke kring',
    andere_reden: 'een andere reden (zie dossier)',
  },
} as const;

/** "1 dag", "5 dagen". */
function daysText(days: number): string {
  return days === 1 ? '1 dag' : `${days} dagen`;
}

/** The follow-up reminders, 1:1: the kind, how long it waits and what to do (never anything about the client). */
export const FOLLOW_UP_TEXTS = {
  title: 'Herinnering Meldcode',
  kicker: (kind: string) => `Meldcode · ${kind}`,
  besluitWaits: (days: number) =>
    `Deze melding is ${daysText(days)} geleden opgepakt. Er is nog geen besluit vastgelegd.`,
  besluitDo: 'Loop de afwegingen door en leg een besluit vast.',
  checkToday: 'Vandaag kijk je of de hulp werkt. Dat is afweging 5.',
  checkLate: (day: string, days: number) =>
    `Op ${day} zou je kijken of de hulp werkt. Dat is afweging 5. Dat staat nu ${daysText(days)} open.`,
  checkDo: 'Beantwoord afweging 5 en leg het besluit vast.',
  managers: 'Wie dit oppakte, kreeg al een herinnering. Zorg jij dat er een besluit komt?',
  open: 'Ga verder met de Meldcode',
} as const;
