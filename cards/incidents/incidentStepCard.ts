import type { OrgSettings } from '../../src/config';
import { fillOrg } from '../../src/flows/flowSummary';
import type { FormStep } from '../../src/flows/flowSchema';
import { executeAction } from '../actions';
import type { CardElement } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  noticeBlock,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import { cautionBlock } from '../flows/flowStepCard';
import { formInputs } from '../flows/formInputs';

/** Updating one step of an incident later, from "Mijn meldingen". */
export interface IncidentStepView {
  incidentId: string;
  revision: number;
  step: FormStep;
  values?: Record<string, string>;
  org: OrgSettings;
  notice?: string;
}

/** One step of an incident to update (e.g. "het platform heeft het verwijderd"), with Opslaan and Terug. */
export function incidentStepCard(view: IncidentStepView): AdaptiveCard {
  const fill = (text: string) => fillOrg(text, view.org);
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Attention'));
  body.push(...titleBlock(view.step.title, 'Melding bijwerken'));
  body.push(textBlock('Pas aan wat veranderd is. Wat je leeg laat, wordt leeg.', { isSubtle: true }));
  // The safety warning of the step (screenshot first, no sexual images, only talk when safe) counts here too.
  if (view.step.caution) body.push(cautionBlock(view.step.caution, fill));
  body.push(...formInputs(view.step.fields, view.values, fill));
  body.push(sourceFooter(view.step.source, ...(view.step.caution ? [view.step.caution.source] : [])));
  const ref = { ref: view.incidentId, step: view.revision };
  const card = adaptiveCard(body, [
    executeAction('Opslaan', { action: 'incident.save', ...ref, value: view.step.id }, { style: 'positive' }),
    executeAction('Terug', { action: 'incident.open', ...ref }),
  ]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
