import type { BakenStorage } from '../src/storage/storage';
import { BotStateStorage } from '../src/edge/botStateStorage';
import type { RequestTrace } from './trace';

/** What the benchmark asks a bot process for, and what it answers. */
export interface ProcessStats {
  storage: { reads: number; writes: number; deletes: number; lists: number };
  rss: number;
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** CPU time used by the process so far (user + system), in microseconds. */
  cpuUs: number;
}

/**
 * Entry of one bot process under test (`baken`, `echo` or `storage`), so each is measured alone (RSS, CPU).
 * Listens on BENCH_PORT; answers `stats` messages from the benchmark over IPC. Each kind loads only its own
 * modules, so the floors' memory is not Baken's.
 */
async function main(): Promise<void> {
  const kind = process.argv[2];
  const port = Number(process.env.BENCH_PORT);
  const connectionString = process.env.BENCH_STORAGE ?? '';
  let storage: BakenStorage | undefined;
  let takeTraces = (): RequestTrace[] => [];
  if (process.env.BENCH_TRACE) takeTraces = (await import('./trace')).installTrace();
  if (kind === 'baken') {
    const { parseConfig } = await import('../src/config');
    const { startBaken } = await import('../src/app');
    const config = parseConfig({
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      AZURE_STORAGE_CONNECTION_STRING: connectionString,
      STORAGE_PREFIX: 'benchbaken',
      // Baken's own default unless set for an experiment (npm run bench:memory).
      ...(process.env.HEAP_GROWING_PERCENT ? { HEAP_GROWING_PERCENT: process.env.HEAP_GROWING_PERCENT } : {}),
    });
    storage = (await startBaken(config)).storage;
  } else if (kind === 'storage') {
    const { openStorage } = await import('../src/storage/storage');
    storage = openStorage({ connectionString, prefix: 'benchfloor' });
    await storage.ensureContainers();
    await (await import('./echoBot')).startEchoBot(new BotStateStorage(storage.state), port, '127.0.0.1');
  } else if (kind === 'echo') {
    const { MemoryStorage } = await import('botbuilder');
    await (await import('./echoBot')).startEchoBot(new MemoryStorage(), port, '127.0.0.1');
  } else {
    throw new Error(`unknown bot kind ${kind}`);
  }
  process.on('message', (message) => {
    if (message === 'trace') {
      process.send?.({ traces: takeTraces() });
      return;
    }
    if (message !== 'stats' && message !== 'stats-gc') return;
    // For memory checkpoints, a full collection first, so heapUsed shows what is kept rather than garbage.
    if (message === 'stats-gc') (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const stats: ProcessStats = {
      storage: storage?.metrics.snapshot() ?? { reads: 0, writes: 0, deletes: 0, lists: 0 },
      rss: memory.rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      cpuUs: cpu.user + cpu.system,
    };
    process.send?.(stats);
  });
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench bot could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
