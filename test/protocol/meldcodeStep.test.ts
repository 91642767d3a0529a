import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  noticeInvoke,
  postedGroomingEscalation,
  readEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { walkFlow } from '../support/flowWalker';
import { useMemoryStorage } from '../support/harness';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();

/** The facts of a notice card, as title → value. */
function factsOf(card: unknown): Record<string, string> {
  const facts: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const { type, facts: list } = node as { type?: string; facts?: Array<{ title: string; value: string }> };
    if (type === 'FactSet') for (const f of list ?? []) facts[f.title] = f.value;
    Object.values(node).forEach(visit);
  };
  visit(card);
  return facts;
}

describe('the Meldcode step of a client escalation', () => {
  let t: EscalationBaken;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a grooming check sent to the team is at step 1 on the notice, and at step 2 once a manager picks it up', async () => {
    await setEscalationChannel(t);
    const walk = await walkFlow(t, PEOPLE.bram, 'grooming', { canary: 'K7', urgency: 'normaal' });
    expect(walk.escalated).toBe(true);
    // The summary told the staff member where they stand and what comes next.
    const summary = JSON.stringify(walk.cards.at(-1));
    expect(summary).toContain('Meldcode: je bent bij stap 1 van 5, signalen in kaart brengen.');
    expect(summary).toContain("Hierna volgt stap 2: overleg met collega's of met de aandachtsfunctionaris.");
    await t.app.tick();
    const [posted] = channelThreads(t.connector.calls);
    const card = cardOf(posted ?? { method: '', path: '', body: {}, at: 0 });
    validateCard(card);
    expect(factsOf(card).Meldcode).toBe('Stap 1 van 5 · signalen in kaart');

    const id = escalationIdOf(card);
    const stored = await t.app.storage.escalations.read(escalationDocName(id), escalationRecordSchema);
    const conversationId = stored?.value.notice?.conversationId ?? '';
    const before = t.connector.calls.length;
    const answer = await t.send(
      noticeInvoke(
        t.connector.url,
        PEOPLE.piet,
        { action: 'escalation.ack', ref: id, version: 0 },
        conversationId,
      ),
    );
    expect(answer.status).toBe(200);
    await t.app.tick();
    const puts = t.connector.calls.slice(before).filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    const updated = cardOf(puts[0] ?? { method: '', path: '', body: {}, at: 0 });
    validateCard(updated);
    expect(factsOf(updated).Meldcode).toBe("Stap 2 van 5 · overleg met collega's");
    expect(factsOf(updated).Status).toContain('Opgepakt door Piet Jansen');
  });

  it('an aandachtsfunctionaris (AANDACHTSFUNCTIONARIS_IDS) who picks it up is named so on the notice', async () => {
    await t.stop();
    t = await startEscalationBaken(storage.get(), {
      env: { AANDACHTSFUNCTIONARIS_IDS: `someone-else,${PEOPLE.piet.aadObjectId}` },
    });
    const { id, thread } = await postedGroomingEscalation(t);
    await t.send(
      noticeInvoke(t.connector.url, PEOPLE.piet, { action: 'escalation.ack', ref: id, version: 0 }, thread),
    );
    await t.app.tick();
    const put = t.connector.calls.filter((c) => c.method === 'PUT').at(-1);
    expect(factsOf(cardOf(put ?? { method: '', path: '', body: {}, at: 0 })).Status).toMatch(
      /^Opgepakt door Piet Jansen, aandachtsfunctionaris \(/,
    );
    // The stamp on the record says so (later cards and the dossier read it from there).
    expect((await readEscalation(t, id)).acknowledgedBy).toMatchObject({
      aadObjectId: PEOPLE.piet.aadObjectId,
      aandachtsfunctionaris: true,
    });
  });
});
