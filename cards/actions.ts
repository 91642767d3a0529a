import { z } from 'zod';
import type { ActionVerb } from '../src/bot/verbCatalog';
import { isWellFormed } from '../src/unicode';

/** A card verb (one a feature registers). */
export type { ActionVerb };

/**
 * Every card button is an Action.Execute whose data says what to do and on which object and step.
 * Handlers zod-parse this data (never trust it) and treat a card from an older step as stale.
 */

/** Card verbs are `feature.verb`; which verbs exist is the features' registrations' business (src/bot/router.ts). */
const verbSchema = z
  .string()
  .max(60)
  .regex(/^[a-z]+\.[A-Za-z]+$/);

// Ids end up in blob names and URLs: a lone surrogate there is a URIError, so they must be well-formed Unicode.
const shortId = z.string().min(1).max(80).refine(isWellFormed, 'must be well-formed Unicode');

/**
 * The shape of the data carried by a card button, merged with the card's inputs by Teams. The router accepts it
 * only when a feature registered its verb (src/bot/router.ts parse).
 */
export const cardActionSchema = z.object({
  action: verbSchema,
  /** The flow run, escalation or record the button belongs to. */
  ref: shortId.optional(),
  /** The step index the card showed (flows) or the record revision (records). */
  step: z.number().int().min(0).max(10_000).optional(),
  /** The flow or record version the card was made for. */
  version: z.number().int().min(0).max(10_000).optional(),
  /** The chosen answer, flow id, team id or urgency. */
  value: z.string().max(200).refine(isWellFormed, 'must be well-formed Unicode').optional(),
  /** The answer on a card that asks "are you sure?" before something that cannot be undone. */
  confirmed: z.enum(['ja', 'nee']).optional(),
  /** Input: a short note. */
  note: z.string().max(2000).optional(),
  /** Input: a short client code. */
  clientCode: z.string().max(200).optional(),
  /** Input: ticked checklist items, comma separated (Input.ChoiceSet isMultiSelect). */
  ticked: z.string().max(4000).optional(),
  /** Input: urgency chosen on an escalation offer. */
  urgency: z.string().max(40).optional(),
  /** Inputs of a form step (ids prefixed FORM_FIELD_PREFIX on the card), gathered by gatherFormFields. */
  fields: z.record(z.string().regex(/^[a-z0-9_]{1,40}$/), z.string().max(2000)).optional(),
});
/** Parsed card action data. */
export type CardAction = z.infer<typeof cardActionSchema>;

/** Form inputs are named `f_<fieldId>` so they cannot collide with the action's own keys. */
export const FORM_FIELD_PREFIX = 'f_';

/** Moves form inputs (`f_<fieldId>` keys, as Teams merges them into the data) into `fields`, before parsing. */
export function gatherFormFields(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const rest: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.startsWith(FORM_FIELD_PREFIX)) fields[key.slice(FORM_FIELD_PREFIX.length)] = value;
    else rest[key] = value;
  }
  if (Object.keys(fields).length > 0) rest.fields = fields;
  else delete rest.fields;
  return rest;
}

/** Card data (with its form inputs) parsed into a card action when its shape is right; whether a feature registered its verb is the router's check. */
export function parseCardAction(data: unknown): CardAction | undefined {
  const parsed = cardActionSchema.safeParse(gatherFormFields(data));
  return parsed.success ? parsed.data : undefined;
}

/** Data a card puts on a button (inputs are added by Teams on submit): the verb is one a feature registers. */
export type ActionData = Pick<CardAction, 'ref' | 'step' | 'version' | 'value' | 'confirmed'> & {
  action: ActionVerb;
};

// Card JSON is typed in cards/cardElements.ts (imported here, not at the top, to keep this edit in one place).
import type { ExecuteAction } from './cardElements';
/** An Adaptive Card element (typed in cards/cardElements.ts; actions are its `AdaptiveAction`). */
export type { CardElement } from './cardElements';

/** An Action.Execute button with the given Dutch title and data. */
export function executeAction(
  title: string,
  data: ActionData,
  options: { style?: 'positive' | 'destructive'; id?: string } = {},
): ExecuteAction {
  const action: ExecuteAction = { type: 'Action.Execute', title, verb: data.action, data };
  if (options.style) action.style = options.style;
  if (options.id) action.id = options.id;
  return action;
}
