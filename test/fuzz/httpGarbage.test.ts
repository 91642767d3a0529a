import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { freePort } from '../../src/storage/embeddedAzurite';
import { openStorage } from '../../src/storage/storage';
import { bakenEnv, startBakenProcess, type BakenProcess } from '../support/bakenProcess';
import { LoopbackConnector } from '../support/connector';
import { checkProperty, oddString } from '../support/fuzzInput';
import { useAzurite } from '../support/harness';
import { personalConversation, personalMessage, user } from '../support/teams';

/**
 * Raw HTTP garbage against Baken running as its own process (so a crash is a dead process, not a swallowed
 * exception): invalid JSON, JSON that is no activity, deep nesting, wrong and odd content types and encodings,
 * oversized and lying bodies, broken HTTP. Every answer is a 4xx; the same process answers throughout; nothing
 * reaches the bot or storage.
 */

const azurite = useAzurite();
const MAX_BODY_BYTES = 16 * 1024;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const anna = user('anna', 'Anna de Vries');

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/vnd.api+json',
  'text/json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=XyZ',
  'multipart/form-data',
  'application/octet-stream',
  'application/xml',
  '*/*',
  '',
  'json',
];
const ENCODINGS = [
  undefined,
  'identity',
  'gzip',
  'GZIP',
  'deflate',
  'br',
  'x-gzip',
  'gzip, gzip',
  'compress',
  '*',
];

/** The blob of a conversation's state (botbuilder's key `<channel>/conversations/<id>/`). */
function stateDocName(channelId: string | undefined, conversationId: string | undefined): string {
  return `${encodeURIComponent(`${channelId}/conversations/${conversationId}/`)}.json`;
}

/** A JSON nesting `depth` deep, as arrays or objects. */
function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Bodies: arbitrary bytes and strings, JSON of any shape, valid activities cut short or corrupted, deep nesting. */
function bodies(serviceUrl: string): fc.Arbitrary<Buffer> {
  const activity = JSON.stringify(personalMessage(serviceUrl, anna, 'menu'));
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)),
    fc.json({ maxDepth: 4 }).map((s) => Buffer.from(s)),
    oddString.map((s) => Buffer.from(JSON.stringify({ type: s, text: s }))),
    fc.nat(activity.length - 1).map((n) => Buffer.from(activity.slice(0, n))),
    fc.tuple(fc.nat(activity.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
      const corrupted = Buffer.from(activity);
      corrupted[at] = byte;
      return corrupted;
    }),
    fc
      .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([depth, kind]) => Buffer.from(nested(depth, kind))),
    fc.constantFrom(Buffer.from(''), Buffer.from('\uFEFF{"type":"message"}'), Buffer.from('null')),
  );
}

/** True when a request could be a whole activity: plain JSON, an object with a string type. */
function couldBeActivity(
  body: Buffer,
  contentType: string | undefined,
  encoding: string | undefined,
): boolean {
  if (encoding !== undefined && encoding !== 'identity') return false;
  if (!contentType?.toLowerCase().startsWith('application/json')) return false;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown } | null;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.type === 'string';
  } catch {
    return false;
  }
}

/** A body in the given encoding (a broken stream when the encoding is not one we can make). */
function encode(body: Buffer, encoding: string | undefined, corrupt: boolean): Buffer {
  const lower = encoding?.toLowerCase();
  let encoded = body;
  if (lower === 'gzip' || lower === 'x-gzip') encoded = gzipSync(body);
  else if (lower === 'deflate') encoded = deflateSync(body);
  if (corrupt && encoded.length > 0)
    encoded = Buffer.concat([encoded.subarray(0, encoded.length >> 1), Buffer.from('xx')]);
  return encoded;
}

/** Sends raw bytes on a socket and returns what came back (until close or a short quiet time). */
function rawExchange(port: number, request: Buffer, waitMs = 500): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    const finish = () => {
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(request, () => undefined);
  });
}

describe('raw HTTP garbage against a running Baken process', () => {
  const connector = new LoopbackConnector();
  const prefix = `f${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let baken: BakenProcess;
  let pid: number | undefined;
  /**
   * Garbage that was a whole activity after all, and was served: the state documents such turns may write (a
   * corrupted byte can make it another channel's or conversation's activity).
   */
  let served = 0;
  const servedStates = new Set<string>();
  /** Served garbage whose service URL is no longer the connector's: its reply cannot reach Teams, the turn fails. */
  let unanswerable = 0;

  beforeAll(async () => {
    await connector.start();
    const port = await freePort();
    baken = await startBakenProcess(
      bakenEnv({
        AZURE_STORAGE_CONNECTION_STRING: azurite.get().connectionString,
        STORAGE_PREFIX: prefix,
        PORT: String(port),
        MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      }),
      port,
    );
    pid = baken.child.pid;
  }, 30_000);
  afterAll(async () => {
    await baken?.stop();
    await connector.stop();
  });

  /** The process is the one started, still running, and healthy. */
  async function stillServing(): Promise<void> {
    expect(baken.alive()).toBe(true);
    expect(baken.child.pid).toBe(pid);
    expect((await fetch(`${baken.url}/healthz`)).status).toBe(200);
  }

  async function post(body: Buffer, headers: Record<string, string>): Promise<number> {
    const res = await fetch(`${baken.url}/api/messages`, {
      method: 'POST',
      headers,
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  }

  it(`answers ${RUNS} garbage bodies with every content type and encoding with a 4xx`, async () => {
    const request = fc.record({
      body: bodies(connector.url),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      encoding: fc.constantFrom(...ENCODINGS),
      corrupt: fc.boolean(),
    });
    await checkProperty(
      request,
      async ({ body, contentType, encoding, corrupt }) => {
        const headers: Record<string, string> = {};
        if (contentType !== undefined) headers['content-type'] = contentType;
        if (encoding !== undefined) headers['content-encoding'] = encoding;
        const status = await post(encode(body, encoding, corrupt), headers);
        if (status === 200) {
          // Only when the garbage happens to be a whole activity (a corrupted byte inside a text, say).
          expect(couldBeActivity(body, contentType, encoding)).toBe(true);
          served++;
          const activity = JSON.parse(body.toString('utf8')) as {
            channelId?: string;
            serviceUrl?: string;
            conversation?: { id?: string };
          };
          servedStates.add(stateDocName(activity.channelId, activity.conversation?.id));
          if (activity.serviceUrl !== connector.url) unanswerable++;
        } else {
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        }
        await stillServing();
      },
      RUNS,
    );
  }, 120_000);

  it('refuses oversized bodies (413), compressed bodies and bombs (415) and multipart uploads (415)', async () => {
    const big = Buffer.from(
      JSON.stringify({ ...personalMessage(connector.url, anna, 'x'.repeat(MAX_BODY_BYTES * 4)) }),
    );
    expect(await post(big, { 'content-type': 'application/json' })).toBe(413);
    // 64 MB of JSON whitespace compressed to ~64 kB: refused by its encoding before anything inflates it.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toBe(415);
    // A broken gzip stream used to crash the process (restify's gunzip had no error listener).
    expect(
      await post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ).toBe(415);
    const multipart = Buffer.from(
      `--XyZ\r\nContent-Disposition: form-data; name="f"; filename="a.json"\r\nContent-Type: application/json\r\n\r\n${'A'.repeat(MAX_BODY_BYTES * 2)}\r\n--XyZ--\r\n`,
    );
    expect(await post(multipart, { 'content-type': 'multipart/form-data; boundary=XyZ' })).toBe(415);
    await stillServing();
  });

  it('survives broken HTTP: lying lengths, bad chunks, bad request lines, bad methods and paths', async () => {
    const valid = JSON.stringify(personalMessage(connector.url, anna, 'menu'));
    const head = (extra: string) =>
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}`;
    const requests = [
      // Content-Length larger than the body, then the client goes away.
      `${head(`Content-Length: ${valid.length + 500}\r\n\r\n`)}${valid}`,
      // Content-Length smaller than the body: the rest is a second, broken request.
      `${head('Content-Length: 10\r\n\r\n')}${valid}`,
      `${head('Content-Length: -1\r\n\r\n')}{}`,
      `${head('Content-Length: 99999999999999999999\r\n\r\n')}{}`,
      `${head('Transfer-Encoding: chunked\r\n\r\n')}zz\r\n{}\r\n0\r\n\r\n`,
      `${head('Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n')}2\r\n{}\r\n0\r\n\r\n`,
      `${head(`Transfer-Encoding: chunked\r\n\r\n`)}${(MAX_BODY_BYTES * 2).toString(16)}\r\n${'x'.repeat(MAX_BODY_BYTES * 2)}\r\n0\r\n\r\n`,
      'GARBAGE\r\n\r\n',
      'POST /api/messages HTTP/9.9\r\n\r\n',
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nX-Bad: \u0000\u0001\r\n\r\n`,
      `POST /api/messages HTTP/1.1\r\nHost: x\r\n${'X-Many: y\r\n'.repeat(3000)}\r\n`,
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'DELETE /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      'POST /../../etc/passwd HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      'POST /api/messages?x=%zz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    ];
    for (const raw of requests) {
      const answer = await rawExchange(baken.port, Buffer.from(raw, 'latin1'));
      const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
      // (The request is named in the failure.)
      for (const status of statuses)
        expect([raw.slice(0, 60), status < 500]).toEqual([raw.slice(0, 60), true]);
      await stillServing();
    }
    // Half a request, then silence: the server keeps serving others meanwhile.
    const socket = connect({ port: baken.port, host: '127.0.0.1' });
    socket.on('error', () => undefined);
    socket.write(head('Content-Length: 1000\r\n\r\n{"type":'));
    await stillServing();
    socket.destroy();
  });

  it('answers 400 to a Host header or request target that is no valid URL (restify 12 alone would crash on it)', async () => {
    const activity = JSON.stringify(personalMessage(connector.url, anna, 'menu'));
    const requests = [
      'GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n',
      'GET /readyz HTTP/1.1\r\nHost: foo|bar\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: [::1\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n',
      'GET http://a%20b/healthz HTTP/1.1\r\nHost: x\r\n\r\n',
      `POST /api/messages HTTP/1.1\r\nHost: a<b\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(activity)}\r\n\r\n${activity}`,
    ];
    const postsBefore = connector.posted().length;
    for (const raw of requests) {
      const answer = await rawExchange(baken.port, Buffer.from(raw, 'latin1'));
      // (The request is named in the failure.)
      expect([raw.slice(0, 60), answer.split('\r\n')[0]]).toEqual([
        raw.slice(0, 60),
        'HTTP/1.1 400 Bad Request',
      ]);
      await stillServing();
    }
    // The activity behind a bad Host reached no bot: nothing was sent.
    expect(connector.posted().length).toBe(postsBefore);
  });

  it('is the same healthy process afterwards: it serves a real message, and stored nothing for the garbage', async () => {
    const storage = openStorage({ connectionString: azurite.get().connectionString, prefix });
    const { state, ...rest } = await storage.listEverything();
    for (const names of Object.values(rest)) expect(names).toEqual([]);
    // At most the conversation state of garbage that was an activity after all (a served turn may or may not
    // have written it): nothing else, ever.
    expect(state.filter((name) => !servedStates.has(name))).toEqual([]);
    await stillServing();
    const annaChat = personalConversation(anna).id;
    const before = connector.posted(annaChat).length;
    expect(
      await post(Buffer.from(JSON.stringify(personalMessage(connector.url, anna, 'menu'))), {
        'content-type': 'application/json',
      }),
    ).toBe(200);
    await connector.waitFor(() => connector.posted(annaChat).length > before);
    // Only the message above and garbage that was an activity after all reached the bot; no turn failed but
    // those whose reply had nowhere to go.
    expect(connector.posted().length).toBeLessThanOrEqual(served + 1);
    const failures = baken.logLines().filter((l) => l.level === 'error');
    const unreachable = new Set(['turn_failed', 'turn_error_reply_failed']);
    expect(failures.filter((l) => !unreachable.has(String(l.event)))).toEqual([]);
    expect(failures.filter((l) => l.event === 'turn_failed').length).toBeLessThanOrEqual(unanswerable);
  });
});
