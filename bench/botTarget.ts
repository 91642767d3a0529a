import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import path from 'node:path';
import { freePort } from '../src/storage/embeddedAzurite';
import type { ProcessStats } from './botProcess';
import type { RequestTrace } from './trace';

/** Which bot a process runs: Baken, or one of the two floors. */
export type BotKind = 'baken' | 'storage' | 'echo';

/** An answer to one POST /api/messages. */
export interface HttpAnswer {
  status: number;
  body: string;
  at: number;
}

/** The server closed a kept-alive socket as the request went out on it. */
class StaleSocketError extends Error {}

/** One bot under test in its own process, reached over loopback HTTP. */
export class BotTarget {
  /** Milliseconds from spawn to the first 200 on /readyz. */
  startupMs = 0;
  /** Requests sent again after a stale kept-alive socket. */
  retries = 0;
  private child?: ChildProcess;
  private port = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    readonly kind: BotKind,
    private readonly storageConnectionString: string,
    /** Extra Node options for this process (e.g. V8 heap flags); BENCH_NODE_ARGS_<KIND> adds more. */
    private readonly nodeOptions: string[] = [],
  ) {}

  /** Spawns the process (under tsx, all three bots alike) and waits until /readyz answers 200. */
  async start(): Promise<this> {
    this.port = await freePort();
    const started = performance.now();
    // BENCH_NODE_ARGS_BAKEN="--cpu-prof" (or _STORAGE, _ECHO) profiles one bot.
    const extra = process.env[`BENCH_NODE_ARGS_${this.kind.toUpperCase()}`] ?? '';
    const nodeArgs = ['--expose-gc', ...this.nodeOptions, '--import', 'tsx', ...extra.split(' ')];
    const entry = path.join(__dirname, 'botProcess.ts');
    this.child = spawn(process.execPath, [...nodeArgs.filter((a) => a !== ''), entry, this.kind], {
      env: { ...process.env, BENCH_PORT: String(this.port), BENCH_STORAGE: this.storageConnectionString },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const exited = new Promise<never>((_, reject) =>
      this.child?.once('exit', (code) => reject(new Error(`${this.kind} exited with ${code}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([this.waitReady(60_000), exited]);
    this.startupMs = performance.now() - started;
    return this;
  }

  /**
   * Posts one activity to /api/messages as Teams does; resolves when the response is complete. A kept-alive
   * socket the server closed just as it was reused is retried once on a new one, as HTTP clients do.
   */
  async post(activity: unknown): Promise<HttpAnswer> {
    const body = JSON.stringify(activity);
    try {
      return await this.send(body);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) throw err;
      this.retries++;
      return this.send(body);
    }
  }

  private send(body: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/api/messages',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              at: performance.now(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('bot did not answer within 30 s')));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err.message) : err),
      );
      req.end(body);
    });
  }

  /** Asks the process for its storage counters, CPU time and memory (after a full GC when `gc`). */
  stats(gc = false): Promise<ProcessStats> {
    const child = this.child;
    if (!child) throw new Error('not started');
    return new Promise((resolve) => {
      child.once('message', (message) => resolve(message as ProcessStats));
      child.send(gc ? 'stats-gc' : 'stats');
    });
  }

  /** The request traces the process recorded (only with BENCH_TRACE=1; see bench/trace.ts). */
  traces(): Promise<RequestTrace[]> {
    const child = this.child;
    if (!child) throw new Error('not started');
    return new Promise((resolve) => {
      child.once('message', (message) => resolve((message as { traces: RequestTrace[] }).traces));
      child.send('trace');
    });
  }

  /** Stops the process and waits for it to exit. */
  async stop(): Promise<void> {
    this.agent.destroy();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const status = await new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port: this.port, path: '/readyz', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(0));
        req.end();
      });
      if (status === 200) return;
      if (performance.now() > deadline) throw new Error(`${this.kind} not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
