import type { Turn } from '../edge/turn';
import type restify from 'restify';
import type { CardAction } from '../../cards/actions';
import type { PlatformParts } from '../platform/platform';
import type { Answer } from './answer';
import type { TextCommand } from './commands';

/**
 * Answers one card button (the card data is parsed, its verb is one the feature registered): returns its answer,
 * or undefined when it already sent everything it had to say.
 */
export type ActionHandler = (context: Turn, action: CardAction) => Promise<Answer | undefined>;

/**
 * Answers one text command: its answer, undefined when it already sent everything, or `false` when the command is
 * not for this person (answered as text Baken does not know).
 */
export type CommandHandler = (context: Turn, command: TextCommand) => Promise<Answer | undefined | false>;

/** The text command kinds a feature can answer. */
export type TextCommandKind = TextCommand['kind'];

/**
 * A feature, registered once at the composition root: the card verbs and text commands it answers, its background
 * jobs and delivery routes (PlatformParts) and its HTTP routes. The router dispatches by these; nothing else names
 * a feature's verbs.
 */
export interface FeatureRegistration extends PlatformParts {
  /** Short name, for errors (e.g. 'escalation'). */
  readonly name: string;
  /** Its buttons only work in the 1:1 chat (a flow holds answers about a client): a channel gets the help text. */
  readonly personalOnly?: boolean;
  /** Card verbs and their handlers. */
  readonly actions?: Readonly<Record<string, ActionHandler>>;
  /** Text commands by kind. Answered only in the 1:1 chat unless `commandsInChannels`. */
  readonly commands?: { readonly [K in TextCommandKind]?: CommandHandler };
  /** Its commands are answered in channels too (team set-up: "@Baken meldkanaal"). */
  readonly commandsInChannels?: boolean;
  /** Takes attachments sent in the 1:1 chat (screenshots during the incident flow); true when it took them. */
  readonly attachments?: (context: Turn) => Promise<boolean>;
  /** Greets a person the first time Baken meets them in the 1:1 chat. */
  readonly welcome?: (context: Turn) => Promise<void>;
  /** Registers its HTTP routes on the server (e.g. GET /evidence/:token). */
  readonly httpRoutes?: (server: restify.Server) => void;
}
