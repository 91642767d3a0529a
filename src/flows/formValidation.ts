import { FORM_TEXT_MAX_LENGTH, type FormStep } from './flowSchema';

/** The outcome of checking submitted form fields: the clean values, or a short Dutch message. */
export type FormCheck = { ok: true; fields: Record<string, string> } | { ok: false; message: string };

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
    if (!known.has(id)) return { ok: false, message: 'Dat antwoord ken ik niet. Gebruik de kaart.' };
  }
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + 1);
  for (const field of step.fields) {
    const value = (submitted?.[field.id] ?? '').trim();
    if (value === '') {
      if (field.required) return { ok: false, message: `Vul dit nog in: ${field.label}` };
      continue;
    }
    if (field.type === 'choice' && !field.choices.some((c) => c.value === value)) {
      return { ok: false, message: 'Dat antwoord ken ik niet. Kies een van de keuzes op de kaart.' };
    }
    if (field.type === 'date' && (!isDate(value) || new Date(`${value}T00:00:00Z`) > latest)) {
      return { ok: false, message: `Kies een datum die niet in de toekomst ligt: ${field.label}` };
    }
    if (field.type === 'text' && value.length > FORM_TEXT_MAX_LENGTH) {
      return {
        ok: false,
        message: `Dit is te lang. Houd het kort: maximaal ${FORM_TEXT_MAX_LENGTH} tekens.`,
      };
    }
    fields[field.id] = value;
  }
  return { ok: true, fields };
}
