import type { Turn } from '../edge/turn';
import { errorKind, type Logger } from '../logger';
import { isStorageDown } from '../storage/errors';

/** What was read with the live roster, or that the roster could not be read now. */
export type RosterRead<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs a read that needs the live roster. When Teams cannot tell us the roster now, it logs `roster_unavailable`
 * and answers `{ ok: false }`, so the caller says so (never that the person is not on the team). Our own storage
 * failing is another matter: that is thrown, and the turn says "probeer het zo opnieuw".
 */
export async function readWithRoster<T>(
  context: Turn,
  logger: Logger,
  read: () => Promise<T>,
): Promise<RosterRead<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (isStorageDown(err)) throw err;
    logger.warn('roster_unavailable', { activityId: context.activity.id, error: errorKind(err) });
    return { ok: false };
  }
}
