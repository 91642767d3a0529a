import { measureEscalationAlone } from './escalationAlone';
import type { RequestTrace } from './trace';

/**
 * `npm run bench:escalation`: only the escalation measurement of `npm run bench` (16 staff at once over 16 teams,
 * closed loop), for quick before/after comparisons while working on the escalation path. BENCH_ESCALATION_ROUNDS
 * sets the presses per member of staff (default 4). Prints the figures; writes nothing.
 */
async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ESCALATION_ROUNDS ?? 4);
  const { result, traces } = await measureEscalationAlone(rounds);
  console.log(JSON.stringify(result));
  if (process.env.BENCH_TRACE) printEscalationTraces(traces);
}

/** With BENCH_TRACE=1: the storage calls of the slowest and the median escalating request, in order. */
function printEscalationTraces(traces: RequestTrace[]): void {
  const escalating = traces
    .filter((t) => t.events.some((e) => e.container.endsWith('-escalations') && e.op === 'create'))
    .sort((a, b) => a.end - a.start - (b.end - b.start));
  const picks = [escalating[Math.floor(escalating.length / 2)], escalating[escalating.length - 1]];
  for (const trace of picks) {
    if (!trace) continue;
    console.log(`request ${Math.round(trace.end - trace.start)} ms:`);
    for (const e of trace.events) {
      const from = Math.round(e.start - trace.start);
      const to = Math.round(e.end - trace.start);
      console.log(`  ${String(from).padStart(5)} → ${String(to).padStart(5)} ms  ${e.op} ${e.container}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
