import { AuthenticationConstants, type ServiceClientCredentialsFactory } from 'botframework-connector';

/** Where the bot's own Bot Framework token comes from, for downloading Teams attachments. */
export interface AttachmentTokenSource {
  /** The Authorization header value ("Bearer …"), or undefined when the bot has no token (local mode). */
  authorization(): Promise<string | undefined>;
}

/**
 * The token from the same credentials factory the adapter uses to call the Bot Connector (audience
 * api.botframework.com). In local mode (no app id) there is no token.
 */
export function credentialsTokenSource(
  factory: ServiceClientCredentialsFactory,
  appId: string,
): AttachmentTokenSource {
  // One credentials object, so its token cache is reused between downloads.
  let credentials: ReturnType<ServiceClientCredentialsFactory['createCredentials']> | undefined;
  return {
    async authorization() {
      if (!appId) return undefined;
      credentials ??= factory.createCredentials(
        appId,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        AuthenticationConstants.ToChannelFromBotLoginUrl,
        true,
      );
      const signer = await credentials.catch((err: unknown) => {
        credentials = undefined;
        throw err;
      });
      // ServiceClientCredentials only know how to sign a request: sign a bare one and read the header.
      const headers = new Map<string, string>();
      const request = {
        headers: {
          set: (name: string, value: string) => headers.set(name.toLowerCase(), value),
          get: (name: string) => headers.get(name.toLowerCase()),
        },
      };
      await signer.signRequest(request as unknown as Parameters<typeof signer.signRequest>[0]);
      return headers.get('authorization');
    },
  };
}
