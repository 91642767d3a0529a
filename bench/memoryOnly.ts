import { startAzurite } from '../src/storage/embeddedAzurite';
import { BotStateStorage } from '../src/edge/botStateStorage';
import { openStorage } from '../src/storage/storage';
import { personalConversation } from '../test/support/teams';
import { BotTarget } from './botTarget';
import { BenchConnector } from './connector';
import { ClosedLoop } from './drivers';

/**
 * `npm run bench:memory`: Baken alone at 64 concurrent conversations (closed loop, no think time) for
 * BENCH_MEMORY_SECONDS (default 90), for comparing V8 settings (BENCH_NODE_ARGS_BAKEN) quickly: prints turns/s,
 * Baken's CPU per turn, its peak RSS and its heap after a full GC. Writes nothing.
 */
async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_MEMORY_SECONDS ?? 90);
  const azurite = await startAzurite();
  const connector = await new BenchConnector().start();
  const baken = await new BotTarget('baken', azurite.connectionString).start();
  const state = new BotStateStorage(
    openStorage({ connectionString: azurite.connectionString, prefix: 'benchbaken' }).state,
  );
  try {
    const atStart = await baken.stats(true);
    const loop = new ClosedLoop(baken, connector, 64, undefined, (u) =>
      state.delete([`msteams/conversations/${personalConversation(u).id}/`]),
    );
    const before = await baken.stats();
    const slice = await loop.run(seconds * 1000);
    const after = await baken.stats();
    await loop.end();
    const end = await baken.stats(true);
    const turns = slice.turns;
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    console.log(
      JSON.stringify({
        flags: process.env.BENCH_NODE_ARGS_BAKEN ?? '',
        conversations: loop.completed,
        turnsPerSec: Math.round(turns / seconds),
        cpuMsPerTurn: Math.round((after.cpuUs - before.cpuUs) / slice.allTurns) / 1000,
        rssAtStartMb: mb(atStart.rss),
        peakRssMb: mb(end.maxRss),
        heapAfterGcMb: mb(end.heapUsed),
        errors: slice.errors.length,
      }),
    );
  } finally {
    await baken.stop();
    await connector.stop();
    await azurite.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
