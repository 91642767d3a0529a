import { FORM_TEXT_MAX_LENGTH } from './flowSchema';
import type { EscalationRefusal } from './flowRunner';
import type { FormRefusal } from './formValidation';

/** Dutch texts the flow runner shows (B1: short and clear, saying what to do next). */
export const FLOW_TEXTS = {
  resumed: 'Welkom terug. Je gaat verder waar je was.',
  versionChanged: 'Deze uitleg is aangepast sinds je begon. Je begint opnieuw bij het begin.',
  summaryResent: 'De samenvatting staat hieronder nog een keer.',
  staleCard: 'Deze kaart is verlopen. Hieronder zie je waar je nu bent.',
  useTheCard: 'Kies een antwoord op de kaart. Of typ **menu** of **stop**.',
  unknownChoice: 'Dat antwoord ken ik niet. Kies een van de knoppen op de kaart.',
  badClientCode:
    'Gebruik een korte code met minstens één cijfer, zoals K7: letters, cijfers of een streepje, zonder spaties, maximaal 12 tekens. Noem nooit een naam.',
  noteTooLong: (max: number) => `Je notitie is te lang. Houd het kort: maximaal ${max} tekens.`,
  alreadyEscalated: 'Je team weet dit al. Je hoort het als iemand het oppakt.',
  escalationUnavailable: 'Je team inlichten kan nu nog niet. Neem direct contact op met je leidinggevende.',
  /** Why the escalation port could not escalate, keyed by its reason. */
  escalationRefused: {
    no_person: 'Dat lukte nu niet. Probeer het zo opnieuw.',
    choose_team:
      'Kies eerst voor welk team dit is (zie het bericht hieronder). Druk daarna nog een keer op de knop.',
  } satisfies Record<EscalationRefusal, string>,
  /** A flow with a record could not write an answered step (flows that refuse there give their own line). */
  stepNotSaved: 'Dat lukte nu niet. Er is niets bewaard. Probeer het zo opnieuw.',
} as const;

/** The Dutch line for a form answer that did not pass its check. */
export function formRefusalText(refusal: FormRefusal): string {
  switch (refusal.reason) {
    case 'unknown_field':
      return 'Dat antwoord ken ik niet. Gebruik de kaart.';
    case 'required':
      return `Vul dit nog in: ${refusal.label}`;
    case 'unknown_choice':
      return 'Dat antwoord ken ik niet. Kies een van de keuzes op de kaart.';
    case 'bad_date':
      return `Kies een datum die niet in de toekomst ligt: ${refusal.label}`;
    case 'too_long':
      return `Dit is te lang. Houd het kort: maximaal ${FORM_TEXT_MAX_LENGTH} tekens.`;
  }
}
