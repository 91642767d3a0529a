import type { Turn } from '../edge/turn';
import type restify from 'restify';
import { parseCardAction, type CardAction } from '../../cards/actions';
import { messageAnswer, refusalAnswer, type Answer } from './answer';
import { BOT_TEXTS } from './botTexts';
import type { TextCommand } from './commands';
import type {
  ActionHandler,
  CommandHandler,
  FeatureRegistration,
  TextCommandKind,
} from './featureRegistration';
import { isPersonal } from './turnFacts';

/** A registered verb: its handler and whether it works only in the 1:1 chat. */
interface ActionRoute {
  feature: string;
  handle: ActionHandler;
  personalOnly: boolean;
}

/** A registered command: its handler and whether it is answered in channels. */
interface CommandRoute {
  feature: string;
  handle: CommandHandler;
  inChannels: boolean;
}

/**
 * Dispatches card buttons and text commands to the features that registered them. A verb no feature registered is
 * refused as a bad button (it never reaches a handler); a command no feature answers is text Baken does not know.
 */
export class Router {
  private readonly actions = new Map<string, ActionRoute>();
  private readonly commands = new Map<TextCommandKind, CommandRoute>();
  private readonly features: readonly FeatureRegistration[];

  constructor(features: readonly FeatureRegistration[]) {
    this.features = features;
    const names = new Set<string>();
    for (const feature of features) {
      if (names.has(feature.name)) throw new Error(`feature ${feature.name} is registered twice`);
      names.add(feature.name);
      for (const [verb, handle] of Object.entries(feature.actions ?? {})) {
        const other = this.actions.get(verb);
        if (other) throw new Error(`verb ${verb} is registered by ${other.feature} and ${feature.name}`);
        this.actions.set(verb, {
          feature: feature.name,
          handle,
          personalOnly: feature.personalOnly === true,
        });
      }
      for (const [kind, handle] of Object.entries(feature.commands ?? {}) as Array<
        [TextCommandKind, CommandHandler | undefined]
      >) {
        if (!handle) continue;
        const other = this.commands.get(kind);
        if (other) throw new Error(`command ${kind} is registered by ${other.feature} and ${feature.name}`);
        this.commands.set(kind, {
          feature: feature.name,
          handle,
          inChannels: feature.commandsInChannels === true,
        });
      }
    }
  }

  /** Every registered card verb. */
  verbs(): string[] {
    return [...this.actions.keys()];
  }

  /** Card data (with its form inputs) parsed, when its shape is right and a feature registered its verb. */
  parse(data: unknown): CardAction | undefined {
    const action = parseCardAction(data);
    return action && this.actions.has(action.action) ? action : undefined;
  }

  /** Answers a parsed card button with the handler of its verb; returns the handler's answer for the edge. */
  async action(context: Turn, action: CardAction): Promise<Answer | undefined> {
    const route = this.actions.get(action.action);
    if (!route) {
      // parse() let it through only when registered: this is a caller that did not parse.
      await context.sendActivity(BOT_TEXTS.badAction);
      return undefined;
    }
    if (route.personalOnly && !isPersonal(context)) {
      // A flow holds answers about a client: never run it in a channel's shared state or post its cards there.
      // What Baken does in a channel, to who pressed only when it was a button.
      return refusalAnswer(BOT_TEXTS.channelHelp);
    }
    return route.handle(context, action);
  }

  /** Answers a typed command (in a channel only the commands registered for channels); returns the answer. */
  async command(context: Turn, command: TextCommand): Promise<Answer | undefined> {
    const route = this.commands.get(command.kind);
    if (route?.inChannels) return orNothing(await route.handle(context, command));
    if (!isPersonal(context)) return messageAnswer(BOT_TEXTS.channelHelp);
    if (route && command.kind !== 'unknown') {
      const answer = await route.handle(context, command);
      if (answer !== false) return answer;
    }
    // Not a command, or not for this person (the command's existence is not shown to them).
    const unknown = this.commands.get('unknown');
    if (unknown) return orNothing(await unknown.handle(context, { kind: 'unknown' }));
    return messageAnswer(BOT_TEXTS.unknown);
  }

  /** Offers attachments sent in the 1:1 chat to the features; true when one took them. */
  async attachments(context: Turn): Promise<boolean> {
    for (const feature of this.features) {
      if (feature.attachments && (await feature.attachments(context))) return true;
    }
    return false;
  }

  /** Greets a person in the 1:1 chat the first time (the feature that registered a welcome). */
  async welcome(context: Turn): Promise<void> {
    for (const feature of this.features) await feature.welcome?.(context);
  }

  /** Registers every feature's HTTP routes on the server. */
  httpRoutes(server: restify.Server): void {
    for (const feature of this.features) feature.httpRoutes?.(server);
  }
}

/** A command's answer, where "not for this person" (false) has no further meaning. */
function orNothing(answer: Answer | undefined | false): Answer | undefined {
  return answer === false ? undefined : answer;
}
