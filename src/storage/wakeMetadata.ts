import type { DocumentMetadata } from './documentStore';

/**
 * "Nothing to do before …" as blob metadata, written in the same request as the record it describes. A scheduler
 * pass lists the documents with their metadata and skips those still asleep without reading them, so a tick with
 * nothing due reads no record, also the first tick after a start (when no document is cached yet).
 *
 * A wake is a lower bound: work can be due only from its moment, on or after its local day, and (when it says so)
 * within office hours. Waking early costs one read (then the pass's cache knows the document until it changes);
 * waking late would be a missed reminder, so a writer that cannot tell writes no wake, and the record is read.
 */

/** Metadata names (lower case, as Blob storage gives them back). */
const WAKE = 'bakenwake';
const WAKE_DAY = 'bakenwakeday';
const WAKE_HOURS = 'bakenwakehours';
/** The settings the wake was computed with; under other settings the record is read to know. */
const WAKE_FOR = 'bakenwakefor';
/** WAKE's value for a record that has no background work at all any more. */
const NEVER = 'never';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** When a record may next have background work, or 'never'. Every part given must hold; {} is "now". */
export type Wake =
  | 'never'
  | {
      /** Not before this moment (ms since the epoch). */
      at?: number;
      /** Not before this local day (YYYY-MM-DD, in the organisation's time zone). */
      day?: string;
      /** Only within office hours. */
      officeHours?: boolean;
    };

/** Where and when a pass looks: the moment, the local day and whether it is office hours, and its settings code. */
export interface WakeCheck {
  now: number;
  today: string;
  officeHours: boolean;
  /** The code of the settings the wakes depend on (see wakeMetadata), if any. */
  settings?: string;
}

/** The metadata for a wake, computed under the settings named by `settings` (a short ASCII code), if any. */
export function wakeMetadata(wake: Wake, settings = ''): DocumentMetadata {
  const forSettings: DocumentMetadata = settings ? { [WAKE_FOR]: settings } : {};
  if (wake === NEVER) return { [WAKE]: NEVER, ...forSettings };
  return {
    [WAKE]: new Date(Math.max(0, wake.at ?? 0)).toISOString(),
    ...(wake.day !== undefined && DAY.test(wake.day) ? { [WAKE_DAY]: wake.day } : {}),
    ...(wake.officeHours ? { [WAKE_HOURS]: '1' } : {}),
    ...forSettings,
  };
}

/**
 * True when the listing's metadata says the record has nothing to do now. A record without a wake (written before
 * it existed, or by a writer that could not tell) or with one it cannot read is never asleep.
 */
export function isAsleep(metadata: DocumentMetadata | undefined, check: WakeCheck): boolean {
  const wake = metadata?.[WAKE];
  if (metadata === undefined || wake === undefined) return false;
  if ((metadata[WAKE_FOR] ?? '') !== (check.settings ?? '')) return false;
  if (wake === NEVER) return true;
  const at = Date.parse(wake);
  if (!Number.isFinite(at)) return false;
  if (at > check.now) return true;
  const day = metadata[WAKE_DAY];
  if (day !== undefined && DAY.test(day) && day > check.today) return true;
  return metadata[WAKE_HOURS] === '1' && !check.officeHours;
}
