import { SOURCE_LABELS, type SourceId } from '../src/flows/flowSchema';
import type {
  AdaptiveAction,
  AdaptiveCard,
  CardElement,
  Container,
  FactSet,
  RichTextBlock,
  TextBlock,
  TextRun,
} from './cardElements';

/** An Adaptive Card (schema 1.5) as plain JSON; defined with the element types in cards/cardElements.ts. */
export type { AdaptiveCard } from './cardElements';

/** A text block's properties other than its type and text. */
export type TextBlockOptions = Omit<TextBlock, 'type' | 'text'>;

/** Neutral preview text: notifications and lock screens never show a detail. */
export const NEUTRAL_PREVIEW = 'Baken: nieuwe melding';

/** Wraps body and actions in the card envelope. */
export function adaptiveCard(body: CardElement[], actions: AdaptiveAction[] = []): AdaptiveCard {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
  };
  if (actions.length > 0) card.actions = actions;
  return card;
}

/** A wrapping text block. */
export function textBlock(text: string, options: TextBlockOptions = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

/** The card's title line, with an optional small line above it (e.g. the flow name or progress). */
export function titleBlock(title: string, kicker?: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  if (kicker) blocks.push(textBlock(kicker, { size: 'Small', isSubtle: true, spacing: 'None' }));
  blocks.push(textBlock(title, { size: 'Large', weight: 'Bolder', style: 'heading' }));
  return blocks;
}

/** A bulleted list as one text block (Markdown list), readable on a phone. */
export function bulletList(items: string[]): TextBlock {
  return textBlock(items.map((i) => `- ${i}`).join('\r'), { spacing: 'Small' });
}

/**
 * A highlighted notice at the top of a card (stale card, refusal, confirmation). The tone colours the container;
 * the text keeps the default colour, because Teams' warning, good and attention text colours on those
 * backgrounds are too faint to read (1.2:1 to 3.6:1).
 */
export function noticeBlock(text: string, color: 'Attention' | 'Good' | 'Warning' = 'Warning'): Container {
  return {
    type: 'Container',
    style: color === 'Good' ? 'good' : color === 'Attention' ? 'attention' : 'warning',
    items: [textBlock(text, { weight: 'Bolder' })],
  };
}

/** "Bron: …" in small subtle text, naming where a card's content comes from. */
export function sourceFooter(...sources: SourceId[]): TextBlock {
  const names = [...new Set(sources)].map((s) => SOURCE_LABELS[s]).join('; ');
  return textBlock(`Bron: ${names}`, { size: 'Small', isSubtle: true, separator: true, spacing: 'Medium' });
}

/** Facts as label–value lines (a FactSet stays readable at 360 px). */
export function factSet(facts: Array<[string, string]>): FactSet {
  return { type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value })) };
}

/** Text the user typed (a note, a client code): a RichTextBlock, so Markdown in it is shown as-is, never rendered. */
export function plainText(text: string, options: { label?: string; isSubtle?: boolean } = {}): RichTextBlock {
  const inlines: TextRun[] = [];
  if (options.label) inlines.push({ type: 'TextRun', text: `${options.label} `, weight: 'Bolder' });
  inlines.push({
    type: 'TextRun',
    text,
    ...(options.isSubtle ? ({ isSubtle: true } satisfies Partial<TextRun>) : {}),
  });
  return { type: 'RichTextBlock', inlines };
}
