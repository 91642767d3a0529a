// Measures what local mode can still lose: writes the embedded Azurite acknowledged but had not saved yet when
// Azurite itself dies without closing (a kill of Azurite, or a power cut, which also takes the OS page cache).
// Each run writes small blobs one after another, kills Azurite with SIGKILL at a random moment, starts it again on
// the same folder and reports how far back acknowledged writes were lost. When Baken dies, Azurite saves before it
// exits, so nothing is lost (test/faults/localModeKill.test.ts); this is the window that remains.
// Run `npx tsx scripts/measureLossWindow.ts [runs]` (default 10, about 15 s each).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../src/storage/embeddedAzurite';

/** A random moment between these two to kill Azurite, in ms after the first write. */
const KILL_AFTER_MS = { min: 6_000, max: 16_000 };
const PAUSE_BETWEEN_WRITES_MS = 20;

interface Run {
  writes: number;
  lost: number;
  /** Age at the kill of the oldest acknowledged write that was lost, in ms (0 when none was lost). */
  oldestLostMs: number;
  /** Surviving blobs whose bytes did not read back as written (the bytes are in extent files of their own). */
  damaged: number;
}

const containerOf = (connectionString: string) =>
  BlobServiceClient.fromConnectionString(connectionString).getContainerClient('measure');

async function exited(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function oneRun(): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baken-losswindow-'));
  try {
    const azurite = await startAzurite({ location: dir });
    const container = containerOf(azurite.connectionString);
    await container.createIfNotExists();
    const ackedAt: number[] = [];
    const started = Date.now();
    const killAt = started + KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min);
    while (Date.now() < killAt) {
      const seq = ackedAt.length;
      const body = `write ${seq}`;
      await container.getBlockBlobClient(`w-${seq}`).upload(body, Buffer.byteLength(body));
      ackedAt.push(Date.now());
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_WRITES_MS));
    }
    const pid = azurite.pid;
    if (pid === undefined) throw new Error('Azurite has no pid');
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await exited(pid);

    const again = await startAzurite({ location: dir });
    try {
      const survivors = containerOf(again.connectionString);
      const kept = new Set<number>();
      let damaged = 0;
      for await (const blob of survivors.listBlobsFlat()) {
        const seq = Number(blob.name.slice(2));
        kept.add(seq);
        const text = (await survivors.getBlockBlobClient(blob.name).downloadToBuffer()).toString('utf8');
        if (text !== `write ${seq}`) damaged++;
      }
      const lost = ackedAt.map((_, seq) => seq).filter((seq) => !kept.has(seq));
      const oldest = lost.length > 0 ? Math.min(...lost) : undefined;
      return {
        writes: ackedAt.length,
        lost: lost.length,
        oldestLostMs: oldest === undefined ? 0 : killedAt - (ackedAt[oldest] ?? killedAt),
        damaged,
      };
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 10);
  const results: Run[] = [];
  for (let i = 1; i <= runs; i++) {
    const run = await oneRun();
    results.push(run);
    console.log(
      `run ${i}: ${run.writes} writes acknowledged, ${run.lost} lost, oldest lost ${run.oldestLostMs} ms before the kill, ${run.damaged} damaged`,
    );
  }
  const windows = results.map((r) => r.oldestLostMs).sort((a, b) => a - b);
  const median = windows[Math.floor(windows.length / 2)] ?? 0;
  console.log(
    `lost window over ${runs} runs: median ${median} ms, max ${windows[windows.length - 1] ?? 0} ms; ` +
      `damaged surviving blobs: ${results.reduce((n, r) => n + r.damaged, 0)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
