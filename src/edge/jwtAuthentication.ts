import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../config';

/**
 * True for a Bearer token in JWS form whose header or payload is not base64url-encoded JSON: jws.decode throws a
 * SyntaxError on such a payload, which botbuilder lets escape as a 500 (echoing the parser's message).
 */
function isMalformedBearerToken(authHeader: string): boolean {
  const parts = authHeader.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Bearer') return false; // botbuilder refuses these itself
  const segments = (parts[1] ?? '').split('.');
  if (segments.length !== 3) return false; // not a JWS: botbuilder refuses it itself
  return segments.slice(0, 2).some((segment) => {
    try {
      const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
      return typeof value !== 'object' || value === null;
    } catch {
      return true;
    }
  });
}

/**
 * botbuilder lets jsonwebtoken's own errors (a token signed with the wrong key under a known key id) and a
 * SyntaxError from a token with a broken payload escape as a 500, and accepts a token without an expiry (valid
 * forever); each is a 401 like every other bad token.
 */
class BotFrameworkJwtAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const refused = () =>
      new AuthenticationError('Unauthorized. Token could not be verified.', StatusCodes.UNAUTHORIZED);
    if (isMalformedBearerToken(authHeader)) throw refused();
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(name)) throw refused();
      throw err;
    }
    // Only an identity from a verified token has claims (local mode's anonymous identity has none).
    const identity = result.claimsIdentity;
    if (identity?.isAuthenticated && identity.claims.length > 0) {
      const expiry = Number(identity.getClaimValue('exp') ?? Number.NaN);
      if (!Number.isFinite(expiry)) throw refused();
    }
    return result;
  }
}

/** Inbound JWT checks, on whenever an app id is set. */
export function botFrameworkAuthentication(
  config: Config,
  credentialsFactory: ServiceClientCredentialsFactory,
): ConfigurationBotFrameworkAuthentication {
  return new BotFrameworkJwtAuthentication(
    {
      MicrosoftAppId: config.bot.appId,
      MicrosoftAppTenantId: config.bot.tenantId,
      // Setting one endpoint makes botbuilder take every endpoint from this object (the rest would be
      // undefined and every token refused), so the other public-cloud values are given with it.
      ...(config.bot.openIdMetadataUrl
        ? {
            ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            CallerId: CallerIdConstants.PublicAzureChannel,
          }
        : {}),
    },
    credentialsFactory,
  );
}
