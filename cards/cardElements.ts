/**
 * Our own types for the Adaptive Card 1.5 elements and actions Baken uses (https://adaptivecards.io/explorer/),
 * each a member of a union discriminated on `type`. Cards build their JSON against them, so an unknown property
 * or a wrong enum value fails `tsc`; the tests still validate every card with the official `adaptivecards` parser.
 * Only properties the spec allows are listed, and only those we use or may reasonably use.
 */

/** Space above an element. */
export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';

/** Text size. */
export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';

/** Text weight. */
export type TextWeight = 'Lighter' | 'Default' | 'Bolder';

/** Text colour (the host config maps it to a real colour). */
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** Font family of a text. */
export type FontType = 'Default' | 'Monospace';

/** Horizontal alignment of text or an element. */
export type HorizontalAlignment = 'Left' | 'Center' | 'Right';

/** Vertical alignment of a container's content. */
export type VerticalContentAlignment = 'Top' | 'Center' | 'Bottom';

/** Style of a container: the host config gives each a background. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

/** Style of a button. */
export type ActionStyle = 'default' | 'positive' | 'destructive';

/** Properties every element may have. */
interface ElementBase {
  id?: string;
  isVisible?: boolean;
  separator?: boolean;
  spacing?: Spacing;
  height?: 'auto' | 'stretch';
}

/** Properties every input may have (1.3 labels and validation). */
interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

/** Properties every action may have. */
interface ActionBase {
  title?: string;
  id?: string;
  iconUrl?: string;
  style?: ActionStyle;
  tooltip?: string;
  isEnabled?: boolean;
  mode?: 'primary' | 'secondary';
}

/** A block of text; Markdown is rendered. */
export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  fontType?: FontType;
  horizontalAlignment?: HorizontalAlignment;
  maxLines?: number;
  style?: 'default' | 'heading';
}

/** A run of text inside a RichTextBlock: shown as-is, never read as Markdown. */
export interface TextRun {
  type: 'TextRun';
  text: string;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  fontType?: FontType;
  italic?: boolean;
  strikethrough?: boolean;
  underline?: boolean;
  highlight?: boolean;
}

/** Text made of runs (typed text is shown as plain text). */
export interface RichTextBlock extends ElementBase {
  type: 'RichTextBlock';
  inlines: TextRun[];
  horizontalAlignment?: HorizontalAlignment;
}

/** Elements grouped, optionally with a coloured background. */
export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
  minHeight?: string;
  verticalContentAlignment?: VerticalContentAlignment;
  selectAction?: AdaptiveAction;
}

/** One column of a ColumnSet. */
export interface Column extends ElementBase {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | number | `${number}px`;
  style?: ContainerStyle;
  bleed?: boolean;
  minHeight?: string;
  verticalContentAlignment?: VerticalContentAlignment;
  selectAction?: AdaptiveAction;
}

/** Columns side by side (hard to read at 360 px: the flow cards avoid it). */
export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
  style?: ContainerStyle;
  bleed?: boolean;
  minHeight?: string;
  horizontalAlignment?: HorizontalAlignment;
  selectAction?: AdaptiveAction;
}

/** One label–value line of a FactSet. */
export interface Fact {
  title: string;
  value: string;
}

/** Label–value lines. */
export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

/** Buttons in the body (full width each when alone in their set). */
export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: AdaptiveAction[];
}

/** A text field. */
export interface InputText extends InputBase {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  maxLength?: number;
  isMultiline?: boolean;
  regex?: string;
  style?: 'text' | 'tel' | 'url' | 'email' | 'password';
}

/** One option of an Input.ChoiceSet. */
export interface Choice {
  title: string;
  value: string;
}

/** A choice among options: radio buttons or check boxes (expanded), or a drop-down (compact). */
export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  /** The chosen value; comma separated when isMultiSelect. */
  value?: string;
  placeholder?: string;
  style?: 'compact' | 'expanded' | 'filtered';
  isMultiSelect?: boolean;
  wrap?: boolean;
}

/** A date field; values are YYYY-MM-DD. */
export interface InputDate extends InputBase {
  type: 'Input.Date';
  value?: string;
  placeholder?: string;
  min?: string;
  max?: string;
}

/** A check box with a title. */
export interface InputToggle extends InputBase {
  type: 'Input.Toggle';
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
  wrap?: boolean;
}

/** Any Adaptive Card element Baken may put in a body or a container. */
export type CardElement =
  | TextBlock
  | RichTextBlock
  | Container
  | ColumnSet
  | FactSet
  | ActionSet
  | InputText
  | InputChoiceSet
  | InputDate
  | InputToggle;

/** A button that sends its data (and the card's inputs) to the bot as an `adaptiveCard/action` invoke. */
export interface ExecuteAction extends ActionBase {
  type: 'Action.Execute';
  verb?: string;
  data?: Record<string, unknown>;
  associatedInputs?: 'auto' | 'none';
}

/** A button that opens a link. */
export interface OpenUrlAction extends ActionBase {
  type: 'Action.OpenUrl';
  url: string;
}

/** A card unfolded by Action.ShowCard: the root card's envelope without `$schema` and `version`. */
export interface ShownCard {
  type: 'AdaptiveCard';
  body: CardElement[];
  actions?: AdaptiveAction[];
}

/** A button that unfolds a card below it (no turn to the bot). */
export interface ShowCardAction extends ActionBase {
  type: 'Action.ShowCard';
  card: ShownCard;
}

/**
 * Any Adaptive Card action Baken may use (named so, not `CardAction`: that name is the parsed button data in
 * cards/actions.ts).
 */
export type AdaptiveAction = ExecuteAction | OpenUrlAction | ShowCardAction;

/** An Adaptive Card (schema 1.5, Teams' maximum for bots) as plain JSON. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: AdaptiveAction[];
  /** Read by Teams for notification previews; kept neutral. */
  fallbackText?: string;
  speak?: string;
  lang?: string;
  /** Teams only: `Full` lets a card use the chat's full width. */
  msteams?: { width?: 'Full' };
}
