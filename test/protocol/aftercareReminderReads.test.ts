import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { bramReports, cardsReceived, startAftercare, storedChecklist } from '../support/aftercareSetup';
import { PEOPLE, startEscalationBaken } from '../support/escalationSetup';
import { MemoryDocumentStore } from '../../src/storage/memoryDocumentStore';
import { useMemoryStorage } from '../support/harness';
import { LoopbackConnector } from '../support/connector';

/*
 * What one reminder pass reads. Its subject is the pass, not the storage: it runs on the in-memory storage, which
 * counts requests as the Blob store does (test/contract). The reminder claims across a restart and two instances
 * pausing between read and write are in aftercareReminders.test.ts, on Azurite.
 */

const storage = useMemoryStorage();
const { anna } = PEOPLE;
const REMINDER = 'Herinnering nazorg';

describe('aftercare reminder passes', () => {
  it('a pass reads only the checklists that changed since the last pass, and skips damaged ones', async () => {
    const clock = new FakeClock('2026-11-02T09:00:00Z');
    const t = await startEscalationBaken(storage.get(), { clock });
    try {
      const { id } = await bramReports(t);
      await startAftercare(t, anna, id);
      // The first passes deliver what starting aftercare recorded (rendering those cards reads the checklist).
      await t.app.tick();
      await t.app.tick();
      const reads = jest.spyOn(t.app.storage.records, 'read');
      const checklistReads = () => reads.mock.calls.filter(([name]) => name.startsWith('aftercare/')).length;
      // Nothing changed and nothing due: the pass lists the checklists and reads none of them.
      clock.set('2026-11-03T09:00:00Z');
      await t.app.tick();
      expect(checklistReads()).toBe(0);
      // A damaged document and a copy stored under another checklist's name are skipped, not the others.
      const stored = await storedChecklist(t, id);
      await t.app.storage.records.create('aftercare/kapot.json', { id: 'kapot', items: 'geen' });
      await t.app.storage.records.create('aftercare/kopie.json', stored);
      // On the due day the checklist is read to claim its reminder, which is sent once.
      clock.set('2026-11-05T07:00:00Z');
      await t.app.tick();
      expect(checklistReads()).toBeGreaterThan(0);
      expect(await cardsReceived(t, anna, REMINDER)).toHaveLength(1);
      expect((await storedChecklist(t, id))?.pendingReminders).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it('after a restart a pass with nothing due reads no checklist, escalation or sent message; on the due day it reminds', async () => {
    const clock = new FakeClock('2026-11-02T09:00:00Z');
    const connector = await new LoopbackConnector().start();
    // The incident's escalation reminds once after 2 minutes, then tells the admins: after that it waits for a person.
    const env = {
      STORAGE_PREFIX: `w${randomUUID().slice(0, 8)}`,
      ESCALATION_REMIND_MINUTES: '2',
      ESCALATION_MAX_REMINDERS: '1',
    };
    const first = await startEscalationBaken(storage.get(), { clock, connector, env });
    let restarted: Awaited<ReturnType<typeof startEscalationBaken>> | undefined;
    try {
      const { id } = await bramReports(first);
      await startAftercare(first, anna, id);
      for (const at of ['09:00', '09:03', '09:06', '09:09']) {
        clock.set(`2026-11-02T${at}:00Z`);
        await first.app.tick();
      }
      await first.stop();

      // A new process: nothing cached. The next day nothing is due (the first item is due on 5 November). Its
      // outbox reads are counted from its start, which already drains.
      const documentReads = jest.spyOn(MemoryDocumentStore.prototype, 'read');
      restarted = await startEscalationBaken(storage.get(), { clock, connector, env, install: false });
      const { records, escalations, outbox } = restarted.app.storage;
      const outboxReads = () => documentReads.mock.contexts.filter((store) => store === outbox).length;
      const checklistReads = jest.spyOn(records, 'read');
      const escalationReads = jest.spyOn(escalations, 'read');
      const readOf = (spy: jest.SpyInstance, prefix: string) =>
        spy.mock.calls.filter(([name]) => String(name).startsWith(prefix)).length;
      clock.set('2026-11-03T09:00:00Z');
      await restarted.app.tick();
      await restarted.app.tick();
      expect(readOf(checklistReads, 'aftercare/')).toBe(0);
      expect(readOf(escalationReads, '')).toBe(0);
      // The first process sent the notice, its reminder, the admins' message and the 1:1 cards: all finished, and
      // none of them read again.
      expect((await outbox.list()).length).toBeGreaterThanOrEqual(5);
      expect(outboxReads()).toBe(0);

      // On the due day the checklist wakes: it is read, and its reminder is sent once.
      clock.set('2026-11-05T07:00:00Z');
      await restarted.app.tick();
      expect(readOf(checklistReads, 'aftercare/')).toBeGreaterThan(0);
      expect(await cardsReceived(restarted, anna, REMINDER)).toHaveLength(1);
    } finally {
      await restarted?.stop();
      await connector.stop();
    }
  });
});
