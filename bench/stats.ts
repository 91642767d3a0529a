import type { SliceResult } from './drivers';

/** Throughput and latency of one bot at one concurrency, over all its slices. */
export interface LoadSummary {
  concurrency: number;
  windowMs: number;
  turns: number;
  errors: number;
  turnsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Blob operations per turn, counted at the storage layer over every turn of the slices. */
  readsPerTurn: number;
  writesPerTurn: number;
  /** CPU time per turn (ms), over every turn of the slices: the bot's process, Azurite's, the driver's. */
  cpuMsPerTurn: number;
  azuriteCpuMsPerTurn: number;
  driverCpuMsPerTurn: number;
}

/** Blob operation counts taken around a slice. */
export interface OpsDelta {
  reads: number;
  writes: number;
  cpuUs: number;
  azuriteCpuUs: number;
  driverCpuUs: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

/** Rounds to a given number of decimals. */
export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Sums the slices of one bot at one concurrency: turns per second over the windows, latency percentiles. */
export function summarize(concurrency: number, slices: SliceResult[], ops: OpsDelta[]): LoadSummary {
  const sorted = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const windowMs = slices.reduce((sum, s) => sum + s.windowMs, 0);
  const turns = slices.reduce((sum, s) => sum + s.turns, 0);
  const allTurns = slices.reduce((sum, s) => sum + s.allTurns, 0);
  const perTurn = (n: number) => (allTurns === 0 ? NaN : round(n / allTurns, 3));
  return {
    concurrency,
    windowMs: Math.round(windowMs),
    turns,
    errors: slices.reduce((sum, s) => sum + s.errors.length, 0),
    turnsPerSec: round((turns * 1000) / windowMs),
    p50: round(quantile(sorted, 0.5), 1),
    p95: round(quantile(sorted, 0.95), 1),
    p99: round(quantile(sorted, 0.99), 1),
    max: round(sorted[sorted.length - 1] ?? NaN, 1),
    readsPerTurn: perTurn(ops.reduce((sum, o) => sum + o.reads, 0)),
    writesPerTurn: perTurn(ops.reduce((sum, o) => sum + o.writes, 0)),
    cpuMsPerTurn: perTurn(ops.reduce((sum, o) => sum + o.cpuUs, 0) / 1000),
    azuriteCpuMsPerTurn: perTurn(ops.reduce((sum, o) => sum + o.azuriteCpuUs, 0) / 1000),
    driverCpuMsPerTurn: perTurn(ops.reduce((sum, o) => sum + o.driverCpuUs, 0) / 1000),
  };
}
