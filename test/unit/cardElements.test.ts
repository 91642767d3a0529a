// The literal unions of cards/cardElements.ts against the official parser: every value our types allow must parse.
import type {
  ActionStyle,
  AdaptiveAction,
  AdaptiveCard,
  CardElement,
  ContainerStyle,
  FontType,
  HorizontalAlignment,
  InputChoiceSet,
  InputText,
  Spacing,
  TextColor,
  TextSize,
  TextWeight,
  VerticalContentAlignment,
} from '../../cards/cardElements';
import { cardProblems } from '../support/validateCard';

// Each enum of cards/cardElements.ts, complete: a Record over the union fails tsc when a value is missing or extra.
const keys = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[];
const SPACINGS = keys<Spacing>({
  None: true,
  Small: true,
  Default: true,
  Medium: true,
  Large: true,
  ExtraLarge: true,
  Padding: true,
});
const SIZES = keys<TextSize>({ Small: true, Default: true, Medium: true, Large: true, ExtraLarge: true });
const WEIGHTS = keys<TextWeight>({ Lighter: true, Default: true, Bolder: true });
const COLORS = keys<TextColor>({
  Default: true,
  Dark: true,
  Light: true,
  Accent: true,
  Good: true,
  Warning: true,
  Attention: true,
});
const FONTS = keys<FontType>({ Default: true, Monospace: true });
const ALIGNMENTS = keys<HorizontalAlignment>({ Left: true, Center: true, Right: true });
const VERTICAL = keys<VerticalContentAlignment>({ Top: true, Center: true, Bottom: true });
const CONTAINER_STYLES = keys<ContainerStyle>({
  default: true,
  emphasis: true,
  good: true,
  attention: true,
  warning: true,
  accent: true,
});
const ACTION_STYLES = keys<ActionStyle>({ default: true, positive: true, destructive: true });

const card = (body: CardElement[], actions: AdaptiveAction[] = []): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  actions,
});

describe('cards/cardElements.ts agrees with the official adaptivecards parser', () => {
  it('accepts every text enum value our types allow', () => {
    const body: CardElement[] = [
      ...SPACINGS.map((spacing): CardElement => ({ type: 'TextBlock', text: 'x', spacing })),
      ...SIZES.map((size): CardElement => ({ type: 'TextBlock', text: 'x', size })),
      ...WEIGHTS.map((weight): CardElement => ({ type: 'TextBlock', text: 'x', weight })),
      ...COLORS.map((color): CardElement => ({ type: 'TextBlock', text: 'x', color })),
      ...FONTS.map((fontType): CardElement => ({ type: 'TextBlock', text: 'x', fontType })),
      ...ALIGNMENTS.map((horizontalAlignment): CardElement => ({
        type: 'TextBlock',
        text: 'x',
        horizontalAlignment,
      })),
      { type: 'TextBlock', text: 'x', style: 'heading', height: 'stretch', maxLines: 2, isVisible: true },
      {
        type: 'RichTextBlock',
        inlines: [
          ...SIZES.map((size) => ({ type: 'TextRun' as const, text: 'x', size })),
          ...COLORS.map((color) => ({ type: 'TextRun' as const, text: 'x', color, isSubtle: true })),
          { type: 'TextRun', text: 'x', italic: true, strikethrough: true, underline: true, highlight: true },
        ],
      },
    ];
    expect(cardProblems(card(body))).toEqual([]);
  });

  it('accepts every container, column and action value our types allow', () => {
    const body: CardElement[] = [
      ...CONTAINER_STYLES.map((style): CardElement => ({ type: 'Container', style, bleed: true, items: [] })),
      ...VERTICAL.map((verticalContentAlignment): CardElement => ({
        type: 'Container',
        verticalContentAlignment,
        minHeight: '50px',
        items: [{ type: 'TextBlock', text: 'x' }],
      })),
      {
        type: 'ColumnSet',
        horizontalAlignment: 'Center',
        columns: [
          { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'x' }] },
          { type: 'Column', width: 'stretch', style: 'emphasis', items: [{ type: 'TextBlock', text: 'x' }] },
          { type: 'Column', width: 2, items: [{ type: 'TextBlock', text: 'x' }] },
          { type: 'Column', width: '40px', items: [{ type: 'TextBlock', text: 'x' }] },
        ],
      },
      { type: 'FactSet', facts: [{ title: 'a', value: 'b' }] },
      {
        type: 'ActionSet',
        actions: ACTION_STYLES.map((style, i) => ({
          type: 'Action.Execute',
          title: `x${i}`,
          style,
          verb: 'v',
        })),
      },
    ];
    const actions: AdaptiveAction[] = [
      { type: 'Action.Execute', title: 'a', mode: 'secondary', associatedInputs: 'none', tooltip: 't' },
      { type: 'Action.OpenUrl', title: 'b', url: 'https://example.org' },
      {
        type: 'Action.ShowCard',
        title: 'c',
        card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x' }] },
      },
    ];
    expect(cardProblems(card(body, actions))).toEqual([]);
  });

  it('accepts every input value our types allow', () => {
    const styles = keys<NonNullable<InputText['style']>>({
      text: true,
      tel: true,
      url: true,
      email: true,
      password: true,
    });
    const choiceStyles = keys<NonNullable<InputChoiceSet['style']>>({
      compact: true,
      expanded: true,
      filtered: true,
    });
    const body: CardElement[] = [
      ...styles.map((style): CardElement => ({
        type: 'Input.Text',
        id: `t_${style}`,
        style,
        isMultiline: false,
      })),
      ...choiceStyles.map((style): CardElement => ({
        type: 'Input.ChoiceSet',
        id: `c_${style}`,
        style,
        choices: [{ title: 'a', value: 'a' }],
      })),
      { type: 'Input.Date', id: 'd', min: '2026-01-01', max: '2026-12-31', value: '2026-06-01' },
      {
        type: 'Input.Toggle',
        id: 'g',
        title: 'x',
        valueOn: 'ja',
        valueOff: 'nee',
        label: 'x',
        isRequired: true,
        errorMessage: 'e',
      },
    ];
    expect(cardProblems(card(body))).toEqual([]);
  });

  it('does not catch a misspelt property name: that is what the types are for (test/types)', () => {
    expect(cardProblems({ ...card([]), body: [{ type: 'TextBlock', text: 'x', wrpa: true }] })).toEqual([]);
  });
});
