import type { SourcedText } from '../flows/flowSchema';

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
