import { errorKind, type Logger } from '../logger';

/** One kind of background work done on every tick (reminders, outbox delivery). */
export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs the background jobs on a timer: reminders first (they record sends), then delivery. The timer is unref'd
 * so it never keeps the process alive; ticks never overlap. Tests leave the timer off and call tick() with a fake
 * clock. Whether something is due is decided by the injected clock inside the jobs, never by the timer.
 */
export class Scheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly jobs: ScheduledJob[],
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Adds a job, run before the job named `before` (e.g. before 'delivery', so its sends go out in the same tick). */
  add(job: ScheduledJob, before?: string): void {
    const at = before ? this.jobs.findIndex((j) => j.name === before) : -1;
    if (at < 0) this.jobs.push(job);
    else this.jobs.splice(at, 0, job);
  }

  /** Starts the timer. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.tick().catch(() => undefined);
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Runs every job once, in order (waits for a tick in flight first). A failing job does not stop the others. */
  async tick(): Promise<void> {
    while (this.running) await this.running;
    if (this.stopped) return;
    const run = this.runJobs();
    this.running = run;
    try {
      await run;
    } finally {
      this.running = undefined;
    }
  }

  /** Stops the timer and waits for a tick in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runJobs(): Promise<void> {
    for (const job of this.jobs) {
      try {
        await job.run();
      } catch (err) {
        this.logger.error('scheduled_job_failed', { job: job.name, error: errorKind(err) });
      }
    }
  }
}
