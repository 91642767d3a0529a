import { ConversationState, TestAdapter, type Activity } from 'botbuilder';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import { randomUUID } from 'node:crypto';
import type { FlowEscalationPort } from '../../dialogs/flowDialog';
import { BakenBot } from '../../src/edge/bakenBot';
import { conversationSlots, type ConversationSlots } from '../../src/edge/stateSlots';
import { registerFlows } from '../../src/flows/flowRegistration';
import type { IncidentFeature } from '../../src/incidents/incidentRegistration';
import { Router } from '../../src/bot/router';
import { FakeClock } from '../../src/clock';
import { parseConfig, type Config } from '../../src/config';
import type { Flow, FlowId } from '../../src/flows/flowSchema';
import { createLogger } from '../../src/logger';
import type { BakenStorage } from '../../src/storage/storage';
import { TeamStore } from '../../src/teams/teamStore';
import { buttonOf } from './cardWalk';
import { openTestStorage, type TestStorage } from './harness';
import { TENANT } from './teams';

/** The parts a transcript builds on, for wiring optional bot parts (incidents) in tests. */
export interface TranscriptParts {
  config: Config;
  storage: BakenStorage;
  slots: ConversationSlots;
  teams: TeamStore;
  clock: FakeClock;
}

/** What the bot showed after one user action. */
export interface Shown {
  /** The card that replaced the pressed card (invoke response) or was posted. */
  card?: Record<string, unknown>;
  /** Plain texts posted. */
  texts: string[];
  /** Cards posted as new messages. */
  postedCards: Array<Record<string, unknown>>;
}

/**
 * Drives the real BakenBot through botbuilder's TestAdapter, on Blob storage (Azurite) or memory storage, as a user in
 * a 1:1 chat: type text, press buttons on the card last shown (with input values), read what comes back.
 */
export class Transcript {
  readonly adapter: TestAdapter;
  readonly clock = new FakeClock();
  storage!: BakenStorage;
  card: Record<string, unknown> | undefined;
  private bot!: BakenBot;
  private lastInvoke: unknown;

  constructor(
    private readonly backend: TestStorage,
    private readonly prefix = `tr${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    /** How the flows escalate (a test double); without it a flow says escalation is unavailable. */
    private readonly escalation: FlowEscalationPort | undefined = undefined,
    /** The flows the bot runs; default the real ones (a test can pass a copy with a newer version). */
    private readonly flows: Record<FlowId, Flow> | undefined = undefined,
    /** Registers the incident feature on this transcript's storage (the incident tests). */
    private readonly incidents?: (parts: TranscriptParts) => IncidentFeature,
  ) {
    this.adapter = new TestAdapter(async (context) => this.bot.run(context), {
      channelId: 'msteams',
      conversation: {
        id: 'a:personal-aad-tester',
        conversationType: 'personal',
        tenantId: TENANT,
        isGroup: false,
        name: '',
      },
      from: { id: '29:tester', name: 'Test Medewerker', aadObjectId: 'aad-tester' },
      recipient: { id: '28:baken-bot', name: 'Baken' },
    });
  }

  /** Opens storage and builds the bot (call again to simulate a restart on the same storage). */
  async start(): Promise<this> {
    this.storage = openTestStorage(this.backend, this.prefix);
    await this.storage.ensureContainers();
    const config = parseConfig({ LOG_LEVEL: 'silent', ORG_MELDPUNT: 'het Meldpunt De Linde' });
    const conversationState = new ConversationState(new BotStateStorage(this.storage.state));
    const teams = new TeamStore(this.storage.teams, this.clock);
    const slots = conversationSlots(conversationState);
    const parts = { config, storage: this.storage, slots, teams, clock: this.clock };
    const incident = this.incidents?.(parts);
    const flows = registerFlows({
      config,
      slots,
      clock: this.clock,
      flows: this.flows,
      escalation: this.escalation,
      extensions: incident ? [incident.flow] : [],
    });
    const router = new Router(incident ? [flows, incident.registration] : [flows]);
    // The test adapter speaks to no Teams: a roster read fails, as it does when Teams cannot be reached.
    const unreachable = () => Promise.reject(new Error('no Teams behind the test adapter'));
    const roster = { member: unreachable, members: unreachable };
    this.bot = new BakenBot({
      config,
      conversationState,
      teams,
      logger: createLogger('silent'),
      router,
      roster,
    });
    return this;
  }

  /** Types a message. */
  async say(text: string): Promise<Shown> {
    return this.run({ type: 'message', text });
  }

  /** Sends any activity from the user (e.g. a message with an image attachment). */
  async send(activity: Partial<Activity>): Promise<Shown> {
    return this.run(activity);
  }

  /** Presses a button (by its title) on the card last shown, with the given input values. */
  async press(title: string, inputs: Record<string, string> = {}, card = this.card): Promise<Shown> {
    if (!card) throw new Error('no card shown yet');
    return this.invoke({ ...buttonOf(card, title), ...inputs });
  }

  /** Sends an Action.Execute invoke with the given data. */
  async invoke(data: Record<string, unknown>): Promise<Shown> {
    return this.run({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: data.action, data }, trigger: 'manual' },
    });
  }

  private async run(activity: Partial<Activity>): Promise<Shown> {
    this.lastInvoke = undefined;
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity({ ...activity, channelData: { tenant: { id: TENANT } } });
    const shown: Shown = { texts: [], postedCards: [] };
    for (const a of this.adapter.activeQueue.splice(0)) {
      if (a.type === 'invokeResponse') this.lastInvoke = (a.value as { body?: unknown } | undefined)?.body;
      if (a.type !== 'message') continue;
      if (a.text) shown.texts.push(a.text);
      for (const att of a.attachments ?? []) shown.postedCards.push(att.content as Record<string, unknown>);
    }
    const invoke = this.lastInvoke as { type?: string; value?: unknown } | undefined;
    if (invoke?.type === 'application/vnd.microsoft.card.adaptive') {
      shown.card = invoke.value as Record<string, unknown>;
    } else if (invoke?.type === 'application/vnd.microsoft.activity.message') {
      shown.texts.push(String(invoke.value));
    }
    shown.card ??= shown.postedCards[shown.postedCards.length - 1];
    if (shown.card) this.card = shown.card;
    return shown;
  }
}
