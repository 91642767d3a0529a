import { FLOWS } from '../../src/flows';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import type { FlowId } from '../../src/flows/flowSchema';
import { buttonsOf, cardText, walkCard } from './cardWalk';
import type { TestStorage } from './harness';
import type { Shown } from './transcript';
import { Transcript } from './transcript';
import { validateCard } from './validateCard';

/** The guidance flows of PRODUCT.md items 2–5 and 7, in menu order (the harassment flow has its own tests). */
export const GUIDANCE_FLOWS: FlowId[] = ['grooming', 'verliefd', 'uitbuiting', 'gesprekstips', 'voorkomen'];

/** A node of card JSON. */
type Json = Record<string, unknown>;

/**
 * A Transcript that validates every card the bot shows (the card that replaced the pressed one and every card
 * posted as a new message) with the official Adaptive Cards parser, and keeps them all for content checks.
 */
export class CheckedTranscript extends Transcript {
  /** Every card shown so far, in order. */
  readonly seen: Json[] = [];
  /** Every plain text posted so far, in order. */
  readonly texts: string[] = [];

  override async say(text: string): Promise<Shown> {
    return this.check(await super.say(text));
  }

  override async invoke(data: Record<string, unknown>): Promise<Shown> {
    return this.check(await super.invoke(data));
  }

  override async send(activity: Parameters<Transcript['send']>[0]): Promise<Shown> {
    return this.check(await super.send(activity));
  }

  private check(shown: Shown): Shown {
    const cards = [...shown.postedCards];
    if (shown.card && !cards.includes(shown.card)) cards.push(shown.card);
    for (const card of cards) {
      try {
        validateCard(card);
      } catch (err) {
        throw new Error(`${(err as Error).message}\nin card:\n${cardText(card).slice(0, 400)}`);
      }
      this.seen.push(card);
    }
    this.texts.push(...shown.texts);
    return shown;
  }
}

/** The step index a run's card was made for (every run button carries it). */
export function stepOf(card: unknown): number {
  const withStep = buttonsOf(card).find(
    (b) => typeof b.data.ref === 'string' && typeof b.data.step === 'number',
  );
  if (!withStep) throw new Error(`not a flow card: ${cardText(card).slice(0, 200)}`);
  return withStep.data.step as number;
}

/** The run id a card belongs to. */
export function runOf(card: unknown): string {
  const withRef = buttonsOf(card).find((b) => typeof b.data.ref === 'string');
  if (!withRef) throw new Error(`not a flow card: ${cardText(card).slice(0, 200)}`);
  return withRef.data.ref as string;
}

/** True for a flow's summary card (the last card, which can be sent again). */
export function isSummary(card: unknown): boolean {
  return buttonsOf(card).some((b) => b.data.action === 'flow.resend');
}

/** The answer buttons of a question card, by title. */
export function answerTitles(card: unknown): string[] {
  return buttonsOf(card)
    .filter((b) => b.data.action === 'flow.answer')
    .map((b) => b.title);
}

/** The choices (title and value) of the checklist on a card, or [] when it has none. */
export function checklistChoices(card: unknown): Array<{ title: string; value: string }> {
  const choices: Array<{ title: string; value: string }> = [];
  walkCard(card, (n) => {
    if (n.type === 'Input.ChoiceSet' && n.id === 'ticked' && Array.isArray(n.choices)) {
      choices.push(...(n.choices as Array<{ title: string; value: string }>));
    }
  });
  return choices;
}

/** The value an input of the card is prefilled with. */
export function inputValue(card: unknown, id: string): unknown {
  let value: unknown;
  walkCard(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) value = n.value;
  });
  return value;
}

/** How a walk answers: the answer title for a question card, the ticked values of a checklist, a note. */
export interface WalkChoices {
  /** Title of the answer to press on a question card; default: the first answer. */
  answer?(card: Json, titles: string[]): string;
  /** Values to tick on a checklist card; default: nothing. */
  tick?(card: Json, values: string[]): string[];
  /** A note to send with the step, if the card has a note field. */
  note?(card: Json): string | undefined;
}

/**
 * Moves one step forward the way a user would: presses the chosen answer of a question card, or "Verder"
 * on any other card (with ticks and a note when asked). Uses the card last shown unless given another.
 */
export async function forward(t: Transcript, choices: WalkChoices = {}, card = t.card): Promise<Shown> {
  if (!card) throw new Error('no card shown');
  const inputs: Record<string, string> = {};
  const note = hasInput(card, 'note') ? choices.note?.(card) : undefined;
  if (note !== undefined) inputs.note = note;
  const answers = answerTitles(card);
  if (answers.length > 0) {
    const title = choices.answer?.(card, answers) ?? answers[0];
    if (!title) throw new Error('no answer');
    return t.press(title, inputs, card);
  }
  const items = checklistChoices(card).map((c) => c.value);
  if (items.length > 0) inputs.ticked = (choices.tick?.(card, items) ?? []).join(',');
  return t.press('Verder', inputs, card);
}

/** Walks forward until the summary card, checking every step moves exactly one index on. */
export async function walkToSummary(t: Transcript, choices: WalkChoices = {}, guard = 40): Promise<Json[]> {
  const cards: Json[] = [];
  for (let i = 0; t.card && !isSummary(t.card); i++) {
    if (i > guard) throw new Error('no summary reached');
    const before = stepOf(t.card);
    cards.push(t.card);
    await forward(t, choices);
    if (stepOf(t.card) !== before + 1) {
      throw new Error(
        `expected step ${before + 1}, got ${stepOf(t.card)}: ${cardText(t.card).slice(0, 300)}`,
      );
    }
  }
  if (t.card) cards.push(t.card);
  return cards;
}

/** Walks forward until the card is at the given step index. */
export async function walkToStep(t: Transcript, index: number, choices: WalkChoices = {}): Promise<void> {
  while (t.card && stepOf(t.card) < index) await forward(t, choices);
  if (!t.card || stepOf(t.card) !== index) throw new Error(`could not reach step ${index}`);
}

/** Whether the card has an input with this id. */
export function hasInput(card: unknown, id: string): boolean {
  let found = false;
  walkCard(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) found = true;
  });
  return found;
}

/** The storage key of the Transcript's conversation state, as botbuilder's ConversationState makes it. */
export function conversationStateKey(t: Transcript): string {
  // The adapter's template (channel and conversation) overrides every activity the Transcript sends.
  const { channelId, conversation } = t.adapter.template;
  return `${channelId}/conversations/${conversation?.id}/`;
}

/** The blob name under which BotStateStorage keeps the conversation state (in the `<prefix>-state` container). */
export function conversationStateBlob(t: Transcript): string {
  return `${encodeURIComponent(conversationStateKey(t))}.json`;
}

/** The conversation state document as stored (what a restarted Baken reads). */
export async function storedState(t: Transcript): Promise<Json> {
  const key = conversationStateKey(t);
  const items = await new BotStateStorage(t.storage.state).read([key]);
  const state = { ...((items[key] ?? {}) as Json) };
  delete state.eTag;
  return state;
}

/** The stored run of one flow, as a restarted Baken would read it. */
export async function storedRun(t: Transcript, flowId: string): Promise<Json | undefined> {
  const state = await storedState(t);
  const runs = (state.flowRuns as { runs?: Record<string, Json> } | undefined)?.runs ?? {};
  return runs[flowId];
}

/** Notes at every card with a note field ("notitie bij stap N"), every checklist item ticked, the first answer. */
export const fullWalk: WalkChoices = {
  answer: (_card, titles) => titles[0] ?? '',
  tick: (_card, values) => values,
  note: (card) => `notitie bij stap ${stepOf(card)}`,
};

/** Opens the menu in a new 1:1 chat and starts the flow with its menu button. */
export async function startFromMenu(azurite: TestStorage, flowId: FlowId): Promise<CheckedTranscript> {
  const t = await new CheckedTranscript(azurite).start();
  const menu = await t.say('menu');
  if (!cardText(menu.card).includes('Wat wil je doen?')) throw new Error('no menu');
  await t.press(FLOWS[flowId].title);
  if (stepOf(t.card) !== 0) throw new Error(`${flowId} did not start at its first step`);
  return t;
}

/** The index of the first step after the first where the user gives input (an answer, ticks or a note). */
export function firstInputStep(flowId: FlowId): number {
  const index = FLOWS[flowId].steps.findIndex(
    (s, i) =>
      i > 0 &&
      (s.kind === 'question' || s.kind === 'checklist' || (s.kind === 'info' && s.noteLabel !== undefined)),
  );
  return index > 0 ? index : 1;
}

/** The index of the first step with a note field, or -1. */
export function firstNoteStep(flowId: FlowId): number {
  return FLOWS[flowId].steps.findIndex(
    (s) => (s.kind === 'question' && s.allowNote) || (s.kind === 'info' && s.noteLabel !== undefined),
  );
}

/**
 * Walks a flow from the menu to its summary, answering each question by choice value (default "nee", else the
 * first answer); returns every card seen and the summary's text.
 */
export async function walkByValue(
  azurite: TestStorage,
  flowId: FlowId,
  answers: Record<string, string> = {},
) {
  const flow = FLOWS[flowId];
  const t = await new CheckedTranscript(azurite).start();
  await t.say('menu');
  await t.press(flow.title);
  const cards = await walkToSummary(t, {
    answer: (card, titles) => {
      const step = flow.steps[stepOf(card)];
      const value = answers[step?.id ?? ''] ?? 'nee';
      const choice = step?.kind === 'question' ? step.choices.find((c) => c.value === value) : undefined;
      return choice?.label ?? titles[0] ?? '';
    },
  });
  return { t, cards, summary: cardText(t.card) };
}

/** The text of the first card with a line that is exactly the title. */
export function cardTitled(cards: unknown[], title: string): string {
  const found = cards.map((c) => cardText(c)).find((text) => text.split('\n').some((line) => line === title));
  if (!found) throw new Error(`no card titled ${title}`);
  return found;
}
