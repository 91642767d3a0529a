/** The time source of the domain; tests inject a fake one. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-02T09:00:00Z') {
    this.current = new Date(start).getTime();
  }
  /** The fake current time. */
  now(): Date {
    return new Date(this.current);
  }
  /** Moves time forward. */
  advance(ms: number): void {
    this.current += ms;
  }
  /** Sets time to a moment. */
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}
