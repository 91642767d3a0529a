import { buttonOf } from '../test/support/cardWalk';
import {
  cardInvoke,
  personalConversation,
  personalMessage,
  user,
  type TestUser,
} from '../test/support/teams';
import type { BotKind, BotTarget } from './botTarget';
import type { BenchConnector } from './connector';

/** One user action: type a text, or press the button with this title on the card last shown. */
export type Step = { text: string } | { press: string };

/** The whole grooming check as a member of staff does it: 13 turns, 1 message and 12 Action.Execute invokes. */
export const GROOMING_CHECK: Step[] = [
  { text: 'menu' },
  { press: 'Grooming-check' },
  { press: 'Verder' }, // the one card before question 1
  ...['Nee', 'Ja', 'Ja', 'Onderbuikgevoel', 'Nee', 'Ja', 'Ja', 'Nee', 'Weet ik niet'].map((press) => ({
    press,
  })),
  { press: 'Ja' }, // "Maak je je zorgen over je cliënt?": the summary then offers "Meld bij het team".
];

/** The same request mix for the floors: the same message, then as many invokes, each on the last card. */
export const FLOOR_SCRIPT: Step[] = GROOMING_CHECK.map((step) =>
  'text' in step ? step : { press: 'Verder' },
);

/** The script a bot is driven through. */
export function scriptFor(kind: BotKind): Step[] {
  return kind === 'baken' ? GROOMING_CHECK : FLOOR_SCRIPT;
}

/** A card shown to the user, and the latency of the turn that showed it. */
export interface TurnOutcome {
  card: unknown;
  latencyMs: number;
  doneAt: number;
}

/**
 * Sends one turn exactly as Teams does and waits for what the user would see. A message's reply is the
 * card posted to the connector (latency measured to its arrival); the turn is over once the HTTP
 * response came too, so the next click cannot overtake the state write. An invoke's reply is the card in
 * its HTTP response.
 */
export async function turn(
  target: BotTarget,
  connector: BenchConnector,
  u: TestUser,
  step: Step,
  card: unknown,
) {
  const conversationId = personalConversation(u).id;
  if ('text' in step) {
    const posted = connector.next(conversationId);
    posted.catch(() => undefined); // awaited below unless the POST itself fails
    const sentAt = performance.now();
    const answer = await target.post(personalMessage(connector.url, u, step.text));
    if (answer.status !== 200) throw new Error(`message answered ${answer.status}`);
    const reply = await posted;
    const attachments = reply.activity.attachments as Array<{ content?: unknown }> | undefined;
    const outcome: TurnOutcome = {
      card: attachments?.[0]?.content,
      latencyMs: reply.at - sentAt,
      doneAt: Math.max(reply.at, answer.at),
    };
    return outcome;
  }
  const data = buttonOf(card, step.press);
  const sentAt = performance.now();
  const answer = await target.post(cardInvoke(connector.url, u, data));
  const body = JSON.parse(answer.body || '{}') as { type?: string; value?: unknown };
  if (answer.status !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`"${step.press}" answered ${answer.status} ${answer.body.slice(0, 200)}`);
  }
  const outcome: TurnOutcome = { card: body.value, latencyMs: answer.at - sentAt, doneAt: answer.at };
  return outcome;
}

/** Runs one conversation through the script; calls back per turn. Returns the last card shown. */
export async function converse(
  target: BotTarget,
  connector: BenchConnector,
  u: TestUser,
  script: Step[],
  onTurn: (outcome: TurnOutcome) => void = () => undefined,
): Promise<unknown> {
  let card: unknown;
  for (const step of script) {
    const outcome = await turn(target, connector, u, step, card);
    onTurn(outcome);
    card = outcome.card;
  }
  return card;
}

/** What one slice of closed-loop load measured. */
export interface SliceResult {
  windowMs: number;
  /** Turns completed inside the window (throughput and latency count these). */
  turns: number;
  latencies: number[];
  /** Every turn completed in the slice, including those finishing after the window (for blob ops per turn). */
  allTurns: number;
  errors: string[];
}

let userSeq = 0;

/**
 * Closed loop without think time: `concurrency` simulated staff, each in their own 1:1 conversation, send
 * the next turn as soon as the previous reply arrived, and start a new conversation (a new user) after the
 * last turn. The loop runs in slices (so targets can take turns on a noisy machine): between slices each
 * worker holds its conversation after its current turn, and continues it in the next slice.
 */
export class ClosedLoop {
  /** Conversations completed so far. */
  completed = 0;
  private open = false;
  private stopped = false;
  private deadline = 0;
  private slice: SliceResult = emptySlice();
  private wake: Array<() => void> = [];
  private busy = 0;
  private idle?: () => void;
  private readonly workers: Promise<void>[];
  private fatal?: Error;

  constructor(
    private readonly target: BotTarget,
    private readonly connector: BenchConnector,
    readonly concurrency: number,
    private readonly onConversation: (completed: number) => void = () => undefined,
    /** Called with each finished conversation's user before that worker starts the next one. */
    private readonly afterConversation: (u: TestUser) => Promise<void> = async () => undefined,
  ) {
    this.workers = Array.from({ length: concurrency }, () =>
      this.worker().catch((err: unknown) => {
        this.fatal ??= err instanceof Error ? err : new Error(String(err));
        this.close();
      }),
    );
  }

  /** Runs for `ms`, or until `stop()` returns true after a conversation; then holds every worker. */
  async run(ms: number, stop: () => boolean = () => false): Promise<SliceResult> {
    this.slice = emptySlice();
    const start = performance.now();
    this.deadline = start + ms;
    this.stopWhen = stop;
    if (this.fatal) throw this.fatal;
    this.open = true;
    for (const wake of this.wake.splice(0)) wake();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.close(), ms);
      this.closed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const end = Math.min(performance.now(), this.deadline);
    this.deadline = end;
    if (this.busy > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    if (this.fatal) throw this.fatal;
    return { ...this.slice, windowMs: end - start };
  }

  /** Ends the workers (their conversations are left where they are). */
  async end(): Promise<void> {
    this.stopped = true;
    for (const wake of this.wake.splice(0)) wake();
    await Promise.all(this.workers);
  }

  private stopWhen: () => boolean = () => false;
  private closed: () => void = () => undefined;

  private close(): void {
    this.open = false;
    this.closed();
  }

  /** Waits until the loop is open; false when it ended. */
  private async gate(): Promise<boolean> {
    while (!this.open && !this.stopped) await new Promise<void>((resolve) => this.wake.push(resolve));
    return !this.stopped;
  }

  private async worker(): Promise<void> {
    const script = scriptFor(this.target.kind);
    for (;;) {
      const u = user(`bench-${this.target.kind}-${++userSeq}`, 'Medewerker');
      let card: unknown;
      try {
        for (const step of script) {
          if (!(await this.gate())) return;
          this.busy++;
          try {
            const outcome = await turn(this.target, this.connector, u, step, card);
            card = outcome.card;
            this.slice.allTurns++;
            if (outcome.doneAt <= this.deadline) {
              this.slice.turns++;
              this.slice.latencies.push(outcome.latencyMs);
            }
          } finally {
            this.busy--;
            if (this.busy === 0 && !this.open) this.idle?.();
          }
        }
        this.completed++;
        this.onConversation(this.completed);
        await this.afterConversation(u);
        if (this.open && this.stopWhen()) this.close();
      } catch (err) {
        this.slice.errors.push(err instanceof Error ? err.message : String(err));
        if (this.slice.errors.length > 20) throw new Error(`too many errors: ${this.slice.errors[0]}`);
      }
    }
  }
}

function emptySlice(): SliceResult {
  return { windowMs: 0, turns: 0, latencies: [], allTurns: 0, errors: [] };
}
