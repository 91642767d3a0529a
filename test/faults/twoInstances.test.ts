import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { flowRunsSchema } from '../../dialogs/flowRunStore';
import { FakeClock } from '../../src/clock';
import { escalationRecordSchema, type EscalationRecord } from '../../src/escalation/escalationRecord';
import { ESCALATION_TEXTS } from '../../src/escalation/escalationTexts';
import { FLOWS } from '../../src/flows';
import { WALK_TEXTS } from '../../src/meldcode/meldcodeTexts';
import { cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import { EventLog } from '../support/eventLog';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  invokeCardOf,
  noticeInvoke,
  personalMessages,
  setEscalationChannel,
  startEscalationBaken,
  teamRoster,
  type EscalationBaken,
} from '../support/escalationSetup';
import { executeActions, fillInputs } from '../support/flowWalker';
import { useAzurite } from '../support/harness';
import { TEAM_ID, cardInvoke, personalConversation, user, type TestUser } from '../support/teams';

/**
 * Two Baken instances on one storage account (same prefix), with every conversation's turns alternating between
 * them, several conversations at once: every flow reaches its summary with every answer and checklist tick kept,
 * each escalation's notice is posted once, and when two managers press the same button on the two instances at
 * the same moment exactly one wins and nothing either of them did is lost.
 */

const azurite = useAzurite();
const groomers = [user('g1', 'Gerda Een'), user('g2', 'Gijs Twee')];
const tickers = [user('t1', 'Tom Een'), user('t2', 'Tess Twee')];

describe('two instances, turns alternating between them', () => {
  const connector = new LoopbackConnector();
  const clock = new FakeClock();
  const logs = [new EventLog(), new EventLog()];
  const instances: EscalationBaken[] = [];

  beforeAll(async () => {
    await connector.start();
    const env = { STORAGE_PREFIX: `d${randomUUID().replace(/-/g, '').slice(0, 12)}` };
    // Each update pauses between its read and its write, so races between the instances really overlap.
    const overrides = (log: EventLog) => ({ logger: log, pauseBeforeWriteMs: 150 });
    instances.push(
      await startEscalationBaken(azurite.get(), {
        env,
        connector,
        clock,
        overrides: overrides(logs[0] ?? new EventLog()),
      }),
    );
    instances.push(
      await startEscalationBaken(azurite.get(), {
        env,
        connector,
        clock,
        install: false,
        overrides: overrides(logs[1] ?? new EventLog()),
      }),
    );
    const member = (u: TestUser) => ({
      id: u.id,
      aadObjectId: u.aadObjectId,
      name: u.name,
      userRole: 'user' as const,
    });
    connector.rosters.set(TEAM_ID, [...teamRoster(), ...[...groomers, ...tickers].map(member)]);
    expect((await setEscalationChannel(instance(1))).status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    for (const t of instances) await t.stop();
    await connector.stop();
  });

  function instance(n: number): EscalationBaken {
    const t = instances[n % 2];
    if (!t) throw new Error('no instance');
    return t;
  }

  /** Walks a flow to its summary, each press on the other instance; escalates there when asked. */
  async function walk(who: TestUser, flowId: 'grooming' | 'uitbuiting', escalate: boolean) {
    let turn = who.id.endsWith('2') ? 1 : 0;
    const press = async (data: Record<string, unknown>) => {
      const answer = await instance(turn++).send(cardInvoke(connector.url, who, data));
      expect(answer.status).toBe(200);
      const card = invokeCardOf(answer.body);
      if (!card) throw new Error(`no card: ${JSON.stringify(answer.body)}`);
      return card;
    };
    let card = await press({ action: 'flow.start', value: flowId });
    for (let step = 0; step < 40; step++) {
      const actions = executeActions(card);
      const onward =
        actions.find((a) => a.verb === 'flow.answer' && a.data.value === 'ja') ??
        actions.find((a) => a.verb === 'flow.answer') ??
        actions.find((a) => a.verb === 'flow.next');
      if (!onward) break;
      card = await press({ ...onward.data, ...fillInputs(card, { canary: 'K7', urgency: 'hoog' }) });
    }
    expect(cardText(card)).toContain('Zet samenvatting onderaan');
    if (!escalate) return { card, turns: turn };
    const offer = executeActions(card).find((a) => a.verb === 'flow.escalate');
    if (!offer) throw new Error(`no escalation offered on:\n${cardText(card)}`);
    card = await press({ ...offer.data, urgency: 'hoog' });
    return { card, turns: turn };
  }

  async function recordOf(id: string): Promise<EscalationRecord> {
    const doc = await instance(0).app.storage.escalations.read(
      `${encodeURIComponent(id)}.json`,
      escalationRecordSchema,
    );
    if (!doc) throw new Error(`no record ${id}`);
    return doc.value;
  }

  it('ends every flow correctly, posts each notice once, and loses no pick-up or close', async () => {
    const walks = await Promise.all([
      ...groomers.map((u) => walk(u, 'grooming', true)),
      ...tickers.map((u) => walk(u, 'uitbuiting', false)),
    ]);
    for (const { turns } of walks) expect(turns).toBeGreaterThan(8);

    // Every checklist tick is kept, whichever instance took which turn.
    for (const who of tickers) {
      const state = await instance(0).app.storage.state.read(
        `${encodeURIComponent(`msteams/conversations/${personalConversation(who).id}/`)}.json`,
        flowStateSchema,
      );
      const run = state?.value.flowRuns?.runs.uitbuiting;
      expect(run?.finishedAt).toBeDefined();
      for (const step of FLOWS.uitbuiting.steps) {
        if (step.kind !== 'checklist') continue;
        expect([step.id, [...(run?.answers[step.id]?.ticked ?? [])].sort()]).toEqual([
          step.id,
          step.items.map((i) => i.id).sort(),
        ]);
      }
    }

    // Each escalation's notice is posted once, though both instances deliver.
    for (let i = 0; i < 3; i++) await Promise.all(instances.map((t) => t.app.tick()));
    const ids = (await instance(0).app.storage.escalations.list()).map((n) =>
      decodeURIComponent(n.replace(/\.json$/, '')),
    );
    expect(ids).toHaveLength(groomers.length);
    for (const id of ids) {
      expect(channelThreads(connector.calls).filter((c) => escalationIdOf(cardOf(c)) === id)).toHaveLength(1);
    }

    // Anna and Piet press "Ik pak dit op" at the same moment, on different instances; then both record the decision.
    for (const id of ids) {
      const thread = (await recordOf(id)).notice?.conversationId ?? '';
      const race = async (action: string, extra: Record<string, unknown> = {}) => {
        const data = { action, ref: id, version: 0, ...extra };
        const answers = await Promise.all([
          instance(0).send(noticeInvoke(connector.url, PEOPLE.anna, data, thread)),
          instance(1).send(noticeInvoke(connector.url, PEOPLE.piet, data, thread)),
        ]);
        return answers.map((a) => JSON.stringify(invokeCardOf(a.body)));
      };
      const acks = await race('escalation.ack');
      const ackWinners = [PEOPLE.anna, PEOPLE.piet].filter((_, i) =>
        acks[i]?.includes(ESCALATION_TEXTS.youAcknowledged),
      );
      expect(ackWinners).toHaveLength(1);
      const ackedBy = ackWinners[0]?.name ?? '';
      expect(acks.filter((a) => a.includes(ESCALATION_TEXTS.alreadyAcknowledged(ackedBy)))).toHaveLength(1);
      // A grooming escalation closes with a Meldcode decision: whoever picked it up walks to "nee" at afweging 1
      // (on the other instance than the press before), then both record the decision at the same moment.
      const walker = ackedBy === PEOPLE.anna.name ? PEOPLE.anna : PEOPLE.piet;
      for (const [i, value] of ['toepassing.ja', 'gesprek.gedaan', 'a1.nee'].entries()) {
        const data = { action: 'meldcode.answer', ref: id, version: 0, value };
        expect((await instance(i % 2).send(noticeInvoke(connector.url, walker, data, thread))).status).toBe(
          200,
        );
      }
      const closes = await race('meldcode.answer', { value: 'besluit.afsluiten' });
      const closeWinners = [PEOPLE.anna, PEOPLE.piet].filter((_, i) =>
        closes[i]?.includes(WALK_TEXTS.recorded),
      );
      expect(closeWinners).toHaveLength(1);
      const resolvedBy = closeWinners[0]?.name ?? '';
      expect(closes.filter((c) => c.includes(WALK_TEXTS.decided(resolvedBy)))).toHaveLength(1);

      const record = await recordOf(id);
      expect(record.status).toBe('resolved');
      expect(record.acknowledgedBy?.name).toBe(ackedBy);
      expect(record.resolvedBy?.name).toBe(resolvedBy);
      expect(record.meldcode?.decisions.map((d) => [d.decision, d.byName])).toEqual([
        ['afsluiten', resolvedBy],
      ]);
      expect(record.timeline.map((l) => l.code ?? l.action)).toEqual([
        'created',
        'notice_posted',
        'acknowledged',
        'toepassing.ja',
        'gesprek.gedaan',
        'a1.nee',
        'afsluiten',
      ]);
    }

    // Both changes reach the channel card (in order) and the reporter, once each.
    for (let i = 0; i < 3; i++) await Promise.all(instances.map((t) => t.app.tick()));
    for (const id of ids) {
      const record = await recordOf(id);
      const notice = record.notice;
      const puts = connector.calls.filter(
        (c) =>
          c.method === 'PUT' &&
          c.path ===
            `/v3/conversations/${encodeURIComponent(notice?.conversationId ?? '')}/activities/${encodeURIComponent(notice?.activityId ?? '')}`,
      );
      // Picked up; Meldcode steps 3, 4 and 5; closed.
      expect(puts).toHaveLength(5);
      expect(JSON.stringify(cardOf(puts.at(-1) ?? { method: '', path: '', body: {}, at: 0 }))).toContain(
        `Afgerond door ${record.resolvedBy?.name}`,
      );
    }
    for (const who of groomers) {
      const told = (await personalMessages(instance(0), who)).map((c) => JSON.stringify(cardOf(c)));
      expect(told.filter((x) => x.includes('is opgepakt door'))).toHaveLength(1);
      expect(told.filter((x) => x.includes('is afgerond door'))).toHaveLength(1);
    }
    for (const log of logs) {
      expect(
        log.named(['turn_failed', 'outbox_failed', 'outbox_thread_failed', 'outbox_finish_conflict']),
      ).toEqual([]);
    }
  }, 90_000);
});

/** The part of a conversation state document this test reads. */
const flowStateSchema = z.looseObject({ flowRuns: flowRunsSchema.optional() });
