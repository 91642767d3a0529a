import type { Flow, FlowId } from './flowSchema';
import { normalizeTyped } from './typedAnswer';

/**
 * Words that mean someone may be in danger now: the answer puts 112 first. Single words match as stems too
 * ("suïcid" in "suïcidaal"); phrases only as whole words. A false alarm costs a line, a missed one much more.
 */
const ACUTE = [
  'direct gevaar',
  'nu gevaar',
  'in gevaar',
  'levensgevaar',
  'acuut',
  'spoed',
  'zelfmoord',
  'zelfdoding',
  'suïcid',
  'suicid',
  'dood maken',
  'vermoorden',
  'ontvoerd',
  'verkracht',
  'mishandeld',
];

/** The most flows a free-text answer offers. */
const MAX_SUGGESTIONS = 3;

/** What free text outside a question asks for: the flows that fit (best first), and whether it sounds acute. */
export interface Routing {
  flowIds: FlowId[];
  acute: boolean;
}

/** True when the text holds the phrase as whole words, or a single word of six letters or more as a stem. */
function holds(text: string, phrase: string): boolean {
  const p = normalizeTyped(phrase);
  if (` ${text} `.includes(` ${p} `)) return true;
  return !p.includes(' ') && p.length >= 6 && ` ${text}`.includes(` ${p}`);
}

/**
 * Matches free text against the words each flow declares in its data; every word found scores one, a phrase of
 * two words or more two. The flows with a score, best first (ties in menu order), at most three.
 */
export function routeFreeText(text: string | undefined, flows: readonly Flow[]): Routing {
  const typed = normalizeTyped(text);
  const scored = flows
    .map((flow, order) => ({
      id: flow.id,
      order,
      score: flow.keywords.reduce((sum, k) => sum + (holds(typed, k) ? (k.includes(' ') ? 2 : 1) : 0), 0),
    }))
    .filter((f) => f.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return {
    flowIds: scored.slice(0, MAX_SUGGESTIONS).map((f) => f.id),
    acute: ACUTE.some((word) => holds(typed, word)),
  };
}
