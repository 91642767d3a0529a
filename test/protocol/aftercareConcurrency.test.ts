import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { bramReports, startAftercare, storedChecklist } from '../support/aftercareSetup';
import { cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import { PEOPLE, startEscalationBaken } from '../support/escalationSetup';
import { useAzurite } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';

const azurite = useAzurite();
const { anna, piet } = PEOPLE;

describe('aftercare on two Baken processes', () => {
  it('keeps both ticks when two managers tick different items at the same moment', async () => {
    const connector = await new LoopbackConnector().start();
    const clock = new FakeClock('2026-11-02T09:00:00Z');
    const env = { STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}` };
    const overrides = { pauseBeforeWriteMs: 300 };
    const one = await startEscalationBaken(azurite.get(), { env, connector, clock, overrides });
    const two = await startEscalationBaken(azurite.get(), {
      env,
      connector,
      clock,
      overrides,
      install: false,
    });
    try {
      const { id } = await bramReports(one);
      await startAftercare(one, anna, id);
      const before = (await storedChecklist(one, id))?.revision ?? 0;
      const viaOne = new PersonalDriver(one, anna);
      const viaTwo = new PersonalDriver(two, piet);
      const started = Date.now();
      const [a, b] = await Promise.all([
        viaOne.invoke({ action: 'aftercare.tick', ref: id, step: before, value: 'steungesprek' }),
        viaTwo.invoke({ action: 'aftercare.tick', ref: id, step: before, value: 'mim' }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      // Both read before either wrote (the pause), so one write met a changed ETag and was redone.
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
      for (const t of [one, two]) {
        const checklist = await storedChecklist(t, id);
        expect(checklist?.items.steungesprek?.status).toBe('done');
        expect(checklist?.items.mim?.status).toBe('done');
        expect(checklist?.revision).toBeGreaterThanOrEqual(before + 2);
        expect(
          checklist?.timeline
            .filter((l) => l.action === 'ticked')
            .map((l) => [l.item, l.actorId])
            .sort(),
        ).toEqual([
          ['mim', piet.aadObjectId],
          ['steungesprek', anna.aadObjectId],
        ]);
      }
      // Whoever wrote last sees both ticks on their card.
      const cards = [cardText(viaOne.card), cardText(viaTwo.card)];
      expect(cards.some((c) => c.includes('2 van 12 klaar'))).toBe(true);
    } finally {
      await one.stop();
      await two.stop();
      await connector.stop();
    }
  });
});
