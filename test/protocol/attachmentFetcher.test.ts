import { Socket } from 'node:net';
import { fetchAttachment, type FetchPolicy } from '../../src/incidents/evidence/attachmentFetcher';
import { AttachmentServer, TEST_TLS } from '../support/attachmentServer';
import { hostsLookup } from '../support/hostsLookup';
import { PNG_1PX } from '../support/incidentDriver';

const TOKEN = 'Bearer test-bot-token';
const REFUSED = { ok: false, reason: 'network' };

/** Teams' attachment host (on the allowlist), over https. */
let teamsHost: AttachmentServer;
/** A host inside the network that an attacker would like Baken to reach; it must never see a connection. */
let inside: AttachmentServer;
/** Every outgoing connection attempt of this process, to any address. */
let connects: jest.SpyInstance;

beforeEach(async () => {
  teamsHost = await new AttachmentServer('127.0.0.1', TEST_TLS).start();
  inside = await new AttachmentServer('127.0.0.1', TEST_TLS).start();
  inside.serve('/a.png', { body: PNG_1PX });
  connects = jest.spyOn(Socket.prototype, 'connect');
});
afterEach(async () => {
  connects.mockRestore();
  await teamsHost.stop();
  await inside.stop();
});

/** The fetch policy with an app id set (signed mode): https only, the test's certificate trusted. */
function signed(extra: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    allowlist: ['127.0.0.1'],
    maxBytes: 4096,
    requireHttps: true,
    tokens: { authorization: async () => TOKEN },
    timeoutMs: 2000,
    ca: TEST_TLS.cert,
    ...extra,
  };
}

describe('outbound requests in signed mode go only where they may', () => {
  it('fetches from the allowlisted host over https, with the token', async () => {
    const url = teamsHost.serve('/v3/attachments/a/views/original', { body: PNG_1PX });
    expect(await fetchAttachment(url, signed())).toEqual({ ok: true, bytes: PNG_1PX, tokenSent: true });
    expect(teamsHost.requests).toEqual([{ path: '/v3/attachments/a/views/original', authorization: TOKEN }]);
    // The spy sees the fetcher's connections (so "not called" below means none was made).
    expect(connects).toHaveBeenCalled();
  });

  it.each([
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[0:0:0:0:0:ffff:7f00:1]',
    '[::ffff:a00:1]',
    '[::7f00:1]',
    '[::127.0.0.1]',
    '[::]',
    '[::1]',
    '[64:ff9b::7f00:1]',
    '[2002:7f00:1::]',
    '[fe80::1]',
    '[fc00::1]',
    '[ff02::1]',
    '0.0.0.0',
    '127.0.0.1',
    '10.0.0.1',
    '100.64.0.1',
    '169.254.169.254',
    '224.0.0.1',
    '255.255.255.255',
    'localhost',
  ])('refuses https://%s/… without making a connection, like a network failure', async (host) => {
    // Any port of `inside`: the allowlist names 127.0.0.1 only as itself, not in another spelling.
    const outcome = await fetchAttachment(`https://${host}:${inside.port}/a.png`, signed({ allowlist: [] }));
    expect(inside.connections).toBe(0);
    expect(connects).not.toHaveBeenCalled();
    expect(outcome).toEqual(REFUSED);
  });

  it('refuses a host name that resolves to a private address while connecting, not before', async () => {
    const lookup = hostsLookup({
      'files.baken.test': ['127.0.0.1'],
      'mapped.baken.test': ['::ffff:7f00:1'],
      'mixed.baken.test': ['8.8.8.8', '127.0.0.1'],
    });
    for (const name of ['files.baken.test', 'mapped.baken.test', 'mixed.baken.test']) {
      const outcome = await fetchAttachment(`https://${name}:${inside.port}/a.png`, signed({ lookup }));
      expect(outcome).toEqual(REFUSED);
    }
    // The names passed the check on the URL and were refused on their resolved addresses.
    expect(lookup.asked).toEqual(['files.baken.test', 'mapped.baken.test', 'mixed.baken.test']);
    expect(inside.connections).toBe(0);

    // The same resolver in local mode (the Playground) does reach the host: the refusal above was the check.
    const local = await fetchAttachment(`https://files.baken.test:${inside.port}/a.png`, {
      ...signed({ lookup }),
      requireHttps: false,
    });
    expect(local).toEqual({ ok: true, bytes: PNG_1PX, tokenSent: false });
    expect(inside.connections).toBe(1);
  });

  it('refuses a redirect from the allowed host to a private address on that hop', async () => {
    const lookup = hostsLookup({ 'files.baken.test': ['127.0.0.1'] });
    const toLiteral = teamsHost.serve('/v3/attachments/r1/views/original', {
      redirectTo: `https://[::ffff:7f00:1]:${inside.port}/a.png`,
    });
    const toName = teamsHost.serve('/v3/attachments/r2/views/original', {
      redirectTo: `https://files.baken.test:${inside.port}/a.png`,
    });
    expect(await fetchAttachment(toLiteral, signed({ lookup }))).toEqual(REFUSED);
    expect(await fetchAttachment(toName, signed({ lookup }))).toEqual(REFUSED);
    expect(teamsHost.requests.map((r) => r.path)).toEqual([
      '/v3/attachments/r1/views/original',
      '/v3/attachments/r2/views/original',
    ]);
    expect(inside.connections).toBe(0);
    expect(lookup.asked).toEqual(['files.baken.test']);
  });
});
