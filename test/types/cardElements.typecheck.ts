/**
 * Type-level test of cards/cardElements.ts, checked by `npx tsc --noEmit` (tsconfig includes test/), not run by
 * jest. Each `@ts-expect-error` line must fail to compile: if a typo or a wrong enum value ever type-checks,
 * the directive is unused and tsc fails.
 */
import { executeAction } from '../../cards/actions';
import type { AdaptiveAction, AdaptiveCard, CardElement } from '../../cards/cardElements';
import { textBlock } from '../../cards/cardShell';

/** Card JSON as the cards build it: compiles. */
export const accepted = {
  element: {
    type: 'TextBlock',
    text: 'x',
    wrap: true,
    size: 'Small',
    weight: 'Bolder',
  } satisfies CardElement,
  container: { type: 'Container', style: 'attention', items: [textBlock('x')] } satisfies CardElement,
  input: {
    type: 'Input.ChoiceSet',
    id: 'urgency',
    style: 'expanded',
    choices: [{ title: 'Normaal', value: 'normaal' }],
  } satisfies CardElement,
  action: {
    type: 'Action.ShowCard',
    title: 'Meer',
    card: { type: 'AdaptiveCard', body: [textBlock('x')] },
  } satisfies AdaptiveAction,
  card: {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [textBlock('x')],
    actions: [executeAction('Menu', { action: 'menu.open' })],
  } satisfies AdaptiveCard,
};

/** Typos and wrong values: none of these may compile. */
export const rejected = [
  // @ts-expect-error A misspelt property ("wrpa") is not a TextBlock property.
  { type: 'TextBlock', text: 'x', wrpa: true } satisfies CardElement,
  // @ts-expect-error "Huge" is not a text size.
  { type: 'TextBlock', text: 'x', size: 'Huge' } satisfies CardElement,
  // @ts-expect-error Container styles are lower case ("good"), unlike text colours ("Good").
  { type: 'Container', style: 'Good', items: [] } satisfies CardElement,
  // @ts-expect-error "radio" is not a ChoiceSet style.
  { type: 'Input.ChoiceSet', id: 'x', style: 'radio', choices: [] } satisfies CardElement,
  // @ts-expect-error An unknown element type.
  { type: 'TextBlok', text: 'x' } satisfies CardElement,
  // @ts-expect-error An input needs an id.
  { type: 'Input.Text', label: 'x' } satisfies CardElement,
  // @ts-expect-error "primary" is an action mode, not a style.
  { type: 'Action.Execute', title: 'x', style: 'primary' } satisfies AdaptiveAction,
  // @ts-expect-error A button is not a body element.
  { type: 'Action.Execute', title: 'x' } satisfies CardElement,
  {
    type: 'Action.ShowCard',
    card: {
      type: 'AdaptiveCard',
      // @ts-expect-error A typo in a card unfolded by Action.ShowCard.
      body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }],
    },
  } satisfies AdaptiveAction,
  // @ts-expect-error Teams' bots take cards up to version 1.5.
  { type: 'AdaptiveCard', $schema: '', version: '1.6', body: [] } satisfies AdaptiveCard,
  // @ts-expect-error The options of textBlock() are TextBlock properties.
  textBlock('x', { wrpa: true }),
  // @ts-expect-error The options of textBlock() take the TextBlock enums.
  textBlock('x', { spacing: 'Tiny' }),
];
