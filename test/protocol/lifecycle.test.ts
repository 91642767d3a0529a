import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { azuriteConnectionString, freePort } from '../../src/storage/embeddedAzurite';
import { sourceHash, writeStamp } from '../../scripts/buildStamp.cjs';
import {
  bakenEnv,
  embeddedAzuritePort,
  spawnBaken,
  type SpawnedBaken,
  type SpawnOptions,
} from '../support/bakenProcess';
import { LoopbackConnector } from '../support/connector';
import { personalConversation, personalMessage, TEAM_ID, TENANT, teamInstall, user } from '../support/teams';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const ROOT = path.resolve(__dirname, '../..');

/** A Baken started the way `npm start` starts it, as a child process (not waited for: start-up is under test). */
interface BakenProcess extends SpawnedBaken {
  port: number;
}

function startProcess(env: NodeJS.ProcessEnv, port: number, options?: SpawnOptions): BakenProcess {
  return { ...spawnBaken(env, options), port };
}

/** What the process itself wrote on stderr: without Node's own deprecation warnings (a dependency's, not Baken's). */
function ownLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^\(node:\d+\) |^\(Use `node --trace/.test(l));
}

/** Polls GET /healthz until it answers 200; fails with the process output after the timeout. */
async function waitForHealthy(baken: BakenProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${baken.port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (baken.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`not healthy in ${timeoutMs} ms:\n${baken.stdout()}\n${baken.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pids of processes whose command line holds every one of the given strings. */
function pidsWith(...parts: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // exited meanwhile
    }
    if (parts.every((p) => cmdline.includes(p))) pids.push(Number(entry));
  }
  return pids;
}

async function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function post(baken: BakenProcess, activity: unknown): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${baken.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.text();
  return res.status;
}

/** The team record as stored, read straight from the embedded Azurite (the default prefix is `baken`). */
async function storedTeam(azuritePort: number): Promise<{ teamId: string; installedAt: string } | undefined> {
  const blob = BlobServiceClient.fromConnectionString(azuriteConnectionString(azuritePort))
    .getContainerClient('baken-teams')
    .getBlockBlobClient(`${encodeURIComponent(TEAM_ID)}.json`);
  if (!(await blob.exists())) return undefined;
  return JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
}

/** Ends the process group of a process this test started, if anything in it still runs. */
async function stopProcess(baken: BakenProcess | undefined): Promise<void> {
  const pid = baken?.child.pid;
  if (!baken || pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
  if (baken.child.exitCode === null && baken.child.signalCode === null) await baken.exited;
}

describe('npm start, stop and start again', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baken-lifecycle-'));
  const connector = new LoopbackConnector();
  const anna = user('anna', 'Anna de Vries');
  let first: BakenProcess | undefined;
  let second: BakenProcess | undefined;
  let firstAzuritePort = 0;
  let firstInstalledAt = '';

  beforeAll(async () => {
    await connector.start();
  });
  afterAll(async () => {
    await stopProcess(first);
    await stopProcess(second);
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /healthz with 200 within 10 s', async () => {
    const port = await freePort();
    first = startProcess(bakenEnv({ DATA_DIR: dataDir, PORT: String(port) }), port);
    await waitForHealthy(first, 10_000);
    firstAzuritePort = embeddedAzuritePort(first.stdout());
    expect(await acceptsConnections(firstAzuritePort)).toBe(true);
    // The embedded storage keeps its data in DATA_DIR, not in memory.
    expect(pidsWith('azurite', dataDir)).toHaveLength(1);
  }, 15_000);

  it('answers a Teams personal message with a card at the connector', async () => {
    if (!first) throw new Error('not started');
    const activity = personalMessage(connector.url, anna, 'menu');
    expect(await post(first, activity)).toBe(200);
    await connector.waitFor(() => connector.posted(personalConversation(anna).id).length > 0);
    const reply = connector.posted(personalConversation(anna).id)[0];
    expect(reply?.body).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });
  });

  it('says hello once when installed in a team, and stores the team', async () => {
    if (!first) throw new Error('not started');
    expect(await post(first, teamInstall(connector.url, anna))).toBe(200);
    await connector.waitFor(() => connector.posted(TEAM_ID).length > 0);
    expect(connector.posted(TEAM_ID)).toHaveLength(1);
    const team = await storedTeam(firstAzuritePort);
    expect(team).toMatchObject({ teamId: TEAM_ID, tenantId: TENANT });
    firstInstalledAt = team?.installedAt ?? '';
    expect(firstInstalledAt).not.toBe('');
  });

  it('exits 0 on SIGTERM and leaves no Azurite running', async () => {
    if (!first) throw new Error('not started');
    first.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      first.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no exit within 10 s:\n${first?.stdout()}`)), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('"event":"baken_stopped"');
    expect(await acceptsConnections(firstAzuritePort)).toBe(false);
    expect(pidsWith('azurite', dataDir)).toEqual([]);
  }, 15_000);

  it('keeps the team across a restart on the same DATA_DIR', async () => {
    const port = await freePort();
    second = startProcess(bakenEnv({ DATA_DIR: dataDir, PORT: String(port) }), port);
    // The start-up time is the first test's check; here only persistence matters, so a busy machine gets slack.
    await waitForHealthy(second, 20_000);
    const callsBefore = connector.calls.length;

    // Two independent signs that the stored team survived, either of which fails if DATA_DIR was lost:
    // 1. A second installation does not say hello again: the team is known. The turn ran without error (a
    //    failed turn would post an error message), so the silence really comes from the stored record.
    expect(await post(second, teamInstall(connector.url, anna))).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.calls.slice(callsBefore).map((c) => `${c.method} ${c.path}`)).toEqual([]);
    // 2. The record read back from storage is the one written before the restart (same installedAt); a
    //    fresh record would carry the time of this second installation.
    expect((await storedTeam(embeddedAzuritePort(second.stdout())))?.installedAt).toBe(firstInstalledAt);

    // Control: this second process does answer, so the silence above is not a dead bot.
    const bram = user('bram', 'Bram Jansen');
    expect(await post(second, personalMessage(connector.url, bram, 'menu'))).toBe(200);
    await connector.waitFor(() => connector.posted(personalConversation(bram).id).length > 0);

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(pidsWith('azurite', dataDir)).toEqual([]);
  }, 30_000);

  it('leaves no Azurite behind even when Baken is killed with SIGKILL', async () => {
    const port = await freePort();
    const killed = startProcess(bakenEnv({ DATA_DIR: dataDir, PORT: String(port) }), port);
    await waitForHealthy(killed, 20_000);
    expect(pidsWith('azurite', dataDir)).toHaveLength(1);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const deadline = Date.now() + 5000;
    while (pidsWith('azurite', dataDir).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pidsWith('azurite', dataDir)).toEqual([]);
  }, 30_000);
});

describe('npm start with an app id but no storage account', () => {
  it('exits non-zero with one line naming AZURE_STORAGE_CONNECTION_STRING', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baken-refused-'));
    const port = await freePort();
    const baken = startProcess(
      bakenEnv({
        DATA_DIR: dataDir,
        PORT: String(port),
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        ALLOWED_TENANTS: TENANT,
      }),
      port,
    );
    try {
      const exit = await baken.exited;
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      const lines = ownLines(baken.stderr());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/AZURE_STORAGE_CONNECTION_STRING/);
      expect(baken.stdout()).not.toContain('baken_started');
      // It stopped before starting anything: no embedded storage for a configuration with an app id.
      expect(pidsWith('azurite', dataDir)).toEqual([]);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      await stopProcess(baken);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start runs the build, as a user runs it', () => {
  it('runs the compiled dist/src/main.js with node: no tsx or tsc at start, and neither is a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.scripts.start).toMatch(
      /^exec node --require \.\/scripts\/requireBuild\.cjs dist\/src\/main\.js$/,
    );
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.dependencies.typescript).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    // npm ci leaves the project built.
    expect(pkg.scripts.prepare).toBe('npm run build');
  });

  describe('in a copy of the project', () => {
    const copies: string[] = [];
    /** The project's sources and start scripts, without node_modules; with a stand-in build when `built`. */
    function copyProject(built: boolean): string {
      const root = mkdtempSync(path.join(os.tmpdir(), 'baken-start-'));
      copies.push(root);
      for (const entry of [
        'package.json',
        'tsconfig.json',
        'tsconfig.build.json',
        'scripts',
        'src',
        'cards',
        'dialogs',
      ]) {
        cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
      }
      if (built) {
        mkdirSync(path.join(root, 'dist', 'src'), { recursive: true });
        writeFileSync(
          path.join(root, 'dist', 'src', 'main.js'),
          "process.stdout.write('stand-in build ran\\n');\n",
        );
        writeStamp(path.join(root, 'dist'), sourceHash(root));
      }
      return root;
    }
    afterAll(() => {
      for (const root of copies) rmSync(root, { recursive: true, force: true });
    });

    async function npmStart(root: string): Promise<{ code: number | null; stdout: string; lines: string[] }> {
      const started = spawnBaken(bakenEnv({ PORT: String(await freePort()) }), { cwd: root, viaNpm: true });
      const { code } = await started.exited;
      return { code, stdout: started.stdout(), lines: ownLines(started.stderr()) };
    }

    it('refuses with one line naming npm run build, and a non-zero exit, when there is no build', async () => {
      const run = await npmStart(copyProject(false));
      expect(run.code).toBe(1);
      expect(run.lines).toEqual([
        expect.stringMatching(/^Baken cannot start: there is no build in dist\/\. Run `npm run build`/),
      ]);
    });

    it('runs a build of the sources present, and refuses it once a source has changed', async () => {
      const root = copyProject(true);
      const fresh = await npmStart(root);
      expect([fresh.code, fresh.lines]).toEqual([0, []]);
      expect(fresh.stdout).toContain('stand-in build ran');

      appendFileSync(path.join(root, 'cards', 'flows', 'menuCard.ts'), '// changed after the build\n');
      const stale = await npmStart(root);
      expect(stale.code).toBe(1);
      expect(stale.lines).toEqual([
        expect.stringMatching(/^Baken cannot start: the build in dist\/ is out of date /),
      ]);
      expect(stale.stdout).not.toContain('stand-in build ran');
    });
  });

  it('stops cleanly when npm itself gets SIGTERM, as a container stop sends it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baken-npm-stop-'));
    const port = await freePort();
    const baken = startProcess(bakenEnv({ DATA_DIR: dataDir, PORT: String(port) }), port, { viaNpm: true });
    try {
      await waitForHealthy(baken, 20_000);
      expect(pidsWith('azurite', dataDir)).toHaveLength(1);
      baken.child.kill('SIGTERM');
      // npm hands the signal to Baken (its script execs node: no shell in between to swallow it) and waits for it.
      expect(await baken.exited).toEqual({ code: 0, signal: null });
      expect(baken.stdout()).toContain('"event":"baken_stopped"');
      // Nothing is left behind: an orphaned Baken would still listen, its Azurite would still run.
      expect(await acceptsConnections(port)).toBe(false);
      expect(pidsWith('azurite', dataDir)).toEqual([]);
    } finally {
      await stopProcess(baken);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
