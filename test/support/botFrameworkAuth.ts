import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import jwt from 'jsonwebtoken';
import { startTestBaken, type TestBaken, type TestStorage } from './harness';
import { TENANT } from './teams';

/**
 * Offline Bot Framework authentication for tests: an OpenID metadata server on loopback standing in for
 * login.botframework.com, its signing keys, and tokens signed the way the Bot Connector signs them for Teams.
 */

/** The bot's app id in these tests. */
export const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
/** Another bot's app id (a token for it must not be accepted). */
export const OTHER_APP_ID = '9b2c1f3e-0000-4000-8000-00000000abcd';
/** A tenant Baken does not serve. */
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
/** The issuer of Bot Connector tokens. */
export const ISSUER = 'https://api.botframework.com';
/** The key id the metadata server publishes. */
export const KID = 'baken-test-key';

/** An RSA key pair; only the public half is published. */
export function rsaKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
/** The key pair whose public half the metadata server publishes. */
export const published = rsaKeys();
/** A key pair nobody published. */
export const stranger = rsaKeys();

/**
 * Stands in for login.botframework.com: the OpenID configuration document and the key set, in the format
 * botframework-connector's OpenIdMetadata reads (jwks_uri → keys[] with kid, n, e and endorsements).
 */
export async function startOpenIdServer(): Promise<{
  server: Server;
  metadataUrl: string;
  requests: string[];
}> {
  const requests: string[] = [];
  const jwk = published.publicKey.export({ format: 'jwk' });
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: ISSUER,
          authorization_endpoint: `${base}/v1/.well-known/authorize`,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(
        JSON.stringify({
          keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { server, metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`, requests };
}

/**
 * Outbound replies need an Azure AD token, which cannot be had here: these credentials sign nothing. The
 * inbound checks (signature, issuer, expiry, service URL) are botframework-connector's own; only the app id
 * check is ours, and it accepts exactly our app id.
 */
export class LoopbackCredentialsFactory extends ServiceClientCredentialsFactory {
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): ReturnType<ServiceClientCredentialsFactory['createCredentials']> {
    return { signRequest: async (request) => request };
  }
}

/** What a test token says and how it is signed. */
export interface TokenOptions {
  key?: KeyObject;
  kid?: string;
  issuer?: string;
  audience?: string;
  serviceUrl: string;
  /** Seconds from now; negative = in the past. */
  expiresIn?: number;
}

/** A Bot Framework channel token as the Bot Connector signs it for Teams. */
export function token(options: TokenOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (options.expiresIn ?? 3600);
  return jwt.sign(
    { serviceurl: options.serviceUrl, nbf: Math.min(now, exp) - 600, exp, iat: Math.min(now, exp) - 600 },
    (options.key ?? published.privateKey).export({ format: 'pem', type: 'pkcs8' }),
    {
      algorithm: 'RS256',
      keyid: options.kid ?? KID,
      issuer: options.issuer ?? ISSUER,
      audience: options.audience ?? APP_ID,
    },
  );
}

/** Baken with an app id, checking tokens against the OpenID metadata served on loopback (`metadataUrl`). */
export function startSignedBaken(storage: TestStorage, metadataUrl: string): Promise<TestBaken> {
  return startTestBaken(
    storage,
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'x',
      ALLOWED_TENANTS: TENANT,
      BOT_OPENID_METADATA_URL: metadataUrl,
    },
    { credentialsFactory: new LoopbackCredentialsFactory() },
  );
}
