import { NO_TELEMETRY, type Telemetry, type TelemetryCounter, type TelemetryHistogram } from './telemetry';

/** The names of Baken's metrics, as Application Insights shows them (customMetrics) and alert rules name them. */
export const METRIC_NAMES = {
  turns: 'baken.turns',
  turnDuration: 'baken.turn.duration',
  escalationsCreated: 'baken.escalations.created',
  escalationsPickedUp: 'baken.escalations.picked_up',
  pickUpTime: 'baken.escalation.pickup_time',
  outboxDepth: 'baken.outbox.depth',
  outboxOldestAge: 'baken.outbox.oldest_age',
  deliveryFailures: 'baken.delivery.failures',
  remindersSent: 'baken.reminders.sent',
} as const;

/** The name of a turn's span (a request in Application Insights): `turn message` and so on. */
export const TURN_SPAN_PREFIX = 'turn';

/** What a turn was: a typed message, a card button, or anything else (installation, member changes, other invokes). */
export type TurnKind = 'message' | 'cardAction' | 'other';

/** Which reminder was recorded. */
export type ReminderKind = 'escalation' | 'aftercare';

/** The outbox as last measured: entries not yet delivered, and the age of the oldest. */
export interface OutboxGauge {
  depth: number;
  oldestAgeSeconds: number;
}

/**
 * Baken's measurements, named once. Every attribute is a fixed word or a number: the turn's kind, the HTTP status of a
 * failed delivery, the kind of reminder. Nothing a user typed, no name, client code, person or conversation id.
 */
export class BakenMetrics {
  private readonly turns: TelemetryCounter;
  private readonly turnDuration: TelemetryHistogram;
  private readonly created: TelemetryCounter;
  private readonly pickedUp: TelemetryCounter;
  private readonly pickUpTime: TelemetryHistogram;
  private readonly deliveryFailures: TelemetryCounter;
  private readonly reminders: TelemetryCounter;

  constructor(private readonly telemetry: Telemetry = NO_TELEMETRY) {
    this.turns = telemetry.counter(METRIC_NAMES.turns, 'Turns Baken handled, by kind');
    this.turnDuration = telemetry.histogram(
      METRIC_NAMES.turnDuration,
      'How long a turn took, from the request to the answer, by kind',
      'ms',
    );
    this.created = telemetry.counter(METRIC_NAMES.escalationsCreated, 'Escalations created');
    this.pickedUp = telemetry.counter(METRIC_NAMES.escalationsPickedUp, 'Escalations picked up by a manager');
    this.pickUpTime = telemetry.histogram(
      METRIC_NAMES.pickUpTime,
      'Time from an escalation to its pick-up',
      's',
    );
    this.deliveryFailures = telemetry.counter(
      METRIC_NAMES.deliveryFailures,
      'Sends to Teams that failed, by HTTP status (none: no answer) and whether they will be tried again',
    );
    this.reminders = telemetry.counter(METRIC_NAMES.remindersSent, 'Reminders recorded for sending, by kind');
  }

  /** True when measurements leave the process. */
  get enabled(): boolean {
    return this.telemetry.enabled;
  }

  /** Runs a turn inside its span and measures it. */
  async turn<T>(kind: TurnKind, work: () => Promise<T>): Promise<T> {
    if (!this.telemetry.enabled) return work();
    const started = performance.now();
    const attributes = { 'baken.turn.kind': kind };
    try {
      return await this.telemetry.serverSpan(`${TURN_SPAN_PREFIX} ${kind}`, attributes, work);
    } finally {
      this.turns.add(1, attributes);
      this.turnDuration.record(performance.now() - started, attributes);
    }
  }

  /** An escalation was created (a repeat of the same one is not counted). */
  escalationCreated(): void {
    this.created.add(1);
  }

  /** An escalation was picked up, `waitedSeconds` after it was created. */
  escalationPickedUp(waitedSeconds: number): void {
    this.pickedUp.add(1);
    this.pickUpTime.record(Math.max(0, waitedSeconds));
  }

  /** A send to Teams failed with this HTTP status (undefined: no answer); `final` when it is not tried again. */
  deliveryFailed(status: number | undefined, final: boolean): void {
    this.deliveryFailures.add(1, {
      'baken.delivery.status': status === undefined ? 'none' : String(status),
      'baken.delivery.final': final,
    });
  }

  /** Reminders were recorded for sending. */
  remindersSent(kind: ReminderKind, count: number): void {
    if (count > 0) this.reminders.add(count, { 'baken.reminder.kind': kind });
  }

  /** Reports the outbox as `read` last measured it (read when metrics are collected; nothing before the first). */
  observeOutbox(read: () => OutboxGauge | undefined): void {
    this.telemetry.gauge(METRIC_NAMES.outboxDepth, 'Outbox entries not yet delivered', '{entry}', () => {
      const last = read();
      return last ? [{ value: last.depth }] : [];
    });
    this.telemetry.gauge(
      METRIC_NAMES.outboxOldestAge,
      'Age of the oldest outbox entry not yet delivered (0 when none)',
      's',
      () => {
        const last = read();
        return last ? [{ value: last.oldestAgeSeconds }] : [];
      },
    );
  }
}

/** The kind of a turn, from the activity's type and whether it carries card data. */
export function turnKindOf(activity: { type?: string; name?: string; value?: unknown }): TurnKind {
  if (activity.type === 'invoke') return activity.name === 'adaptiveCard/action' ? 'cardAction' : 'other';
  if (activity.type !== 'message') return 'other';
  return activity.value !== undefined && activity.value !== null ? 'cardAction' : 'message';
}
