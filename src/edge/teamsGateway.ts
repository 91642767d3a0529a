import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Clock } from '../clock';
import { DeliveryError, parseRetryAfter } from '../delivery/deliveryError';
import type { SendAddress } from '../delivery/outboxEntry';
import type { DeliveryResult, OutboundActivity, RosterMember, TeamsPort } from '../delivery/teamsPort';

/** The audience of tokens for the Bot Connector. */
const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/** Where multi-tenant bots get their token. */
const MULTI_TENANT_LOGIN = 'https://login.microsoftonline.com/botframework.com';

type Credentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;
type SignableRequest = Parameters<Credentials['signRequest']>[0];

/** What the gateway needs. */
export interface TeamsGatewayOptions {
  /** The bot's app id; empty in local mode (no Authorization header then). */
  appId: string;
  /** The bot's tenant, for single-tenant bots. */
  tenantId?: string;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Time-out of one request. */
  timeoutMs?: number;
  clock: Clock;
}

/**
 * The only part of delivery that speaks HTTP to Teams: the Bot Connector REST API, called directly with fetch so
 * every retry decision stays in the dispatcher (no hidden SDK retries or sleeps). Errors become DeliveryError.
 */
export class TeamsGateway implements TeamsPort {
  private credentials?: Promise<Credentials>;

  constructor(private readonly options: TeamsGatewayOptions) {}

  /** POST v3/conversations with the notice as the first message of a new channel thread. */
  async createChannelThread(
    address: SendAddress,
    channelId: string,
    activity: OutboundActivity,
  ): Promise<DeliveryResult> {
    const body = {
      isGroup: true,
      bot: address.botId ? { id: address.botId } : undefined,
      tenantId: address.tenantId,
      channelData: {
        channel: { id: channelId },
        ...(address.tenantId ? { tenant: { id: address.tenantId } } : {}),
      },
      activity,
    };
    const answer = await this.call('POST', address.serviceUrl, 'v3/conversations', body);
    const conversationId = stringField(answer, 'id');
    const activityId = stringField(answer, 'activityId') ?? conversationId?.split('messageid=')[1];
    if (!conversationId || !activityId) throw new DeliveryError(502, false);
    return { conversationId, activityId };
  }

  /** POST v3/conversations for the 1:1 chat (Teams returns the existing one), then POST the activity. */
  async sendPersonal(
    address: SendAddress,
    userId: string,
    activity: OutboundActivity,
  ): Promise<DeliveryResult> {
    const body = {
      isGroup: false,
      bot: address.botId ? { id: address.botId } : undefined,
      members: [{ id: userId }],
      tenantId: address.tenantId,
      channelData: address.tenantId ? { tenant: { id: address.tenantId } } : undefined,
    };
    const created = await this.call('POST', address.serviceUrl, 'v3/conversations', body);
    const conversationId = stringField(created, 'id');
    if (!conversationId) throw new DeliveryError(502, false);
    return this.reply(address.serviceUrl, conversationId, activity);
  }

  /** POST v3/conversations/{id}/activities. */
  async reply(
    serviceUrl: string,
    conversationId: string,
    activity: OutboundActivity,
  ): Promise<DeliveryResult> {
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    const answer = await this.call('POST', serviceUrl, path, activity);
    const activityId = stringField(answer, 'id');
    if (!activityId) throw new DeliveryError(502, false);
    return { conversationId, activityId };
  }

  /** PUT v3/conversations/{id}/activities/{activityId}. */
  async update(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: OutboundActivity,
  ): Promise<void> {
    const path = `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    await this.call('PUT', serviceUrl, path, { ...activity, id: activityId });
  }

  /** GET v3/conversations/{teamId}/members/{id}; undefined when Teams says the person is not in the team. */
  async member(serviceUrl: string, teamId: string, userOrAadId: string): Promise<RosterMember | undefined> {
    const path = `v3/conversations/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userOrAadId)}`;
    try {
      const answer = await this.call('GET', serviceUrl, path);
      // Teams names whoever it found; an answer that names nobody is a failed read, not "not in the team".
      if (!stringField(answer, 'id')) throw new DeliveryError(502, false);
      return toMember(answer);
    } catch (err) {
      if (err instanceof DeliveryError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** GET v3/conversations/{teamId}/pagedmembers, every page. */
  async members(serviceUrl: string, teamId: string): Promise<RosterMember[]> {
    const found: RosterMember[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const query = `pageSize=500${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const answer = await this.call(
        'GET',
        serviceUrl,
        `v3/conversations/${encodeURIComponent(teamId)}/pagedmembers?${query}`,
      );
      const members = (answer as { members?: unknown } | undefined)?.members;
      // A page without its members list is a failed read, never an empty (or shorter) roster.
      if (!Array.isArray(members)) throw new DeliveryError(502, false);
      for (const raw of members) {
        const member = toMember(raw);
        if (member) found.push(member);
      }
      token = stringField(answer, 'continuationToken');
      if (!token) break;
    }
    return found;
  }

  private async call(
    method: 'GET' | 'POST' | 'PUT',
    serviceUrl: string,
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const authorization = await this.authorization();
    if (authorization) headers.authorization = authorization;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      // Read the name without instanceof: the abort's DOMException may come from another realm.
      const name = typeof err === 'object' && err !== null ? String((err as { name?: unknown }).name) : '';
      throw new DeliveryError(
        undefined,
        false,
        undefined,
        name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
      );
    }
    const text = await response.text().catch(() => undefined);
    if (!response.ok) {
      throw DeliveryError.fromStatus(
        response.status,
        parseRetryAfter(response.headers.get('retry-after'), this.options.clock.now().getTime()),
      );
    }
    // A read (a roster) must give its whole answer: a body cut short or that is not JSON is a failed read, never
    // "nobody found" (that would refuse a manager or drop a reminder). A send Teams accepted stays accepted.
    const parsed = parseJson(text);
    if (method === 'GET' && parsed === undefined)
      throw new DeliveryError(undefined, false, undefined, 'network');
    return parsed;
  }

  /** "Bearer …" from the credentials factory, or undefined in local mode (no app id). */
  private async authorization(): Promise<string | undefined> {
    const { appId, tenantId, credentialsFactory } = this.options;
    if (!appId || !credentialsFactory) return undefined;
    const login = tenantId ? `https://login.microsoftonline.com/${tenantId}` : MULTI_TENANT_LOGIN;
    this.credentials ??= credentialsFactory.createCredentials(appId, BOT_CONNECTOR_AUDIENCE, login, true);
    let credentials: Credentials;
    try {
      credentials = await this.credentials;
    } catch {
      this.credentials = undefined;
      throw new DeliveryError(401, false);
    }
    let value: string | undefined;
    const request = {
      headers: { set: (_name: string, v: string) => (value = v) },
    } as unknown as SignableRequest;
    try {
      await credentials.signRequest(request);
    } catch {
      throw new DeliveryError(401, false);
    }
    return value;
  }
}

/** The JSON of a body, or undefined when there is none or it is not JSON. */
function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function stringField(value: unknown, field: string): string | undefined {
  const raw =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

function toMember(raw: unknown): RosterMember | undefined {
  const userId = stringField(raw, 'id');
  const aadObjectId = stringField(raw, 'aadObjectId') ?? stringField(raw, 'objectId');
  if (!userId || !aadObjectId) return undefined;
  return {
    userId,
    aadObjectId,
    name: stringField(raw, 'name') ?? '',
    userRole: stringField(raw, 'userRole'),
  };
}
