import { useAzurite, type TestBaken } from '../support/harness';
import {
  APP_ID,
  ISSUER,
  OTHER_APP_ID,
  OTHER_TENANT,
  startOpenIdServer,
  startSignedBaken,
  stranger,
  token,
} from '../support/botFrameworkAuth';
import { personalConversation, personalMessage, user } from '../support/teams';
import jwt from 'jsonwebtoken';

const azurite = useAzurite();

describe('inbound authentication with an app id', () => {
  let openId: Awaited<ReturnType<typeof startOpenIdServer>>;
  let baken: TestBaken;
  let serviceUrl: string;
  const anna = user('anna', 'Anna de Vries');
  let consoleError: jest.SpyInstance;

  beforeAll(async () => {
    openId = await startOpenIdServer();
    baken = await startSignedBaken(azurite.get(), openId.metadataUrl);
    serviceUrl = baken.connector.url;
  });
  afterAll(async () => {
    await baken?.stop();
    await new Promise<void>((resolve) => openId?.server.close(() => resolve()));
  });
  beforeEach(() => {
    // botbuilder logs every refused token with console.error; the assertions below say what matters.
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    consoleError.mockRestore();
  });

  /** Sends a personal message with the given Authorization header (none when undefined). */
  async function sendMessage(
    authorization: string | undefined,
    activity = personalMessage(serviceUrl, anna, 'menu'),
  ) {
    const before = baken.connector.calls.length;
    const res = await baken.send(activity, authorization === undefined ? {} : { authorization });
    return { ...res, newCalls: () => baken.connector.calls.slice(before) };
  }

  /** Asserts a 401 and that nothing reached the connector. */
  async function expectRefused(authorization: string | undefined) {
    const res = await sendMessage(authorization);
    expect(res.status).toBe(401);
    // A turn that ran would have replied before the response; wait a little for anything late anyway.
    await new Promise((r) => setTimeout(r, 100));
    expect(res.newCalls()).toEqual([]);
  }

  it('answers a correctly signed Teams message with 200 and a reply at the connector', async () => {
    const activity = personalMessage(serviceUrl, anna, 'menu');
    const res = await sendMessage(`Bearer ${token({ serviceUrl })}`, activity);
    expect(res.status).toBe(200);
    await baken.connector.waitFor(() => baken.connector.posted(personalConversation(anna).id).length > 0);
    const reply = baken.connector.posted(personalConversation(anna).id)[0];
    expect(reply?.body).toMatchObject({ type: 'message', replyToId: activity.id });
    // The keys were fetched from our metadata server, so the signature check really ran against them.
    expect(openId.requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  });

  it('refuses a request without an Authorization header: 401, nothing at the connector', async () => {
    await expectRefused(undefined);
  });

  it.each([
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['three dots', 'Bearer ...'],
    ['a Basic header', `Basic ${Buffer.from(`${APP_ID}:x`).toString('base64')}`],
    ['a bare token without scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
  ])('refuses a malformed token (%s): 401', async (_what, header) => {
    await expectRefused(header);
  });

  it('refuses an unsigned token (alg none): 401', async () => {
    const unsigned = jwt.sign({ serviceurl: serviceUrl }, '', {
      algorithm: 'none',
      issuer: ISSUER,
      audience: APP_ID,
      expiresIn: 3600,
    });
    await expectRefused(`Bearer ${unsigned}`);
  });

  it('refuses a token signed by an unknown key with an unknown key id: 401', async () => {
    await expectRefused(`Bearer ${token({ serviceUrl, key: stranger.privateKey, kid: 'someone-else' })}`);
  });

  it('refuses a token signed by an unknown key that claims the published key id: 401', async () => {
    await expectRefused(`Bearer ${token({ serviceUrl, key: stranger.privateKey })}`);
  });

  it('refuses an expired token: 401', async () => {
    // botframework-connector allows 5 minutes of clock skew; this one expired 10 minutes ago.
    await expectRefused(`Bearer ${token({ serviceUrl, expiresIn: -600 })}`);
  });

  it('refuses a token for another bot (wrong audience): 401', async () => {
    await expectRefused(`Bearer ${token({ serviceUrl, audience: OTHER_APP_ID })}`);
  });

  it('refuses a token from another issuer: 401', async () => {
    await expectRefused(`Bearer ${token({ serviceUrl, issuer: 'https://sts.windows.net/evil/' })}`);
  });

  it('refuses a token issued for another service URL (replies must not be redirected): 401', async () => {
    await expectRefused(`Bearer ${token({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`);
  });

  it('does not serve a correctly signed activity from a tenant that is not allowed', async () => {
    const mallory = user('mallory', 'Mallory');
    const base = personalMessage(serviceUrl, mallory, 'menu');
    const foreign = {
      ...base,
      conversation: { ...base.conversation, tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    };
    const res = await sendMessage(`Bearer ${token({ serviceUrl })}`, foreign);
    // Authenticated, so not 401; but the turn never reaches the bot.
    expect(res.status).toBe(200);

    // Control: an allowed tenant's message sent afterwards is answered, so the foreign one had its chance.
    const bram = user('bram', 'Bram Jansen');
    expect(
      (await sendMessage(`Bearer ${token({ serviceUrl })}`, personalMessage(serviceUrl, bram, 'menu')))
        .status,
    ).toBe(200);
    await baken.connector.waitFor(() => baken.connector.posted(personalConversation(bram).id).length > 0);
    expect(baken.connector.posted(personalConversation(mallory).id)).toEqual([]);
    expect(
      res.newCalls().filter((c) => c.path.includes(encodeURIComponent(personalConversation(mallory).id))),
    ).toEqual([]);
  });

  it('does not serve a tenant that is only named in channelData when conversation.tenantId says otherwise', async () => {
    const mallory = user('mallory2', 'Mallory');
    const base = personalMessage(serviceUrl, mallory, 'menu');
    const foreign = { ...base, conversation: { ...base.conversation, tenantId: OTHER_TENANT } };
    const res = await sendMessage(`Bearer ${token({ serviceUrl })}`, foreign);
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(baken.connector.posted(personalConversation(mallory).id)).toEqual([]);
  });
});
