import type { LogFields, Logger } from '../../src/logger';

/** One logged event. */
export interface LoggedEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  event: string;
  fields: LogFields;
}

/** A Logger that keeps every event in memory (and prints nothing), so tests can assert on what happened. */
export class EventLog implements Logger {
  readonly events: LoggedEvent[] = [];

  debug(event: string, fields: LogFields = {}): void {
    this.events.push({ level: 'debug', event, fields });
  }
  info(event: string, fields: LogFields = {}): void {
    this.events.push({ level: 'info', event, fields });
  }
  warn(event: string, fields: LogFields = {}): void {
    this.events.push({ level: 'warn', event, fields });
  }
  error(event: string, fields: LogFields = {}): void {
    this.events.push({ level: 'error', event, fields });
  }

  /** Events with one of these names, from index `from` on. */
  named(names: string[], from = 0): LoggedEvent[] {
    return this.events.slice(from).filter((e) => names.includes(e.event));
  }
}
