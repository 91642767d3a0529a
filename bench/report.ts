import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import type { BotKind } from './botTarget';
import type { EscalationResult } from './escalation';
import { round, type LoadSummary } from './stats';

/** Baken's memory after a number of completed conversations. */
export interface MemoryPoint {
  conversations: number;
  peakRssMb: number;
  rssMb: number;
  /** Heap in use right after a full collection: what is kept. */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** Everything one run measured (written raw to docs/performance.json). */
export interface BenchResult {
  date: string;
  method: { loop: string; script: string[]; warmupMs: number; sliceMs: number; rounds: number };
  startupMs: Record<BotKind, number>;
  levels: Array<{ concurrency: number; results: Record<BotKind, LoadSummary> }>;
  blobOpsPerStep: Array<{ step: string; reads: number; writes: number }>;
  escalation: EscalationResult;
  memory: MemoryPoint[];
  /** Every bot's memory at the end of the run (the floors show what botbuilder and the SDKs cost alone). */
  memoryAtEnd: Record<BotKind, MemoryPoint>;
  soak: { concurrency: number; conversations: number; seconds: number; turnsPerSec: number };
  /** The machine's 1-minute load average at the start and the end of the run. */
  loadAverage: number[];
  durationS: number;
}

/** One target of issue 7, judged on this run. */
interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

const DOCS = path.join(__dirname, '..', 'docs');

function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  };
}

function ratio(a: number, b: number): number {
  return round(a / b, 2);
}

function level(result: BenchResult, concurrency: number) {
  return result.levels.find((l) => l.concurrency === concurrency)?.results;
}

/** Judges the targets of issue 7 on this run. */
function checks(result: BenchResult): TargetCheck[] {
  const list: TargetCheck[] = [];
  for (const c of [16, 64]) {
    const r = level(result, c);
    if (!r) continue;
    const x = ratio(r.baken.turnsPerSec, r.storage.turnsPerSec);
    list.push({
      target: `throughput ≥ 0.7× storage floor at ${c}`,
      measured: `${x}× (${r.baken.turnsPerSec} vs ${r.storage.turnsPerSec} turns/s)`,
      met: x >= 0.7,
    });
  }
  const r16 = level(result, 16);
  if (r16) {
    const x = ratio(r16.baken.p95, r16.storage.p95);
    list.push({
      target: 'p95 at 16 ≤ 2× storage floor',
      measured: `${x}× (${r16.baken.p95} vs ${r16.storage.p95} ms)`,
      met: x <= 2,
    });
  }
  const worst = result.blobOpsPerStep.reduce(
    (w, s) => ({ reads: Math.max(w.reads, s.reads), writes: Math.max(w.writes, s.writes) }),
    { reads: 0, writes: 0 },
  );
  const loaded = result.levels.map((l) => l.results.baken);
  const avgReads = Math.max(...loaded.map((l) => l.readsPerTurn));
  const avgWrites = Math.max(...loaded.map((l) => l.writesPerTurn));
  list.push({
    target: '≤ 1 blob read and ≤ 1 blob write per ordinary turn',
    measured: `at most ${worst.reads} read / ${worst.writes} write in any turn of the check; under load ${avgReads} / ${avgWrites} per turn`,
    met: worst.reads <= 1 && worst.writes <= 1 && avgReads <= 1 && avgWrites <= 1,
  });
  const e = result.escalation;
  list.push({
    target: 'escalation notice p95 < 300 ms at 16',
    measured:
      e.status === 'measured'
        ? `p95 ${e.p95} ms, p50 ${e.p50} ms (n=${e.samples}, ${e.teams} teams, ${e.failures} over 10 s); ` +
          `the submit turn alone: p50 ${e.submitP50}, p95 ${e.submitP95} ms`
        : `${e.status}: ${e.detail}`,
    met: e.status === 'measured' ? e.p95 < 300 && e.failures === 0 : undefined,
  });
  // The last two checkpoints (2,000 and 4,000 unless BENCH_MEMORY_AT says otherwise).
  const [m2, m4] = result.memory.filter((m) => m.conversations > 0).slice(-2);
  if (m2 && m4) {
    const growth = round(m4.peakRssMb - m2.peakRssMb, 1);
    const flat = growth <= Math.max(10, m2.peakRssMb * 0.05) && m4.heapUsedMb - m2.heapUsedMb <= 5;
    list.push({
      target: 'RSS < 250 MB and flat between 2,000 and 4,000 conversations',
      measured:
        `peak RSS ${m2.peakRssMb} → ${m4.peakRssMb} MB (${flat ? 'flat' : 'growing'}); ` +
        `heap after full GC ${m2.heapUsedMb} → ${m4.heapUsedMb} MB`,
      met: m4.peakRssMb < 250 && flat,
    });
  } else {
    list.push({
      target: 'RSS < 250 MB and flat between 2,000 and 4,000 conversations',
      measured: `the time budget ended the soak after ${result.soak.conversations} conversations`,
      met: undefined,
    });
  }
  return list;
}

function loadRows(result: BenchResult): string[][] {
  const rows: string[][] = [];
  for (const { concurrency, results } of result.levels) {
    for (const kind of ['echo', 'storage', 'baken'] as BotKind[]) {
      const s = results[kind];
      const vs = (base: LoadSummary) =>
        kind === 'baken' ? `${ratio(s.turnsPerSec, base.turnsPerSec)}× / ${ratio(s.p95, base.p95)}×` : '';
      rows.push([
        String(concurrency),
        kind === 'echo' ? 'echo floor' : kind === 'storage' ? 'storage floor' : 'Baken',
        String(s.turnsPerSec),
        String(s.p50),
        String(s.p95),
        String(s.p99),
        kind === 'echo' ? '–' : `${s.readsPerTurn} / ${s.writesPerTurn}`,
        `${s.cpuMsPerTurn} / ${s.azuriteCpuMsPerTurn} / ${s.driverCpuMsPerTurn}`,
        vs(results.echo),
        vs(results.storage),
        String(s.errors),
      ]);
    }
  }
  return rows;
}

const LOAD_HEAD = [
  'concurrent',
  'bot',
  'turns/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'blob r / w per turn',
  'CPU ms/turn: bot / Azurite / driver',
  'vs echo (tput / p95)',
  'vs storage (tput / p95)',
  'errors',
];

function markdownTable(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function markdown(
  result: BenchResult,
  m: ReturnType<typeof machine>,
  list: TargetCheck[],
  notes: string,
): string {
  const memRow = (label: string, p: MemoryPoint) => [
    label,
    String(p.peakRssMb),
    String(p.rssMb),
    String(p.heapTotalMb),
    String(p.heapUsedMb),
  ];
  const mem = [
    ...result.memory.map((p) =>
      memRow(
        p.conversations === 0 ? 'Baken after start-up' : `Baken after ${p.conversations} conversations`,
        p,
      ),
    ),
    memRow('Baken at the end', result.memoryAtEnd.baken),
    memRow('storage floor at the end', result.memoryAtEnd.storage),
    memRow('echo floor at the end', result.memoryAtEnd.echo),
  ];
  const e = result.escalation;
  const escalation =
    e.status === 'measured'
      ? `${e.concurrency} staff at once (closed loop), spread over ${e.teams} teams each with its own escalation
channel, walk the check (worried: yes) and press **Meld bij het team**, ${e.rounds} times each.
Latency: that press → the notice (a new thread in the team's channel naming the reporter) at the connector.
p50 **${e.p50} ms**, p95 **${e.p95} ms**, max ${e.max} ms; ${e.failures} notices not within 10 s. The submit turn
alone (press → invoke response): p50 ${e.submitP50} ms, p95 ${e.submitP95} ms.`
      : `${e.status}: ${e.detail}`;
  const verdict = (t: TargetCheck) => (t.met === undefined ? 'not measured' : t.met ? 'met' : 'missed');
  return `# Performance

Latest \`npm run bench\` (${result.date}, ${result.durationS} s). Raw figures: [performance.json](performance.json).

Machine: ${m.nproc} cores (nproc), ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.os}. Loopback only; the
machine is shared and noisy (load average ${result.loadAverage.join(' → ')} from start to end of the run), so
only ratios measured in the same run are compared.

## Method

- **Closed loop without think time.** N simulated staff, each in their own 1:1 conversation, send the next
  turn as soon as the reply to the previous one arrived; after the last turn a new member of staff starts.
- **Baken** walks the whole grooming check exactly as Teams sends it (${result.method.script.length} turns):
  ${result.method.script.join(' → ')} (the summary). The menu is a text message whose card is posted to the
  loopback connector; every button is an \`adaptiveCard/action\` invoke whose data is taken from the previous card,
  and whose HTTP response carries the next card.
- **Floors**, through the same driver, HTTP server module (restify), \`CloudAdapter\` and request mix (1 message +
  ${result.method.script.length - 1} invokes per conversation): the **echo floor** answers each message with a
  posted card and each invoke with a small card, keeping a turn counter in conversation state in
  \`MemoryStorage\`; the **storage floor** is the same bot with its state in Baken's \`BotStateStorage\` on the same
  Azurite (1 blob read + 1 blob write per turn).
- **Turn latency**: request sent → reply: for an invoke, its HTTP response with the card; for a message, the
  activity arriving at the connector. Turns/s counts turns completed inside the measured windows.
- Each bot runs in its own process (Node, under tsx, all three alike; \`npm start\` runs Baken compiled); Azurite (in memory) and the driver
  with the connector are two more processes, all on the same ${m.nproc} cores. At each concurrency every bot gets a
  ${result.method.warmupMs / 1000} s warm-up, then ${result.method.rounds} windows of ${result.method.sliceMs / 1000} s, the bots taking turns
  in rotating order, so a noisy moment is spread over all three.
- **Blob operations** are counted at Baken's storage layer (\`StorageMetrics\`); per step for one check at no load,
  and per turn under load. **CPU per turn** is each process's CPU time over the turns of its windows: the bot's
  (\`process.cpuUsage\`), Azurite's and the driver's (\`/proc\`).
- Baken is installed in ${result.escalation.status === 'measured' ? result.escalation.teams : 'the'} teams, each with a
  manager and an escalation channel, before any load. Azurite looks blobs up by scanning every blob of the account
  (LokiJS), which Azure does not: so that the emulator does not slow down as simulated staff accumulate, the driver
  deletes a finished conversation's state document (Baken and storage floor alike; not counted).
- **Memory**: Baken's peak RSS (\`maxRSS\`) and heap after a forced full GC, after 2,000 and 4,000 completed
  conversations (all phases counted; the rest is a soak at ${result.soak.concurrency} concurrent:
  ${result.soak.conversations} conversations in ${result.soak.seconds} s, ${result.soak.turnsPerSec} turns/s).
- **Start-up**: spawn of the process → first 200 on \`/readyz\`: Baken ${result.startupMs.baken} ms (storage floor
  ${result.startupMs.storage} ms, echo floor ${result.startupMs.echo} ms).

## Throughput and latency

${markdownTable(LOAD_HEAD, loadRows(result))}

## Blob operations per turn of one grooming check

${markdownTable(
  ['step', 'reads', 'writes'],
  result.blobOpsPerStep.map((s) => [s.step, String(s.reads), String(s.writes)]),
)}

## Escalation

${escalation}

## Memory

${markdownTable(['process', 'peak RSS MB', 'RSS MB', 'heap total MB', 'heap used after full GC MB'], mem)}

## Targets

${markdownTable(
  ['target', 'measured', 'verdict'],
  list.map((t) => [t.target, t.measured, verdict(t)]),
)}
${notes}`;
}

/** Prints the table and writes docs/performance.json and docs/performance.md (formatted as the repo's prettier does). */
export async function writeReport(result: BenchResult): Promise<void> {
  const m = machine();
  const list = checks(result);
  console.log('');
  console.log(textTable(LOAD_HEAD, loadRows(result)));
  console.log('');
  console.log(`start-up to ready: Baken ${result.startupMs.baken} ms`);
  console.log(
    result.escalation.status === 'measured'
      ? `escalation at 16: p50 ${result.escalation.p50} ms, p95 ${result.escalation.p95} ms ` +
          `(submit turn p95 ${result.escalation.submitP95} ms)`
      : `escalation: ${result.escalation.status} (${result.escalation.detail})`,
  );
  for (const p of result.memory) {
    console.log(
      `memory after ${p.conversations} conversations: peak RSS ${p.peakRssMb} MB, heap ${p.heapUsedMb} MB`,
    );
  }
  console.log('');
  for (const t of list)
    console.log(`${t.met === undefined ? '—' : t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${t.measured}`);
  console.log(`\nwhole run ${result.durationS} s (closed loop, no think time)`);
  writeFileSync(
    path.join(DOCS, 'performance.json'),
    `${JSON.stringify({ machine: m, ...result, targets: list }, null, 2)}\n`,
  );
  // The analysis of causes is written by hand, kept beside the bench and appended to each new table.
  const findings = path.join(__dirname, 'findings.md');
  const notes = existsSync(findings) ? `\n${readFileSync(findings, 'utf8')}` : '';
  const file = path.join(DOCS, 'performance.md');
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(
    file,
    await prettier.format(markdown(result, m, list, notes), { ...options, filepath: file }),
  );
}
