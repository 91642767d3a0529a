import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { bramReports, startAftercare, storedChecklist } from '../support/aftercareSetup';
import { cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import { PEOPLE, startEscalationBaken, startSecondBakenProcess } from '../support/escalationSetup';
import { postActivity, useAzurite } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';

const azurite = useAzurite();
const { anna, piet } = PEOPLE;

describe('aftercare on two Baken processes', () => {
  it('keeps both ticks when two managers tick different items at the same moment', async () => {
    const connector = await new LoopbackConnector().start();
    const clock = new FakeClock('2026-11-02T09:00:00Z');
    const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    // Process one runs in this test process; process two is `npm start` as a child on the same storage account
    // and prefix. Both pause between reading the checklist and writing it back, so their writes collide.
    const one = await startEscalationBaken(azurite.get(), {
      env: { STORAGE_PREFIX: prefix },
      connector,
      clock,
      overrides: { pauseBeforeWriteMs: 300 },
    });
    const child = await startSecondBakenProcess(azurite.get(), prefix);
    const two = { connector, send: (activity: unknown) => postActivity(child.url, activity) };
    try {
      const { id } = await bramReports(one);
      await startAftercare(one, anna, id);
      const before = (await storedChecklist(one, id))?.revision ?? 0;
      const viaOne = new PersonalDriver(one, anna);
      const viaTwo = new PersonalDriver(two, piet);
      const started = Date.now();
      const timed = async <T>(work: Promise<T>) => {
        const value = await work;
        return { value, ms: Date.now() - started };
      };
      const [a, b] = await Promise.all([
        timed(viaOne.invoke({ action: 'aftercare.tick', ref: id, step: before, value: 'steungesprek' })),
        timed(viaTwo.invoke({ action: 'aftercare.tick', ref: id, step: before, value: 'mim' })),
      ]);
      expect([a.value.status, b.value.status]).toEqual([200, 200]);
      // Each process paused between read and write, so both read the same revision; one write met a changed
      // ETag and was read and written again (a second pause).
      expect(Math.min(a.ms, b.ms)).toBeGreaterThanOrEqual(300);
      expect(Math.max(a.ms, b.ms)).toBeGreaterThanOrEqual(600);
      {
        const checklist = await storedChecklist(one, id);
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
      await child.stop();
      await connector.stop();
    }
  }, 60_000);
});
