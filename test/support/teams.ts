import { randomUUID } from 'node:crypto';

/** The demo tenant used in tests. */
export const TENANT = '11111111-2222-3333-4444-555555555555';
/** The demo team id, as Teams spells it (also its General channel id). */
export const TEAM_ID = '19:linde-general@thread.tacv2';
/** The escalation channel's id. */
export const MELDINGEN_ID = '19:linde-meldingen@thread.tacv2';
/** The bot's id in Teams. */
export const BOT = { id: '28:baken-bot', name: 'Baken' };

/** A Teams user in tests. */
export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

/** Makes a test user with stable ids from a short key. */
export function user(key: string, name: string): TestUser {
  return { id: `29:${key}`, aadObjectId: `aad-${key}`, name };
}

/** Common activity fields as Teams sends them. */
function base(serviceUrl: string, from: TestUser, conversation: Record<string, unknown>) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    locale: 'nl-NL',
    channelData: { tenant: { id: TENANT } },
  };
}

/** The 1:1 conversation of a user with the bot. */
export function personalConversation(u: TestUser) {
  return { conversationType: 'personal', id: `a:personal-${u.aadObjectId}` };
}

/** A text message in the user's 1:1 chat. */
export function personalMessage(serviceUrl: string, u: TestUser, text: string) {
  return { ...base(serviceUrl, u, personalConversation(u)), type: 'message', text };
}

/** An Action.Submit press in the 1:1 chat (Teams sends a message with `value`). */
export function personalSubmit(serviceUrl: string, u: TestUser, value: Record<string, unknown>) {
  return { ...base(serviceUrl, u, personalConversation(u)), type: 'message', value };
}

/** An Action.Execute press (adaptiveCard/action invoke) in the given conversation (1:1 by default). */
export function cardInvoke(
  serviceUrl: string,
  u: TestUser,
  data: Record<string, unknown>,
  conversation: Record<string, unknown> = personalConversation(u),
  extra: Record<string, unknown> = {},
) {
  const { action, ...rest } = data;
  return {
    ...base(serviceUrl, u, conversation),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'act-card',
    value: { action: { type: 'Action.Execute', verb: action, data: { action, ...rest } }, trigger: 'manual' },
    ...extra,
  };
}

/** The conversation of a team channel (General when no channel id is given). */
export function channelConversation(channelId: string = TEAM_ID) {
  return { conversationType: 'channel', id: channelId, isGroup: true };
}

/** Team channel data as Teams sends it. */
export function teamChannelData(channelId: string = TEAM_ID) {
  return { team: { id: TEAM_ID, name: 'Team De Linde' }, channel: { id: channelId }, tenant: { id: TENANT } };
}

/** The installation of the app in the team. */
export function teamInstall(serviceUrl: string, installer: TestUser) {
  return {
    ...base(serviceUrl, installer, channelConversation()),
    type: 'installationUpdate',
    action: 'add',
    channelData: teamChannelData(),
  };
}

/** A channel message that @mentions the bot. */
export function channelMention(
  serviceUrl: string,
  u: TestUser,
  text: string,
  channelId: string = MELDINGEN_ID,
) {
  return {
    ...base(serviceUrl, u, channelConversation(channelId)),
    type: 'message',
    text: `<at>Baken</at> ${text}`,
    entities: [{ type: 'mention', mentioned: BOT, text: '<at>Baken</at>' }],
    channelData: teamChannelData(channelId),
  };
}
