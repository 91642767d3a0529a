import { startAzurite } from '../../src/storage/embeddedAzurite';
import { startTestBaken, useAzurite, type TestBaken } from '../support/harness';
import { personalConversation, personalMessage, user } from '../support/teams';

const azurite = useAzurite();
const MAX_BODY_BYTES = 4096;
const anna = user('anna', 'Anna de Vries');
const annaChat = personalConversation(anna).id;

/** Posts a raw body to /api/messages; returns the status and the body text. */
async function post(
  baken: TestBaken,
  body: string,
  contentType?: string,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baken.url}/api/messages`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function get(baken: TestBaken, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baken.url}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('HTTP server', () => {
  let baken: TestBaken;
  beforeAll(async () => {
    baken = await startTestBaken(azurite.get(), { MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  });
  afterAll(async () => {
    await baken.stop();
  });

  it('answers GET /healthz with 200', async () => {
    expect(await get(baken, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers GET /readyz with 200 while storage answers', async () => {
    expect(await get(baken, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('serves a well-formed Teams message (the control for the refusals below)', async () => {
    const activity = personalMessage(baken.connector.url, anna, 'menu');
    const res = await post(baken, JSON.stringify(activity), 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    await baken.connector.waitFor((calls) => calls.length > 0);
    expect(baken.connector.posted(annaChat)).toHaveLength(1);
  });

  describe('refuses bad requests to /api/messages without reaching the bot', () => {
    let callsBefore = 0;
    beforeEach(() => {
      callsBefore = baken.connector.calls.length;
    });
    afterEach(async () => {
      // Give a wrongly started turn time to reach the connector before checking that none did.
      await new Promise((r) => setTimeout(r, 100));
      expect(baken.connector.calls.length).toBe(callsBefore);
    });

    it('invalid JSON → 400', async () => {
      const res = await post(baken, '{"type": "message", "text": ', 'application/json');
      expect(res.status).toBe(400);
    });

    it('text/plain → 415', async () => {
      const activity = personalMessage(baken.connector.url, anna, 'menu');
      const res = await post(baken, JSON.stringify(activity), 'text/plain');
      expect(res.status).toBe(415);
    });

    it('no content type → 415', async () => {
      const activity = personalMessage(baken.connector.url, anna, 'menu');
      const res = await post(baken, JSON.stringify(activity));
      expect(res.status).toBe(415);
    });

    it('a body over MAX_BODY_BYTES → 413', async () => {
      const activity = personalMessage(baken.connector.url, anna, 'x'.repeat(MAX_BODY_BYTES * 2));
      const res = await post(baken, JSON.stringify(activity), 'application/json');
      expect(res.status).toBe(413);
    });

    it('a JSON array → 400', async () => {
      const activity = personalMessage(baken.connector.url, anna, 'menu');
      const res = await post(baken, JSON.stringify([activity]), 'application/json');
      expect(res.status).toBe(400);
    });

    it.each([
      ['a JSON string', '"message"'],
      ['JSON null', 'null'],
      ['a number', '42'],
    ])('%s → 400', async (_what, body) => {
      const res = await post(baken, body, 'application/json');
      expect(res.status).toBe(400);
    });

    it('an object without an activity type → 400', async () => {
      const res = await post(baken, JSON.stringify({ text: 'menu' }), 'application/json');
      expect(res.status).toBe(400);
    });
  });

  it('is still healthy and serving after all of that', async () => {
    expect((await get(baken, '/healthz')).status).toBe(200);
    expect((await get(baken, '/readyz')).status).toBe(200);
    const activity = personalMessage(baken.connector.url, anna, 'menu');
    const before = baken.connector.posted(annaChat).length;
    expect((await post(baken, JSON.stringify(activity), 'application/json')).status).toBe(200);
    await baken.connector.waitFor(() => baken.connector.posted(annaChat).length > before);
  });
});

describe('readiness when storage goes away', () => {
  it('answers /readyz with 503 once Azurite has stopped, while /healthz stays 200', async () => {
    // Its own Azurite: stopping the shared one would break the other tests in this file.
    const own = await startAzurite();
    const baken = await startTestBaken(own);
    try {
      expect((await get(baken, '/readyz')).status).toBe(200);
      await own.stop();
      const started = Date.now();
      expect(await get(baken, '/readyz')).toEqual({ status: 503, body: { status: 'storage unreachable' } });
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await get(baken, '/healthz')).status).toBe(200);
    } finally {
      await baken.stop();
      await own.stop();
    }
  });
});
