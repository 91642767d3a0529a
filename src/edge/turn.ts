/*
 * Baken's own view of a turn: only what the features, the router and the dialogs read and do. botbuilder's
 * TurnContext and StatePropertyAccessor fit these types as they are, so only src/edge/ knows the SDK.
 */

/** An account on an activity: the sender, the bot, a member added. */
export interface TurnAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
}

/** The conversation an activity belongs to. */
export interface TurnConversation {
  id: string;
  conversationType?: string;
  tenantId?: string;
}

/** An attachment of an activity (a screenshot, a file's download info, a card). */
export interface TurnAttachment {
  contentType: string;
  contentUrl?: string;
  content?: unknown;
  name?: string;
}

/** The fields of an incoming activity Baken reads. */
export interface TurnActivity {
  type: string;
  id?: string;
  name?: string;
  text: string;
  value?: unknown;
  from: TurnAccount;
  recipient: TurnAccount;
  conversation: TurnConversation;
  serviceUrl: string;
  channelId: string;
  channelData?: unknown;
  replyToId?: string;
  attachments?: TurnAttachment[];
  membersAdded?: TurnAccount[];
}

/** What Baken sends in a turn: a message (text or cards) or an invoke response. */
export interface OutgoingActivity {
  type?: string;
  text?: string;
  value?: unknown;
  attachments?: TurnAttachment[];
  /** Notification preview text. */
  summary?: string;
}

/** What Teams answers for a message Baken sent: its id, to update it later. */
export interface SentActivity {
  id?: string;
}

/** Values kept for the rest of one turn, under keys of their own. */
export interface TurnState {
  get(key: symbol): unknown;
  set(key: symbol, value: unknown): unknown;
}

/** One turn: the activity that came in, what is kept during the turn, and sending in the conversation. */
export interface Turn {
  readonly activity: TurnActivity;
  readonly turnState: TurnState;
  sendActivity(activityOrText: string | OutgoingActivity): Promise<SentActivity | undefined>;
}

/** One named value in the conversation's state document, read and written during a turn. */
export interface StateSlot<T> {
  get(turn: Turn): Promise<T | undefined>;
  get(turn: Turn, defaultValue: T): Promise<T>;
  set(turn: Turn, value: T): Promise<void>;
  delete(turn: Turn): Promise<void>;
}
