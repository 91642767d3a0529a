import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import type { Logger } from '../../src/logger';
import { bramReports, cardsReceived, startAftercare, storedChecklist } from '../support/aftercareSetup';
import { buttonOf, cardText } from '../support/cardWalk';
import { LoopbackConnector } from '../support/connector';
import { PEOPLE, startEscalationBaken, type EscalationBaken } from '../support/escalationSetup';
import { useAzurite } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import { validateCard } from '../support/validateCard';

const azurite = useAzurite();
const { anna, bram } = PEOPLE;
const REMINDER = 'Herinnering nazorg';

/** A logger that keeps event names, so the test can see which instance claimed. */
function eventLogger(events: string[]): Logger {
  const keep = (event: string) => void events.push(event);
  return { debug: keep, info: keep, warn: keep, error: keep };
}

/** The overview card posted after typing a command. */
function postedCard(posted: Array<Record<string, unknown>>): Record<string, unknown> | undefined {
  return (posted.at(-1)?.attachments as Array<{ content: Record<string, unknown> }> | undefined)?.[0]
    ?.content;
}

describe('aftercare reminders', () => {
  it('remind the owner of due items in office hours, once per item per day, never twice across a restart or two instances', async () => {
    const connector = await new LoopbackConnector().start();
    // 2 November, 10:00 in Amsterdam: the incident is reported and aftercare starts.
    const clock = new FakeClock('2026-11-02T09:00:00Z');
    const env = { STORAGE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}` };
    const running: EscalationBaken[] = [];
    try {
      const first = await startEscalationBaken(azurite.get(), { env, connector, clock });
      running.push(first);
      const { id } = await bramReports(first);
      await startAftercare(first, anna, id);
      await first.app.tick();
      const reminders = () => cardsReceived(running[running.length - 1] ?? first, anna, REMINDER);
      expect(await reminders()).toHaveLength(0);

      // 5 November (the support conversation is due): 07:30 is before office hours (08:00-17:00).
      clock.set('2026-11-05T06:30:00Z');
      await first.app.tick();
      expect(await reminders()).toHaveLength(0);
      clock.set('2026-11-05T07:00:00Z');
      await first.app.tick();
      const [reminder] = await reminders();
      expect(() => validateCard(reminder)).not.toThrow();
      expect(cardText(reminder)).toContain('Voor de nazorg van Bram Bakker staat dit open');
      expect(cardText(reminder)).toContain('Steungesprek binnen 72 uur');
      expect(cardText(reminder)).toContain('Incident geregistreerd (MIM)');
      expect(cardText(reminder)).toContain('Vandaag');
      expect(buttonOf(reminder, 'Open de checklist')).toMatchObject({ action: 'aftercare.open', ref: id });
      // Later that day: nothing new.
      clock.set('2026-11-05T15:59:00Z');
      await first.app.tick();
      expect(await reminders()).toHaveLength(1);

      // A restart the same day sends nothing again.
      await first.stop();
      running.pop();
      const restarted = await startEscalationBaken(azurite.get(), { env, connector, clock, install: false });
      running.push(restarted);
      await restarted.app.tick();
      expect(await reminders()).toHaveLength(1);
      // 17:00 is after office hours, even on a new day's first tick.
      clock.set('2026-11-06T16:00:00Z');
      await restarted.app.tick();
      expect(await reminders()).toHaveLength(1);
      await restarted.stop();
      running.pop();

      // The next morning, two instances on one storage account, each pausing between read and write.
      const eventsA: string[] = [];
      const eventsB: string[] = [];
      const options = (events: string[]) => ({
        env,
        connector,
        clock,
        install: false,
        overrides: { pauseBeforeWriteMs: 300, logger: eventLogger(events) },
      });
      const one = await startEscalationBaken(azurite.get(), options(eventsA));
      running.push(one);
      const two = await startEscalationBaken(azurite.get(), options(eventsB));
      running.push(two);
      clock.set('2026-11-07T08:00:00Z');
      await Promise.all([one.app.tick(), two.app.tick()]);
      await Promise.all([one.app.tick(), two.app.tick()]);
      const events = [...eventsA, ...eventsB];
      expect(events.filter((e) => e === 'aftercare_reminder_claimed')).toHaveLength(1);
      expect(events.filter((e) => e === 'aftercare_reminder_claim_lost')).toHaveLength(1);
      const after = await cardsReceived(one, anna, REMINDER);
      expect(after).toHaveLength(2);
      expect(cardText(after[1])).toContain('te laat');

      // The overview shows what is overdue; the staff member sees their own, without the manager's notes.
      const manager = new PersonalDriver(one, anna);
      await manager.invoke({ action: 'aftercare.open', ref: id });
      await manager.invoke({
        action: 'aftercare.notNeeded',
        ref: id,
        value: 'getuigen',
        f_reden_getuigen: 'Geen getuigen',
      });
      const overview = postedCard(await manager.message('nazorg'));
      expect(() => validateCard(overview)).not.toThrow();
      expect(cardText(overview)).toContain('Open nazorg in je team');
      expect(cardText(overview)).toContain(
        '2 punten te laat: Steungesprek binnen 72 uur, Incident geregistreerd (MIM)',
      );
      const staff = new PersonalDriver(one, bram);
      const own = postedCard(await staff.message('nazorg'));
      expect(cardText(own)).toContain('Jouw nazorg');
      expect(cardText(own)).not.toContain('Open nazorg in je team');
      await staff.press('Open', {}, own);
      expect(cardText(staff.card)).toContain('Nazorg na je melding');
      expect(cardText(staff.card)).not.toContain('Geen getuigen');
      expect(cardText(staff.card)).not.toContain('Klaar');

      // Ticked items are not reminded again; the rest are, once, the next day.
      await manager.invoke({ action: 'aftercare.tick', ref: id, value: 'steungesprek' });
      clock.set('2026-11-08T08:00:00Z');
      await Promise.all([one.app.tick(), two.app.tick()]);
      const third = (await cardsReceived(one, anna, REMINDER))[2];
      expect(cardText(third)).toContain('Incident geregistreerd (MIM)');
      expect(cardText(third)).not.toContain('Steungesprek');
      expect(await cardsReceived(one, anna, REMINDER)).toHaveLength(3);
      const checklist = await storedChecklist(one, id);
      expect(checklist?.items.mim?.remindedOn).toBe('2026-11-08');
      expect(checklist?.pendingReminders).toEqual([]);
      const audit = await one.app.storage.audit.readAll((e) => e.action === 'aftercare.remind');
      expect(audit.map((e) => e.objectId)).toEqual([
        `${id}/steungesprek`,
        `${id}/mim`,
        `${id}/steungesprek`,
        `${id}/mim`,
        `${id}/mim`,
      ]);
    } finally {
      for (const t of running) await t.stop();
      await connector.stop();
    }
  });
});
