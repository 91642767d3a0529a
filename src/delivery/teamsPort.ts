import type { AdaptiveCard } from '../../cards/cardShell';
import type { SendAddress } from './outboxEntry';

/** A message activity as the Bot Connector takes it: one card and a neutral preview. */
export interface OutboundActivity {
  type: 'message';
  summary: string;
  attachments: Array<{ contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }>;
}

/** A member of a team roster, as Teams reports it. */
export interface RosterMember {
  /** The Teams user id (29:…), used to start a 1:1 chat. */
  userId: string;
  aadObjectId: string;
  name: string;
  /** 'guest' members never get a role. */
  userRole?: string;
}

/** Where Teams put a message. */
export interface DeliveryResult {
  conversationId: string;
  activityId: string;
}

/** The Bot Connector operations delivery needs; implemented over REST by TeamsGateway. Throws DeliveryError. */
export interface TeamsPort {
  /** Starts a new thread in a channel with the activity as its first message. */
  createChannelThread(
    address: SendAddress,
    channelId: string,
    activity: OutboundActivity,
  ): Promise<DeliveryResult>;
  /** Starts (or reopens) the 1:1 chat with a user and posts the activity there. */
  sendPersonal(address: SendAddress, userId: string, activity: OutboundActivity): Promise<DeliveryResult>;
  /** Posts a reply in an existing conversation (a channel thread). */
  reply(serviceUrl: string, conversationId: string, activity: OutboundActivity): Promise<DeliveryResult>;
  /** Replaces an activity in place (PUT). */
  update(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: OutboundActivity,
  ): Promise<void>;
  /** A member of the team, or undefined when they are not on its roster. */
  member(serviceUrl: string, teamId: string, userOrAadId: string): Promise<RosterMember | undefined>;
  /** Every member of the team. */
  members(serviceUrl: string, teamId: string): Promise<RosterMember[]>;
}
