import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Storage,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { createLogger } from '../src/logger';
import { startHttpServer, type HttpServer } from '../src/edge/httpServer';

/** The small card both floors answer with: one line and one "Verder" button, as Action.Execute. */
function echoCard(turn: number): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `Echo ${turn}`, wrap: true }],
    actions: [
      { type: 'Action.Execute', title: 'Verder', verb: 'echo.next', data: { action: 'echo.next', turn } },
    ],
  };
}

/**
 * The floor a bot framework sets: echoes every turn with a small card (messages get a posted reply,
 * Action.Execute invokes get the card in the invoke response) and keeps one counter in conversation state,
 * so each turn reads and writes that state once. With MemoryStorage it is the echo floor; with Baken's
 * BotStateStorage on Azurite it is the storage floor.
 */
class EchoBot extends ActivityHandler {
  private readonly turns: StatePropertyAccessor<number>;

  constructor(private readonly state: ConversationState) {
    super();
    this.turns = state.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const turn = await this.count(context);
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(echoCard(turn))] });
      await next();
    });
  }

  /** Runs the turn and saves the state once at the end, as Baken does. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context, false);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    _value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.count(context);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: echoCard(turn) };
  }

  private async count(context: TurnContext): Promise<number> {
    const turn = (await this.turns.get(context, 0)) + 1;
    await this.turns.set(context, turn);
    return turn;
  }
}

/** Starts the echo bot on the same CloudAdapter and restify server Baken uses, inbound auth off as locally. */
export async function startEchoBot(storage: Storage, port: number, host: string): Promise<HttpServer> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot(new ConversationState(storage));
  return startHttpServer(
    {
      adapter,
      runTurn: (context) => bot.run(context),
      isReady: async () => true,
      logger: createLogger('warn'),
      maxBodyBytes: 256 * 1024,
    },
    port,
    host,
  );
}
