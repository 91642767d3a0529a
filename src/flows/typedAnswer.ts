import type { QuestionStep } from './flowSchema';

/** Lower case, no punctuation around words, single spaces: how typed text is compared. */
export function normalizeTyped(text: string | undefined): string {
  return (text ?? '')
    .toLowerCase()
    .replace(/[.!?,;:'"()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The choice a typed answer means on a question card: its label ("Weet ik niet"), its value ("weet_ik_niet"), or its
 * number on the card (1 for the first button). Undefined when the text is not one of them.
 */
export function typedChoice(step: QuestionStep, text: string | undefined): string | undefined {
  const typed = normalizeTyped(text);
  if (typed === '') return undefined;
  const byNumber = /^\d{1,2}$/.test(typed) ? step.choices[Number(typed) - 1] : undefined;
  if (byNumber) return byNumber.value;
  const found = step.choices.find(
    (c) => normalizeTyped(c.label) === typed || normalizeTyped(c.value.replace(/_/g, ' ')) === typed,
  );
  return found?.value;
}
