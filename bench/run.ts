import { readFileSync } from 'node:fs';
import { BotStateStorage } from '../src/edge/botStateStorage';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../src/storage/embeddedAzurite';
import { openStorage } from '../src/storage/storage';
import { personalConversation, user, type TestUser } from '../test/support/teams';
import type { ProcessStats } from './botProcess';
import { BotTarget, type BotKind } from './botTarget';
import { BenchConnector } from './connector';
import { childPid, cpuUsOf } from './cpu';
import { ClosedLoop, GROOMING_CHECK, turn, type SliceResult } from './drivers';
import { checkWalk, measureEscalation, prepareTeams } from './escalation';
import { writeReport, type BenchResult, type MemoryPoint } from './report';
import { round, summarize, type LoadSummary, type OpsDelta } from './stats';

/** Concurrent conversations measured. */
const LEVELS = [1, 16, 64];
const KINDS: BotKind[] = ['echo', 'storage', 'baken'];
/** Each bot at each level: a warm-up slice, then ROUNDS measured slices, the bots taking turns. */
const WARMUP_MS = 1_500;
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 3_000);
const ROUNDS = 3;
/** Baken's memory is read after this many completed conversations (all phases counted). */
const MEMORY_CHECKPOINTS = (process.env.BENCH_MEMORY_AT ?? '2000,4000').split(',').map(Number);
const SOAK_CONCURRENCY = 64;
/** The whole run stays under 10 minutes: the soak stops at this budget even short of its conversations. */
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 565) * 1000;
/** Teams Baken is installed in, each with its escalation channel; escalating staff are spread over them. */
const TEAMS = 16;

/** Container prefixes of the two bots that keep state in Azurite (see bench/botProcess.ts). */
const PREFIXES: Partial<Record<BotKind, string>> = { baken: 'benchbaken', storage: 'benchfloor' };

type Cleanup = (u: TestUser) => Promise<void>;

/**
 * Azurite looks blobs up by a linear scan of every blob in the account (LokiJS; profiled: 39% of its CPU in
 * createBlob's find, and read+write pairs/s falling from 83 to 23 between 200 and 12,000 blobs), which Azure
 * Blob storage does not. So that the emulator does not slow down with the number of staff simulated, the
 * driver deletes a finished conversation's state document (it is never used again: every conversation is a
 * new member of staff), for both bots that keep state in Azurite. Not counted as a turn or a blob operation.
 */
function cleanupFor(kind: BotKind, connectionString: string): Cleanup | undefined {
  const prefix = PREFIXES[kind];
  if (!prefix) return undefined;
  const storage = openStorage({ connectionString, prefix });
  return (u) =>
    new BotStateStorage(storage.state).delete([`msteams/conversations/${personalConversation(u).id}/`]);
}

/** One measured slice, with its blob operations (the bot's own counters) and the CPU time of each process. */
async function measureSlice(target: BotTarget, loop: ClosedLoop, ms: number, azuritePid: number) {
  const before = await target.stats();
  const [azuriteBefore, driverBefore] = [cpuUsOf(azuritePid), process.cpuUsage()];
  const slice = await loop.run(ms);
  const [azuriteAfter, driver] = [cpuUsOf(azuritePid), process.cpuUsage(driverBefore)];
  const after = await target.stats();
  const ops: OpsDelta = {
    reads: after.storage.reads - before.storage.reads,
    writes: after.storage.writes - before.storage.writes,
    cpuUs: after.cpuUs - before.cpuUs,
    azuriteCpuUs: azuriteAfter - azuriteBefore,
    driverCpuUs: driver.user + driver.system,
  };
  return { slice, ops };
}

/** Every bot at one concurrency, in rotating order so a noisy moment does not hit only one of them. */
async function measureLevel(
  targets: Record<BotKind, BotTarget>,
  connector: BenchConnector,
  concurrency: number,
  onBakenConversation: () => void,
  cleanups: Partial<Record<BotKind, Cleanup>>,
  azuritePid: number,
): Promise<Record<BotKind, LoadSummary>> {
  const loops = Object.fromEntries(
    KINDS.map((k) => [
      k,
      new ClosedLoop(
        targets[k],
        connector,
        concurrency,
        k === 'baken' ? onBakenConversation : undefined,
        cleanups[k],
      ),
    ]),
  ) as Record<BotKind, ClosedLoop>;
  const slices = Object.fromEntries(KINDS.map((k) => [k, [] as SliceResult[]])) as Record<
    BotKind,
    SliceResult[]
  >;
  const ops = Object.fromEntries(KINDS.map((k) => [k, [] as OpsDelta[]])) as Record<BotKind, OpsDelta[]>;
  for (const kind of KINDS) await loops[kind].run(WARMUP_MS);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < KINDS.length; i++) {
      const kind = KINDS[(i + round) % KINDS.length] as BotKind;
      const { slice, ops: delta } = await measureSlice(targets[kind], loops[kind], SLICE_MS, azuritePid);
      slices[kind].push(slice);
      ops[kind].push(delta);
      if (slice.errors.length > 0) console.warn(`${kind} @${concurrency}: ${slice.errors[0]}`);
    }
  }
  for (const kind of KINDS) await loops[kind].end();
  const result = Object.fromEntries(
    KINDS.map((k) => [k, summarize(concurrency, slices[k], ops[k])]),
  ) as Record<BotKind, LoadSummary>;
  for (const kind of KINDS) {
    const s = result[kind];
    console.log(
      `  ${String(concurrency).padStart(2)} ${kind.padEnd(7)} ${String(s.turnsPerSec).padStart(7)} turns/s` +
        `  p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} ms  CPU ms/turn: bot ${s.cpuMsPerTurn}, Azurite ` +
        `${s.azuriteCpuMsPerTurn}, driver ${s.driverCpuMsPerTurn}  (${s.turns} turns)`,
    );
  }
  return result;
}

/** The blob reads and writes of each turn of one whole check, at no load. */
async function blobOpsPerStep(target: BotTarget, connector: BenchConnector) {
  const u = user(`bench-steps-${Date.now()}`, 'Medewerker');
  const steps: BenchResult['blobOpsPerStep'] = [];
  let card: unknown;
  for (const step of GROOMING_CHECK) {
    const before = await target.stats();
    card = (await turn(target, connector, u, step, card)).card;
    const after = await target.stats();
    steps.push({
      step: 'text' in step ? `"${step.text}"` : step.press,
      reads: after.storage.reads - before.storage.reads,
      writes: after.storage.writes - before.storage.writes,
    });
  }
  return steps;
}

function memoryPoint(conversations: number, stats: ProcessStats): MemoryPoint {
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    conversations,
    peakRssMb: mb(stats.maxRss),
    rssMb: mb(stats.rss),
    heapUsedMb: mb(stats.heapUsed),
    heapTotalMb: mb(stats.heapTotal),
    externalMb: mb(stats.external),
  };
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadStart = round(os.loadavg()[0] ?? 0, 1);
  console.log('Baken benchmark: closed loop, no think time; each simulated member of staff sends the next');
  console.log(
    'turn as soon as the reply arrived, in their own 1:1 conversation, through the whole grooming check.',
  );
  const azurite = await startAzurite();
  const azuritePid = childPid('azurite') ?? 0;
  const connector = await new BenchConnector().start();
  // Baken starts first and alone, so its start-up time is not shared with the floors' start-up.
  const baken = await new BotTarget('baken', azurite.connectionString).start();
  const targets: Record<BotKind, BotTarget> = {
    baken,
    storage: await new BotTarget('storage', azurite.connectionString).start(),
    echo: await new BotTarget('echo', azurite.connectionString).start(),
  };
  try {
    const memory: MemoryPoint[] = [memoryPoint(0, await baken.stats(true))];
    await prepareTeams(baken, connector, azurite.connectionString, TEAMS);
    await checkWalk(baken, connector);
    const opsPerStep = await blobOpsPerStep(baken, connector);
    let bakenConversations = 0;
    const checkpoints: Array<Promise<void>> = [];
    const onBakenConversation = () => {
      const n = ++bakenConversations;
      if (MEMORY_CHECKPOINTS.includes(n)) {
        checkpoints.push(baken.stats(true).then((s) => void memory.push(memoryPoint(n, s))));
      }
    };
    const levels: BenchResult['levels'] = [];
    let escalation: BenchResult['escalation'] | undefined;
    const cleanups = Object.fromEntries(KINDS.map((k) => [k, cleanupFor(k, azurite.connectionString)]));
    for (const concurrency of LEVELS) {
      levels.push({
        concurrency,
        results: await measureLevel(
          targets,
          connector,
          concurrency,
          onBakenConversation,
          cleanups,
          azuritePid,
        ),
      });
      if (concurrency === 16) escalation = await measureEscalation(baken, connector, 16, TEAMS, 2);
    }
    const last = MEMORY_CHECKPOINTS[MEMORY_CHECKPOINTS.length - 1] ?? 0;
    console.log(`  soak: Baken at ${SOAK_CONCURRENCY} concurrent until ${last} completed conversations…`);
    const soak = new ClosedLoop(baken, connector, SOAK_CONCURRENCY, onBakenConversation, cleanups.baken);
    const soakStart = performance.now();
    const soakBefore = bakenConversations;
    const left = BUDGET_MS - (performance.now() - began);
    await soak.run(Math.max(left, 0), () => bakenConversations >= last);
    await soak.end();
    await Promise.all(checkpoints);
    const soakSeconds = (performance.now() - soakStart) / 1000;
    const atEnd = Object.fromEntries(
      await Promise.all(KINDS.map(async (k) => [k, memoryPoint(0, await targets[k].stats(true))] as const)),
    ) as Record<BotKind, MemoryPoint>;
    const result: BenchResult = {
      date: new Date().toISOString(),
      method: {
        loop: 'closed loop without think time',
        script: GROOMING_CHECK.map((s) => ('text' in s ? `"${s.text}"` : s.press)),
        warmupMs: WARMUP_MS,
        sliceMs: SLICE_MS,
        rounds: ROUNDS,
      },
      startupMs: {
        baken: Math.round(baken.startupMs),
        storage: Math.round(targets.storage.startupMs),
        echo: Math.round(targets.echo.startupMs),
      },
      levels,
      blobOpsPerStep: opsPerStep,
      escalation: escalation ?? { status: 'not built yet', detail: 'not run' },
      memory,
      memoryAtEnd: atEnd,
      soak: {
        concurrency: SOAK_CONCURRENCY,
        conversations: bakenConversations - soakBefore,
        seconds: Math.round(soakSeconds),
        turnsPerSec: Math.round(((bakenConversations - soakBefore) * GROOMING_CHECK.length) / soakSeconds),
      },
      durationS: 0,
      loadAverage: [loadStart, round(os.loadavg()[0] ?? 0, 1)],
    };
    result.durationS = Math.round((performance.now() - began) / 1000);
    const retried = KINDS.map((k) => `${k} ${targets[k].retries}`).join(', ');
    console.log(`requests sent again after a stale kept-alive socket: ${retried}`);
    await writeReport(result);
  } finally {
    for (const t of Object.values(targets)) await t.stop();
    await connector.stop();
    await azurite.stop();
  }
}

/** `npm run bench -- --report-only` renders docs/performance.md again from docs/performance.json (after editing bench/findings.md). */
async function reportOnly(): Promise<void> {
  const raw = readFileSync(path.join(__dirname, '..', 'docs', 'performance.json'), 'utf8');
  await writeReport(JSON.parse(raw) as BenchResult);
}

(process.argv.includes('--report-only') ? reportOnly() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
