import type { TestBaken } from './harness';
import { cardInvoke, type TestUser } from './teams';

type Json = Record<string, unknown>;

/** Every element of a card (body, containers, columns, action sets, show-cards), depth first. */
export function cardElements(card: unknown): Json[] {
  const found: Json[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Json;
    if (typeof element.type === 'string') found.push(element);
    for (const key of ['body', 'items', 'columns', 'actions', 'card', 'inlines']) visit(element[key]);
  };
  visit(card);
  return found;
}

/** The ids of every Input.Text in a card, found by walking it. */
export function textInputIds(card: unknown): string[] {
  return cardElements(card)
    .filter((e) => e.type === 'Input.Text' && typeof e.id === 'string')
    .map((e) => e.id as string);
}

/** What a walker types and chooses. */
export interface FillOptions {
  /** Typed into every Input.Text (cut to its maxLength; letters only when the input has a regex). */
  canary: string;
  /** Chosen in an "urgency" choice set. */
  urgency: 'acuut' | 'hoog' | 'normaal';
}

/** The values Teams would merge into the button's data: every input of the card, filled. */
export function fillInputs(card: unknown, options: FillOptions): Json {
  const values: Json = {};
  for (const e of cardElements(card)) {
    const id = typeof e.id === 'string' ? e.id : undefined;
    if (!id) continue;
    switch (e.type) {
      case 'Input.Text': {
        const max = typeof e.maxLength === 'number' ? e.maxLength : 200;
        values[id] = options.canary.slice(0, max);
        break;
      }
      case 'Input.ChoiceSet': {
        const choices = ((e.choices ?? []) as Array<{ value?: string }>).map((c) => c.value ?? '');
        if (id === 'urgency') values[id] = options.urgency;
        else if (e.isMultiSelect) values[id] = choices.join(',');
        else values[id] = choices.find((c) => c === 'ja') ?? choices[0] ?? '';
        break;
      }
      case 'Input.Date':
        values[id] = '2026-11-01';
        break;
      case 'Input.Time':
        values[id] = '10:00';
        break;
      case 'Input.Number':
        values[id] = '1';
        break;
      case 'Input.Toggle':
        values[id] = typeof e.valueOn === 'string' ? e.valueOn : 'true';
        break;
    }
  }
  return values;
}

/** Every Action.Execute on a card, with its data. */
export function executeActions(card: unknown): Array<{ verb: string; data: Json }> {
  return cardElements(card)
    .filter((e) => e.type === 'Action.Execute' && typeof e.verb === 'string')
    .map((e) => ({ verb: e.verb as string, data: (e.data ?? {}) as Json }));
}

/** What walking a flow saw. */
export interface WalkResult {
  cards: unknown[];
  textInputs: Set<string>;
  escalated: boolean;
}

/**
 * Walks a flow in the user's 1:1 chat as Teams would: starts it from the menu button, fills every input of
 * each card, and presses "escalate" when offered, else "ja" / the first answer, else "Verder".
 */
export async function walkFlow(
  t: TestBaken,
  u: TestUser,
  flowId: string,
  options: FillOptions,
  maxSteps = 60,
): Promise<WalkResult> {
  const result: WalkResult = { cards: [], textInputs: new Set(), escalated: false };
  let card = await press(t, u, { action: 'flow.start', value: flowId });
  for (let step = 0; step < maxSteps && card; step++) {
    result.cards.push(card);
    for (const id of textInputIds(card)) result.textInputs.add(id);
    const actions = executeActions(card);
    const pick =
      (!result.escalated ? actions.find((a) => a.verb === 'flow.escalate') : undefined) ??
      actions.find((a) => a.verb === 'flow.answer' && a.data.value === 'ja') ??
      actions.find((a) => a.verb === 'flow.answer') ??
      actions.find((a) => a.verb === 'flow.next');
    if (!pick) break;
    if (pick.verb === 'flow.escalate') result.escalated = true;
    card = await press(t, u, { ...pick.data, ...fillInputs(card, options) });
  }
  return result;
}

async function press(t: TestBaken, u: TestUser, data: Json): Promise<unknown> {
  const answer = await t.send(cardInvoke(t.connector.url, u, data));
  const value = (answer.body as { value?: unknown } | undefined)?.value;
  return typeof value === 'object' && value !== null ? value : undefined;
}
