import { createHmac, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import {
  APP_ID,
  ISSUER,
  KID,
  OTHER_APP_ID,
  published,
  startOpenIdServer,
  startSignedBaken,
  stranger,
} from '../support/botFrameworkAuth';
import { checkProperty } from '../support/fuzzInput';
import { useMemoryStorage, type TestBaken } from '../support/harness';
import { personalConversation, personalMessage, user } from '../support/teams';

/**
 * With an app id configured, every request needs a Bot Framework token signed by a published key, for this bot,
 * from the Bot Connector, unexpired, for the activity's service URL. Any one thing wrong (or garbage instead of a
 * token) is a 401 with nothing sent; all right is served. The metadata and keys come from a loopback server.
 */

const storage = useMemoryStorage();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const anna = user('anna', 'Anna de Vries');
const annaChat = personalConversation(anna).id;

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** One thing about a token, right or wrong in a particular way. */
interface TokenSpec {
  key: 'published' | 'stranger';
  kid: 'published' | 'unknown' | 'missing';
  alg: 'RS256' | 'RS384' | 'RS512' | 'HS256' | 'none';
  issuer: 'botframework' | 'other' | 'missing';
  audience: 'bot' | 'other bot' | 'missing';
  expiry: 'valid' | 'expired' | 'missing';
  notBefore: 'past' | 'future';
  serviceUrl: 'activity' | 'other' | 'missing';
}

const VALID: TokenSpec = {
  key: 'published',
  kid: 'published',
  alg: 'RS256',
  issuer: 'botframework',
  audience: 'bot',
  expiry: 'valid',
  notBefore: 'past',
  serviceUrl: 'activity',
};

/** A token as the spec says. HS256 is "signed" with the published public key as HMAC secret (alg confusion). */
function tokenOf(spec: TokenSpec, serviceUrl: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    iat: now - 600,
    nbf: spec.notBefore === 'past' ? now - 600 : now + 3600,
  };
  if (spec.expiry !== 'missing') payload.exp = spec.expiry === 'valid' ? now + 3600 : now - 900;
  if (spec.issuer !== 'missing')
    payload.iss = spec.issuer === 'botframework' ? ISSUER : 'https://sts.windows.net/evil/';
  if (spec.audience !== 'missing') payload.aud = spec.audience === 'bot' ? APP_ID : OTHER_APP_ID;
  if (spec.serviceUrl !== 'missing')
    payload.serviceurl =
      spec.serviceUrl === 'activity' ? serviceUrl : 'https://smba.trafficmanager.net/emea/';
  const header: Record<string, unknown> = { alg: spec.alg, typ: 'JWT' };
  if (spec.kid !== 'missing') header.kid = spec.kid === 'published' ? KID : 'someone-else';
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (spec.alg === 'none') return `${signingInput}.`;
  if (spec.alg === 'HS256') {
    const secret = published.publicKey.export({ format: 'pem', type: 'spki' });
    return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
  }
  const key: KeyObject = (spec.key === 'published' ? published : stranger).privateKey;
  const signed = jwt.sign(payload, key.export({ format: 'pem', type: 'pkcs8' }), {
    algorithm: spec.alg,
    header: header as unknown as jwt.JwtHeader,
    noTimestamp: true,
  });
  return signed;
}

/** True when every part of the token is right (RS384 and RS512 are allowed algorithms too). */
function isValid(spec: TokenSpec): boolean {
  return (Object.keys(VALID) as Array<keyof TokenSpec>).every(
    (k) => spec[k] === VALID[k] || (k === 'alg' && (spec.alg === 'RS384' || spec.alg === 'RS512')),
  );
}

/** Header values fetch can send: printable ASCII. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 200,
});
const segment = fc.oneof(
  fc.json({ maxDepth: 2 }).map((j) => b64url(j)),
  fc.uint8Array({ maxLength: 80 }).map((a) => b64url(Buffer.from(a))),
  headerText.map((s) => s.replace(/\s/g, '')),
);

/**
 * True when two tokens sign the same text with the same signature bytes. The last base64url character of a
 * signature carries unused bits (256 bytes are 342 characters with 4 bits spare), so some one-character changes
 * there spell the same, still correctly signed token differently: not garbage.
 */
function sameSignedToken(a: string, b: string): boolean {
  const [aText, aSignature] = [a.slice(0, a.lastIndexOf('.')), a.slice(a.lastIndexOf('.') + 1)];
  const [bText, bSignature] = [b.slice(0, b.lastIndexOf('.')), b.slice(b.lastIndexOf('.') + 1)];
  return aText === bText && Buffer.from(aSignature, 'base64url').equals(Buffer.from(bSignature, 'base64url'));
}

/** Garbage Authorization headers: any text, odd schemes, JWT-shaped nonsense, real tokens mangled. */
function garbageHeaders(serviceUrl: string): fc.Arbitrary<string> {
  const real = tokenOf(VALID, serviceUrl);
  return fc.oneof(
    headerText,
    fc
      .tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Bearer  ', 'Token', ''), headerText)
      .map(([scheme, rest]) => `${scheme} ${rest}`),
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `Bearer ${parts.join('.')}`),
    fc.tuple(segment, segment).map(([h, p]) => `Bearer ${h}.${p}.${real.split('.')[2] ?? ''}`),
    // A real token with one character changed, cut short, or with another's header or signature.
    fc
      .tuple(fc.nat(real.length - 1), fc.constantFrom('A', 'z', '0', '-', '_', '.'))
      .map(([at, c]) => `${real.slice(0, at)}${c}${real.slice(at + 1)}`)
      .filter((changed) => !sameSignedToken(changed, real))
      .map((changed) => `Bearer ${changed}`),
    fc.nat(real.length - 2).map((n) => `Bearer ${real.slice(0, n)}`),
    fc.constant(`Bearer ${real} ${real}`),
    fc.constant(`Bearer ${real.split('.').slice(0, 2).join('.')}.`),
  );
}

describe('inbound tokens with an app id configured', () => {
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  let baken: TestBaken;
  let serviceUrl: string;
  let consoleError: jest.SpyInstance;
  let served = 0;

  beforeAll(async () => {
    openId = await startOpenIdServer();
    baken = await startSignedBaken(storage.get(), openId.metadataUrl);
    serviceUrl = baken.connector.url;
    // botbuilder logs every refused token with console.error; the assertions say what matters.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    consoleError?.mockRestore();
    await baken?.stop();
    await new Promise<void>((resolve) => openId?.server.close(() => resolve()));
  });

  /** Sends a 1:1 "menu" with the header; returns the status and how many replies reached Anna's chat. */
  async function send(authorization: string): Promise<{ status: number; replies: number }> {
    const before = baken.connector.posted(annaChat).length;
    const { status } = await baken.send(personalMessage(serviceUrl, anna, 'menu'), { authorization });
    return { status, replies: baken.connector.posted(annaChat).length - before };
  }

  it('serves a correctly signed token (the control)', async () => {
    expect(await send(`Bearer ${tokenOf(VALID, serviceUrl)}`)).toEqual({ status: 200, replies: 1 });
    served++;
  });

  it('refuses a signed-looking token whose payload is not JSON with 401 (it was a 500 echoing the parse error)', async () => {
    const [header, , signature] = tokenOf(VALID, serviceUrl).split('.');
    const answer = await send(`Bearer ${header}.${b64url('{"serviceurl" broken')}.${signature}`);
    expect(answer).toEqual({ status: 401, replies: 0 });
  });

  it('refuses a correctly signed token without an expiry (it would be valid forever) with 401', async () => {
    expect(await send(`Bearer ${tokenOf({ ...VALID, expiry: 'missing' }, serviceUrl)}`)).toEqual({
      status: 401,
      replies: 0,
    });
  });

  it('serves a token whose signature is spelled with other spare bits (same signature bytes, so not garbage)', async () => {
    const real = tokenOf(VALID, serviceUrl);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(real.slice(-1));
    const respelled = `${real.slice(0, -1)}${alphabet[(last & 0b110000) | ((last + 1) & 0b001111)]}`;
    expect(respelled).not.toBe(real);
    expect(sameSignedToken(respelled, real)).toBe(true);
    expect(await send(`Bearer ${respelled}`)).toEqual({ status: 200, replies: 1 });
    served++;
  });

  it(`refuses ${RUNS} garbage Authorization headers with 401, sending nothing`, async () => {
    await checkProperty(
      garbageHeaders(serviceUrl),
      async (header) => {
        expect(await send(header)).toEqual({ status: 401, replies: 0 });
      },
      RUNS,
    );
  }, 120_000);

  it(`serves a token only when everything about it is right (${RUNS} combinations)`, async () => {
    const spec: fc.Arbitrary<TokenSpec> = fc.record({
      key: fc.constantFrom('published', 'stranger'),
      kid: fc.constantFrom('published', 'unknown', 'missing'),
      alg: fc.constantFrom('RS256', 'RS384', 'RS512', 'HS256', 'none'),
      issuer: fc.constantFrom('botframework', 'other', 'missing'),
      audience: fc.constantFrom('bot', 'other bot', 'missing'),
      expiry: fc.constantFrom('valid', 'expired', 'missing'),
      notBefore: fc.constantFrom('past', 'future'),
      serviceUrl: fc.constantFrom('activity', 'other', 'missing'),
    });
    // Mostly one thing wrong at a time (the interesting cases), sometimes anything.
    const oneWrong = fc
      .tuple(fc.constantFrom(...(Object.keys(VALID) as Array<keyof TokenSpec>)), spec)
      .map(([field, random]) => ({ ...VALID, [field]: random[field] }) as TokenSpec);
    await checkProperty(
      fc.oneof({ arbitrary: oneWrong, weight: 3 }, { arbitrary: spec, weight: 1 }),
      async (s) => {
        const answer = await send(`Bearer ${tokenOf(s, serviceUrl)}`);
        if (isValid(s)) {
          expect(answer).toEqual({ status: 200, replies: 1 });
          served++;
        } else {
          expect(answer).toEqual({ status: 401, replies: 0 });
        }
      },
      RUNS,
    );
    expect(served).toBeGreaterThan(1);
    // The keys came from the loopback metadata server, once.
    expect(openId.requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  }, 120_000);
});
