import { randomUUID } from 'node:crypto';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { KIND_LABELS } from '../../src/escalation/escalationTexts';
import { FLOW_ORDER } from '../../src/flows';
import type { BakenStorage, ContainerKind } from '../../src/storage/storage';
import type { ConnectorCall } from '../support/connector';
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
  type EscalationBaken,
} from '../support/escalationSetup';
import { executeActions, walkFlow } from '../support/flowWalker';
import { useMemoryStorage } from '../support/harness';
import { rawBlobsOf } from '../support/rawBlobs';
import { cardInvoke } from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
/** Letters only, so it passes every input's pattern (the client code allows letters, digits and "-"). */
const CANARY = 'ZQXKANARIE7Z';

/** The raw text of every blob in one of Baken's containers, read around the storage's abstractions. */
async function rawContainer(baken: BakenStorage, kind: ContainerKind): Promise<string> {
  const raw = rawBlobsOf(baken);
  let text = '';
  for (const blob of await raw.list(kind)) {
    text += (await raw.read(kind, blob.name)).toString('utf8');
    text += '\n';
  }
  return text;
}

/**
 * Calls that went to a channel: new threads (POST v3/conversations without members), and posts or updates in a
 * channel conversation (ids "19:…", as Teams gives them) or in a thread Baken started (`threads`).
 */
function channelCalls(calls: ConnectorCall[], threads: Set<string>): ConnectorCall[] {
  return calls.filter((c) => {
    if (c.method === 'GET') return false;
    if (c.path === '/v3/conversations') return !c.body.members;
    const conv = decodeURIComponent(/^\/v3\/conversations\/([^/]+)\//.exec(c.path)?.[1] ?? '');
    return conv.startsWith('19:') || threads.has(conv);
  });
}

describe('a canary typed into every text input never leaks', () => {
  let t: EscalationBaken;
  const output: string[] = [];
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let restore: Array<() => void> = [];

  beforeEach(async () => {
    // Capture everything the process writes (debug logging on), without printing it.
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
      return () => {
        stream.write = original;
      };
    };
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' '))),
    );
    restore = [capture(process.stdout), capture(process.stderr), () => spies.forEach((s) => s.mockRestore())];
    t = await startEscalationBaken(storage.get(), { env: { STORAGE_PREFIX: prefix, LOG_LEVEL: 'debug' } });
  });
  afterEach(async () => {
    await t.stop();
    for (const undo of restore) undo();
  });

  it('not in channel posts, the outbox, the audit log or stdout/stderr — while the details reach managers 1:1', async () => {
    await setEscalationChannel(t);
    const inputs = new Set<string>();
    for (const flowId of FLOW_ORDER) {
      const walk = await walkFlow(t, PEOPLE.bram, flowId, { canary: CANARY, urgency: 'acuut' });
      for (const card of walk.cards) validateCard(card);
      for (const id of walk.textInputs) inputs.add(`${flowId}:${id}`);
    }
    await t.app.tick();
    // The walk really typed somewhere, and really escalated (however a flow escalates).
    expect(inputs.size).toBeGreaterThan(3);
    const stored = (await t.app.storage.escalations.list()).map((name) => name.replace(/\.json$/, ''));
    const escalations = stored.length;
    expect(escalations).toBeGreaterThan(0);

    const notices = channelThreads(t.connector.calls);
    expect(notices).toHaveLength(escalations);
    const records: string[] = [];
    for (const notice of notices) {
      const card = cardOf(notice);
      validateCard(card);
      const text = JSON.stringify(card);
      if (text.includes('Acuut')) expect(text.indexOf('Bel 112')).toBeLessThan(text.indexOf('Urgentie'));
      if (text.includes(KIND_LABELS.grensoverschrijdend_gedrag_medewerker)) {
        expect(text).toContain('een collega');
        expect(text).not.toContain(PEOPLE.bram.name);
      }
      const id = escalationIdOf(card);
      expect(stored).toContain(id);
      records.push(id);
    }

    // Every manager action, so every card and message kind is produced.
    const threads: string[] = [];
    for (const id of records) {
      const entry = (await t.app.storage.outbox.read(`${id}%3Anotice.json`, outboxEntrySchema))?.value;
      threads.push(entry?.result?.conversationId ?? '');
    }
    t.clock.advance(10 * 60_000);
    await t.app.tick();
    for (const [index, id] of records.entries()) {
      const thread = threads[index] ?? '';
      // Every kind of card and message once (on the first escalation); the details of every escalation.
      const actions =
        index === 0 ? ['escalation.details', 'escalation.ack', 'escalation.resolve'] : ['escalation.details'];
      for (const action of actions) {
        await t.send(noticeInvoke(t.connector.url, PEOPLE.piet, { action, ref: id, version: 0 }, thread));
      }
      if (index > 0) continue;
      // A client escalation closes through the Meldcode walk: every card of it, up to the dossier summary.
      const walked = [];
      for (const value of ['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.ja', 'besluit.melden']) {
        const data = { action: 'meldcode.answer', ref: id, version: 0, value, f_melding: 'gedaan' };
        const answer = await t.send(noticeInvoke(t.connector.url, PEOPLE.piet, data, thread));
        walked.push(JSON.stringify(invokeCardOf(answer.body)));
      }
      expect(walked.at(-1)).toContain('Voor het dossier');
      await t.send(
        noticeInvoke(
          t.connector.url,
          PEOPLE.bram,
          { action: 'escalation.details', ref: id, version: 0 },
          thread,
        ),
      );
      await t.send(
        cardInvoke(t.connector.url, PEOPLE.piet, { action: 'escalation.timeline', ref: id, version: 0 }),
      );
    }
    await t.app.tick();

    // The details did reach the manager 1:1 (so the canary was really carried) ...
    const toPiet = (await personalMessages(t, PEOPLE.piet)).map((c) => JSON.stringify(cardOf(c)));
    expect(toPiet.some((x) => x.includes(CANARY) && x.includes('Details van de melding'))).toBe(true);
    for (const text of toPiet) validateCard(JSON.parse(text));
    // ... and the dossier summary the reporter 1:1 (it carries the client code).
    const toBram = (await personalMessages(t, PEOPLE.bram)).map((c) => JSON.stringify(cardOf(c)));
    expect(toBram.some((x) => x.includes(CANARY) && x.includes('Voor het dossier'))).toBe(true);
    expect(await rawContainer(t.app.storage, 'escalations')).toContain(CANARY);

    // ... and nowhere else.
    const toChannel = channelCalls(t.connector.calls, new Set(threads));
    expect(toChannel.length).toBeGreaterThan(escalations * 2);
    for (const call of toChannel) expect(JSON.stringify(call.body)).not.toContain(CANARY);
    expect(await rawContainer(t.app.storage, 'outbox')).not.toContain(CANARY);
    const audit = await rawContainer(t.app.storage, 'audit');
    expect(audit).toContain('escalation.details');
    expect(audit).not.toContain(CANARY);
    expect(output.join('').length).toBeGreaterThan(0);
    expect(output.join('')).not.toContain(CANARY);
    // Buttons on channel cards carry ids only.
    for (const call of toChannel) {
      for (const action of executeActions(cardOf(call)))
        expect(Object.keys(action.data).sort()).toEqual(['action', 'ref', 'version']);
    }
  });
});
