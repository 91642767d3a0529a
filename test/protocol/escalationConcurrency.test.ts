import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import type { Logger } from '../../src/logger';
import { LoopbackConnector } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  channelThreads,
  escalationIdOf,
  personalMessages,
  sendTestEscalation,
  setEscalationChannel,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useAzurite } from '../support/harness';

const azurite = useAzurite();

/** A logger that keeps event names, so the test can see which instance claimed. */
function eventLogger(events: string[]): Logger {
  const keep = (event: string) => void events.push(event);
  return { debug: keep, info: keep, warn: keep, error: keep };
}

describe('two bot instances on one storage account', () => {
  it('send one reminder, not two: the due reminder is claimed by an ETag-conditional write', async () => {
    const connector = await new LoopbackConnector().start();
    const clock = new FakeClock();
    const env = {
      STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      ESCALATION_REMIND_MINUTES: '30',
    };
    const eventsA: string[] = [];
    const eventsB: string[] = [];
    const instances: EscalationBaken[] = [];
    try {
      const a = await startEscalationBaken(azurite.get(), { env, connector, clock });
      instances.push(a);
      await setEscalationChannel(a);
      await sendTestEscalation(a);
      await a.app.tick();
      await a.stop();
      instances.pop();
      expect(channelThreads(connector.calls)).toHaveLength(1);

      // Now two instances, each pausing between the read and the write of an update to widen the race.
      const overrides = (events: string[]) => ({ pauseBeforeWriteMs: 300, logger: eventLogger(events) });
      const one = await startEscalationBaken(azurite.get(), {
        env,
        connector,
        clock,
        install: false,
        overrides: overrides(eventsA),
      });
      instances.push(one);
      const two = await startEscalationBaken(azurite.get(), {
        env,
        connector,
        clock,
        install: false,
        overrides: overrides(eventsB),
      });
      instances.push(two);

      clock.advance(30 * 60_000);
      await Promise.all([one.app.tick(), two.app.tick()]);
      await Promise.all([one.app.tick(), two.app.tick()]);

      // Both saw the reminder due and tried to claim it; exactly one won.
      const claimed = [...eventsA, ...eventsB].filter((e) => e === 'reminder_claimed');
      const lost = [...eventsA, ...eventsB].filter((e) => e === 'reminder_claim_lost');
      expect(claimed).toHaveLength(1);
      expect(lost).toHaveLength(1);

      const id = escalationIdOf(
        cardOf(channelThreads(connector.calls)[0] ?? { method: '', path: '', body: {}, at: 0 }),
      );
      const thread = [];
      for (const name of await one.app.storage.outbox.list()) {
        const entry = (await one.app.storage.outbox.read(name, outboxEntrySchema))?.value;
        if (entry?.key === `${id}:notice`) thread.push(entry.result?.conversationId ?? '');
      }
      expect(connector.posted(thread[0])).toHaveLength(1);
      for (const manager of [PEOPLE.anna, PEOPLE.piet]) {
        const reminders = (await personalMessages(one, manager)).filter((c) =>
          JSON.stringify(cardOf(c)).includes('Herinnering 1'),
        );
        expect(reminders).toHaveLength(1);
      }
    } finally {
      for (const t of instances) await t.stop();
      await connector.stop();
    }
  });
});
