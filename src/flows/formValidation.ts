import { ok, refused, type Ok, type Refused } from '../platform/outcome';
import { FORM_TEXT_MAX_LENGTH, type FormStep } from './flowSchema';

/** Why submitted form fields were refused; `label` names the field (the caller words it, see `formRefusalText`). */
export type FormRefusal =
  | Refused<'unknown_field' | 'unknown_choice' | 'too_long'>
  | Refused<'required' | 'bad_date', { label: string }>;

/** The outcome of checking submitted form fields: the clean values, or why not. */
export type FormCheck = Ok<{ fields: Record<string, string> }> | FormRefusal;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Checks what a form card sent: only the step's own fields, known choices, short texts and real dates not
 * after `today` (YYYY-MM-DD; one day of slack for time zones). Empty values are left out.
 */
export function checkFormFields(
  step: FormStep,
  submitted: Record<string, string> | undefined,
  today: string,
): FormCheck {
  const fields: Record<string, string> = {};
  const known = new Map(step.fields.map((f) => [f.id, f]));
  for (const id of Object.keys(submitted ?? {})) {
    if (!known.has(id)) return refused('unknown_field');
  }
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + 1);
  for (const field of step.fields) {
    const value = (submitted?.[field.id] ?? '').trim();
    if (value === '') {
      if (field.required) return refused('required', { label: field.label });
      continue;
    }
    if (field.type === 'choice' && !field.choices.some((c) => c.value === value)) {
      return refused('unknown_choice');
    }
    if (field.type === 'date' && (!isDate(value) || new Date(`${value}T00:00:00Z`) > latest)) {
      return refused('bad_date', { label: field.label });
    }
    if (field.type === 'text' && value.length > FORM_TEXT_MAX_LENGTH) {
      return refused('too_long');
    }
    fields[field.id] = value;
  }
  return ok({ fields });
}
