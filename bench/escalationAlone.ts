import { startAzurite } from '../src/storage/embeddedAzurite';
import { BotTarget } from './botTarget';
import { BenchConnector } from './connector';
import { checkWalk, measureEscalation, prepareTeams, type EscalationResult } from './escalation';
import type { RequestTrace } from './trace';

/**
 * The escalation measurement of `npm run bench` on its own: a fresh embedded Azurite, the bench connector and Baken
 * in its own process, 16 staff at once over 16 teams (closed loop), `rounds` presses each.
 */
export async function measureEscalationAlone(
  rounds: number,
): Promise<{ result: EscalationResult; traces: RequestTrace[] }> {
  const azurite = await startAzurite();
  const connector = await new BenchConnector().start();
  const baken = await new BotTarget('baken', azurite.connectionString).start();
  try {
    await prepareTeams(baken, connector, azurite.connectionString, 16);
    await checkWalk(baken, connector);
    const result = await measureEscalation(baken, connector, 16, 16, rounds);
    return { result, traces: process.env.BENCH_TRACE ? await baken.traces() : [] };
  } finally {
    await baken.stop();
    await connector.stop();
    await azurite.stop();
  }
}
