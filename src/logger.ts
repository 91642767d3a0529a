/** Log levels in order. */
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
/** A log level name. */
export type LogLevel = keyof typeof LEVELS;

/** Fields of a log line: ids and counts only — never client data or free text typed by users. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Structured JSON logger: one line per event on stdout (errors on stderr). */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Creates a logger that writes JSON lines at or above the given level. */
export function createLogger(level: LogLevel, now: () => Date = () => new Date()): Logger {
  const min = LEVELS[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}) => {
    if (LEVELS[lvl] < min) return;
    const line = JSON.stringify({ time: now().toISOString(), level: lvl, event, ...fields });
    (lvl === 'error' || lvl === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

/** The name of an error without its message (messages may carry user text). */
export function errorKind(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
