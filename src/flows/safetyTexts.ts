import type { OrgSettings } from '../config';
import { NOTE_MAX_LENGTH, type SourcedText } from './flowSchema';
import { fillOrg } from './flowSummary';

/**
 * The title of every button that tells the team (never "Meld nu": a message to the team is not a melding at
 * Veilig Thuis or the police).
 */
export const ESCALATE_TO_TEAM = 'Meld bij het team';

/** The button that posts a finished run's summary again at the bottom of the chat (it tells nobody). */
export const RESEND_SUMMARY = 'Zet samenvatting onderaan';

/** Said on every card that confirms a client escalation: the team knows, nobody outside it does yet. */
export const NOT_YET_A_MELDING = 'Dit is nog geen melding bij Veilig Thuis of de politie.';

/** Veilig Thuis advice, offered beside the meldpunt when signals were recognised (public facts). */
export const VEILIG_THUIS_ADVICE: SourcedText = {
  text: [
    'Twijfel je wat je moet doen? Vraag advies aan Veilig Thuis: bel 0800-2000.',
    'Dat kan ook anoniem. Veilig Thuis geeft ook advies aan professionals, zoals jij.',
  ],
  source: 'publiek',
};

/** Where to go for help: public numbers that PRODUCT.md allows (police, Veilig Thuis, Helpwanted). */
export const HELP_LINES = [
  'Direct gevaar? Bel **112**.',
  'Politie, geen spoed: **0900-8844**.',
  'Veilig Thuis, voor advies of een melding: **0800-2000**.',
  'Beelden online laten verwijderen: **Helpwanted** (helpwanted.nl).',
] as const;

const IMAGE_LINES = [
  'Je stuurde een afbeelding. Ik heb die **niet opgeslagen en niet doorgestuurd**.',
  'Verwijder de afbeelding uit deze chat, alsjeblieft.',
  'Seksuele beelden van minderjarigen mag alleen de politie bekijken en bewaren. Bekijk ze niet, bewaar ze niet en stuur ze niet door. Ook niet naar een collega.',
  'Schrijf in plaats daarvan op wat je weet: bijnamen, telefoonnummers en accountnamen.',
];

/** Sent when someone sends an image in a client flow: it was not kept, what to note instead, where to go. */
export const IMAGE_IN_CLIENT_FLOW = [...IMAGE_LINES, ...HELP_LINES.map((line) => `- ${line}`)].join('\n\n');

/** The same message, also naming the organisation's meldpunt. */
export function imageRefusedText(org: OrgSettings): string {
  return [
    ...IMAGE_LINES,
    fillOrg('Bespreek het met {meldpunt}{meldpuntContact}.', org),
    ...HELP_LINES.map((line) => `- ${line}`),
  ].join('\n\n');
}

/** The warning shown with every free-text field. */
export const FREE_TEXT_WARNING = `Schrijf geen namen. Houd het kort: maximaal ${NOTE_MAX_LENGTH} tekens.`;

/** Placeholder of a note field: no names, short. */
export const NOTE_PLACEHOLDER = `Kort, zonder namen (maximaal ${NOTE_MAX_LENGTH} tekens)`;

/** Label of the optional client-code field. */
export const CLIENT_CODE_LABEL = 'Code voor je cliënt (geen naam)';

/** Placeholder of the client-code field. */
export const CLIENT_CODE_PLACEHOLDER = 'Bijvoorbeeld K7 (mag leeg blijven)';

/** Shown when a client code breaks the rule (letters, digits or a dash, no spaces). */
export const CLIENT_CODE_ERROR = 'Een korte code met minstens één cijfer, zoals K7. Geen naam.';
