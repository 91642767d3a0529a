import { FORM_TEXT_MAX_LENGTH, type FormField } from '../src/flows/flowSchema';
import { FORM_FIELD_PREFIX, type CardElement } from './actions';

/** The placeholder of every date input: the Dutch order of day, month and year. */
export const DATE_PLACEHOLDER = 'dd-mm-jjjj';

/** The input id of a form field on a card. */
export function formInputId(fieldId: string): string {
  return `${FORM_FIELD_PREFIX}${fieldId}`;
}

/** One form field as an Adaptive Card input, prefilled with an earlier value. */
function fieldInput(
  field: FormField,
  value: string | undefined,
  fill: (text: string) => string,
): CardElement {
  const label = field.required ? fill(field.label) : `${fill(field.label)} (niet verplicht)`;
  const input: CardElement = { id: formInputId(field.id), label, isRequired: field.required };
  if (field.required) input.errorMessage = 'Vul dit in, of kies Sla over.';
  if (field.type === 'choice') {
    Object.assign(input, {
      type: 'Input.ChoiceSet',
      style: field.choices.length > 4 ? 'compact' : 'expanded',
      wrap: true,
      choices: field.choices.map((c) => ({ title: c.label, value: c.value })),
    });
    if (field.choices.length > 4) input.placeholder = 'Kies';
  } else if (field.type === 'date') {
    // Where a client shows the date input as text, the reader sees the Dutch order to type it in.
    Object.assign(input, { type: 'Input.Date', placeholder: DATE_PLACEHOLDER });
  } else {
    Object.assign(input, {
      type: 'Input.Text',
      maxLength: FORM_TEXT_MAX_LENGTH,
      placeholder: field.placeholder
        ? fill(field.placeholder)
        : `Kort (maximaal ${FORM_TEXT_MAX_LENGTH} tekens)`,
    });
  }
  if (value) input.value = value;
  return input;
}

/** The inputs of a form step, in order, prefilled with earlier values. */
export function formInputs(
  fields: FormField[],
  values: Record<string, string> | undefined,
  fill: (text: string) => string = (t) => t,
): CardElement[] {
  return fields.map((field) => fieldInput(field, values?.[field.id], fill));
}
