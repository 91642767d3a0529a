import type * as AdaptiveCards from 'adaptivecards';

// The package entry point breaks under Node/jest; the bundled build needs no DOM for parsing and validation.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/**
 * Every problem the official Adaptive Cards object model finds in a card, at target version 1.5 (Teams'
 * maximum for bots): a declared version above 1.5, parse warnings (unknown element or action types, invalid values, unsupported versions)
 * and validation failures (duplicate ids, inputs without ids, too many actions, empty collections).
 */
export function cardProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'AdaptiveCard') {
    return ['not an AdaptiveCard object'];
  }
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const declared = (json as { version?: unknown }).version;
  if (typeof declared !== 'string' || !AC.isVersionLessOrEqual(card.version, AC.Versions.v1_5)) {
    problems.push(`card version must be at most 1.5, got ${String(declared)}`);
  }
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    problems.push(`validation ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

/** Throws with every problem listed when the card is not a valid Adaptive Card 1.5. */
export function validateCard(json: unknown): void {
  const problems = cardProblems(json);
  if (problems.length > 0) throw new Error(`Invalid Adaptive Card:\n- ${problems.join('\n- ')}`);
}
