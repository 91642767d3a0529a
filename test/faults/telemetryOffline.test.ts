import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/storage/embeddedAzurite';
import { bakenEnv, startBakenProcess, type BakenProcess } from '../support/bakenProcess';
import { LoopbackConnector } from '../support/connector';
import { PEOPLE } from '../support/escalationSetup';
import { postActivity } from '../support/harness';
import { personalMessage } from '../support/teams';

/**
 * Baken started as `npm start` starts it, with an Application Insights connection string whose endpoint never
 * answers (a port on this machine that accepts connections and then says nothing) or refuses at once: it starts,
 * answers turns without waiting for the exporter, and stops cleanly within the shutdown cap.
 */

const GUARD = path.resolve(__dirname, '../support/loopbackOnly.cjs');
const KEY = '00000000-0000-0000-0000-000000000000';

describe('Application Insights that cannot be reached neither stops nor slows Baken', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baken-telemetry-'));
  const connector = new LoopbackConnector();
  const sockets = new Set<Socket>();
  let blackHole: Server;
  let blackHolePort = 0;
  let baken: BakenProcess | undefined;

  beforeAll(async () => {
    await connector.start();
    // Accepts every connection and never answers.
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    blackHolePort = (blackHole.address() as { port: number }).port;
  });
  afterAll(async () => {
    await baken?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['an endpoint that never answers', () => `http://127.0.0.1:${blackHolePort}/`],
    ['a closed port', () => 'http://127.0.0.1:9/'],
  ])(
    '%s: starts, answers at once, stops cleanly',
    async (_, endpoint) => {
      const port = await freePort();
      const started = Date.now();
      baken = await startBakenProcess(
        bakenEnv({
          DATA_DIR: path.join(dataDir, String(port)),
          PORT: String(port),
          APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${KEY};IngestionEndpoint=${endpoint()}`,
          // Failed exports stay in this test's folder; the Azure VM look-up (and anything else) stays on this machine.
          TMPDIR: dataDir,
          NODE_OPTIONS: `--require ${GUARD}`,
        }),
        port,
      );
      expect((await fetch(`${baken.url}/readyz`)).status).toBe(200);
      expect(baken.logLines().map((l) => l.event)).toContain('telemetry_started');
      const startedMs = Date.now() - started;

      // Turns are answered without waiting for the exporter.
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const answer = await postActivity(baken.url, personalMessage(connector.url, PEOPLE.bram, 'menu'));
        expect(answer.status).toBe(200);
        expect(Date.now() - t0).toBeLessThan(3000);
      }
      expect(connector.posted().length).toBeGreaterThanOrEqual(5);

      // SIGTERM: the exporter gets a few seconds to flush, then Baken exits 0 all the same.
      const stopping = Date.now();
      baken.child.kill('SIGTERM');
      const exit = await Promise.race([
        baken.exited,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000)),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping).toBeLessThan(15_000);
      expect(baken.stderr()).not.toMatch(/Baken could not start|unhandled|TypeError/i);
      expect(startedMs).toBeLessThan(20_000);
      baken = undefined;
    },
    60_000,
  );
});
