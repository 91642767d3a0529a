import { FORM_TEXT_MAX_LENGTH, type FormField } from '../../src/flows/flowSchema';
import { FORM_FIELD_PREFIX } from '../actions';
import type { InputChoiceSet, InputDate, InputText } from '../cardElements';

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
): InputChoiceSet | InputDate | InputText {
  const label = field.required ? fill(field.label) : `${fill(field.label)} (niet verplicht)`;
  // The key order of the JSON: id, label, isRequired and errorMessage, then the input's own keys, then value.
  // A conditional spread escapes excess-property checks, so each spread part is typed on its own.
  const base: Pick<InputText, 'id' | 'label' | 'isRequired' | 'errorMessage'> = {
    id: formInputId(field.id),
    label,
    isRequired: field.required,
    ...(field.required
      ? ({ errorMessage: 'Vul dit in, of kies Sla over.' } satisfies Partial<InputText>)
      : {}),
  };
  const prefill: Pick<InputText, 'value'> = value ? { value } : {};
  if (field.type === 'choice') {
    const compact = field.choices.length > 4;
    return {
      ...base,
      type: 'Input.ChoiceSet',
      style: compact ? 'compact' : 'expanded',
      wrap: true,
      choices: field.choices.map((c) => ({ title: c.label, value: c.value })),
      ...(compact ? ({ placeholder: 'Kies' } satisfies Partial<InputChoiceSet>) : {}),
      ...prefill,
    };
  }
  if (field.type === 'date') {
    // Where a client shows the date input as text, the reader sees the Dutch order to type it in.
    return { ...base, type: 'Input.Date', placeholder: DATE_PLACEHOLDER, ...prefill };
  }
  return {
    ...base,
    type: 'Input.Text',
    maxLength: FORM_TEXT_MAX_LENGTH,
    placeholder: field.placeholder
      ? fill(field.placeholder)
      : `Kort (maximaal ${FORM_TEXT_MAX_LENGTH} tekens)`,
    ...prefill,
  };
}

/** The inputs of a form step, in order, prefilled with earlier values. */
export function formInputs(
  fields: FormField[],
  values: Record<string, string> | undefined,
  fill: (text: string) => string = (t) => t,
): Array<InputChoiceSet | InputDate | InputText> {
  return fields.map((field) => fieldInput(field, values?.[field.id], fill));
}
