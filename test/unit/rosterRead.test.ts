import type { TurnContext } from 'botbuilder';
import { readWithRoster } from '../../src/bot/rosterRead';
import type { LogFields, Logger } from '../../src/logger';
import { StorageUnavailableError } from '../../src/storage/errors';

function recordingLogger() {
  const warnings: Array<{ event: string; fields?: LogFields }> = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (event, fields) => warnings.push({ event, fields }),
    error: () => undefined,
  };
  return { logger, warnings };
}

const context = { activity: { id: 'activity-1' } } as TurnContext;

describe('readWithRoster', () => {
  it('gives what was read, also when that is nothing', async () => {
    const { logger, warnings } = recordingLogger();
    expect(await readWithRoster(context, logger, async () => ['team-1'])).toEqual({
      ok: true,
      value: ['team-1'],
    });
    expect(await readWithRoster(context, logger, async () => undefined)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(warnings).toEqual([]);
  });

  it('says the roster could not be read when Teams fails, and logs the kind of error only', async () => {
    const { logger, warnings } = recordingLogger();
    const teamsDown = Object.assign(new TypeError('connect ECONNREFUSED (user text)'), { statusCode: 502 });
    expect(await readWithRoster(context, logger, () => Promise.reject(teamsDown))).toEqual({ ok: false });
    expect(warnings).toEqual([
      { event: 'roster_unavailable', fields: { activityId: 'activity-1', error: 'TypeError' } },
    ]);
  });

  it('throws when our own storage is down, so the turn says to try again', async () => {
    const { logger, warnings } = recordingLogger();
    const storageDown = new StorageUnavailableError(new Error('ECONNREFUSED'));
    await expect(readWithRoster(context, logger, () => Promise.reject(storageDown))).rejects.toBe(
      storageDown,
    );
    expect(warnings).toEqual([]);
  });
});
