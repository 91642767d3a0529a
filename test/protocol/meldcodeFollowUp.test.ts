import { escalationDocName, escalationRecordSchema } from '../../src/escalation/escalationRecord';
import { outboxEntrySchema } from '../../src/delivery/outboxEntry';
import { cardsReceived } from '../support/aftercareSetup';
import { buttonOf, cardText } from '../support/cardWalk';
import {
  PEOPLE,
  invokeCardOf,
  noticeInvoke,
  postedGroomingEscalation,
  readEscalation,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { PersonalDriver } from '../support/incidentDriver';
import type { TestUser } from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();
const { anna, piet } = PEOPLE;
const REMINDER = 'Herinnering Meldcode';

/**
 * The follow-up of the Meldcode walk under a fake clock (office hours 08:00-17:00 Amsterdam, UTC+1 in November):
 * Bram's grooming escalation is sent on Monday 2 November, 10:00.
 */
describe('Meldcode follow-up reminders', () => {
  let t: EscalationBaken;
  let id: string;
  let thread: string;
  beforeEach(async () => {
    t = await startEscalationBaken(storage.get());
    ({ id, thread } = await postedGroomingEscalation(t));
  });
  afterEach(async () => {
    await t.stop();
  });

  const read = () => readEscalation(t, id);

  /** Presses a button on the notice (or a walk card) in the channel thread; returns the text of the card shown. */
  async function press(who: TestUser, data: Record<string, unknown>): Promise<string> {
    const answer = await t.send(noticeInvoke(t.connector.url, who, { ref: id, version: 0, ...data }, thread));
    expect(answer.status).toBe(200);
    return cardText(invokeCardOf(answer.body));
  }
  const answer = (who: TestUser, value: string, fields: Record<string, string> = {}) =>
    press(who, { action: 'meldcode.answer', value, ...fields });

  /** Moves the fake clock and runs one scheduler tick (reminders, then delivery). */
  async function tickAt(iso: string): Promise<void> {
    t.clock.set(iso);
    await t.app.tick();
  }
  const reminders = (who: TestUser) => cardsReceived(t, who, REMINDER);

  it('no decision within 5 days: the picker once, a day later the managers; only in office hours; none after the decision', async () => {
    await press(anna, { action: 'escalation.ack' });
    expect((await read()).status).toBe('acknowledged');

    // Saturday 7 November, 09:59: not yet 5 days since the pick-up (10:00).
    await tickAt('2026-11-07T08:59:00Z');
    // 17:30 the same day: due, but after office hours.
    await tickAt('2026-11-07T16:30:00Z');
    expect(await reminders(anna)).toHaveLength(0);

    // Sunday 8 November, 08:00: the reminder goes to Anna, who picked it up, and to nobody else.
    await tickAt('2026-11-08T07:00:00Z');
    const [first] = await reminders(anna);
    expect(() => validateCard(first)).not.toThrow();
    const text = cardText(first);
    expect(text).toContain('Meldcode · Vermoeden van grooming');
    expect(text).toContain('Deze melding is 6 dagen geleden opgepakt. Er is nog geen besluit vastgelegd.');
    expect(text).not.toContain('K7');
    expect(buttonOf(first, 'Ga verder met de Meldcode')).toMatchObject({
      action: 'escalation.resolve',
      ref: id,
    });
    expect(await reminders(piet)).toHaveLength(0);
    // Later that day: nothing new.
    await tickAt('2026-11-08T15:59:00Z');
    expect(await reminders(anna)).toHaveLength(1);

    // The next morning the managers (Anna and Piet) are told; Olga, who left the team, is not.
    await tickAt('2026-11-09T07:00:00Z');
    expect(await reminders(anna)).toHaveLength(2);
    const [toPiet] = await reminders(piet);
    expect(cardText(toPiet)).toContain('Zorg jij dat er een besluit komt?');
    expect(await reminders(PEOPLE.oud)).toHaveLength(0);
    await tickAt('2026-11-09T15:00:00Z');
    expect(await reminders(piet)).toHaveLength(1);

    // Anna records a decision: no reminder follows, however long one waits.
    for (const value of ['toepassing.ja', 'gesprek.gedaan', 'a1.nee']) await answer(anna, value);
    expect(await answer(anna, 'besluit.afsluiten')).toContain('Voor het dossier');
    for (const day of ['10', '14', '20', '30']) await tickAt(`2026-11-${day}T09:00:00Z`);
    expect(await reminders(anna)).toHaveLength(2);
    expect(await reminders(piet)).toHaveLength(1);

    const record = await read();
    expect(record.timeline.filter((e) => e.action === 'meldcode_reminder').map((e) => e.count)).toEqual([
      1, 2,
    ]);
    expect(record.meldcodeFollowUp?.pending).toBe(false);
    const audited = await t.app.storage.audit.readAll(
      (e) => e.objectId === id && e.action.startsWith('meldcode.remind'),
    );
    expect(audited.map((e) => e.action)).toEqual(['meldcode.remind.besluit', 'meldcode.remind.besluit']);
    // The outbox holds codes only: nothing of the client or the answers.
    for (const name of await t.app.storage.outbox.list()) {
      expect(JSON.stringify((await t.app.storage.outbox.read(name, outboxEntrySchema))?.value)).not.toContain(
        'K7',
      );
    }
  });

  it('a decision "hulp" comes back on its day as the check of afweging 5, and the button opens the walk there', async () => {
    for (const value of ['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.nee', 'a3.ja', 'a4.ja'])
      await answer(anna, value);
    expect(await answer(anna, 'besluit.hulp', { f_dag: '2026-11-10' })).toContain('Voor het dossier');

    // The day before, and the day itself before office hours: nothing (no "no decision" reminder either).
    await tickAt('2026-11-09T09:00:00Z');
    await tickAt('2026-11-10T06:30:00Z');
    expect(await reminders(anna)).toHaveLength(0);

    // Tuesday 10 November, 08:00: Anna, who decided, is reminded; Piet is not.
    await tickAt('2026-11-10T07:00:00Z');
    const [check] = await reminders(anna);
    expect(() => validateCard(check)).not.toThrow();
    expect(cardText(check)).toContain('Vandaag kijk je of de hulp werkt. Dat is afweging 5.');
    expect(cardText(check)).not.toContain('K7');
    expect(await reminders(piet)).toHaveLength(0);
    await tickAt('2026-11-10T15:00:00Z');
    expect(await reminders(anna)).toHaveLength(1);

    // Its button, pressed in Anna's 1:1 chat, opens the walk at afweging 5.
    const driver = new PersonalDriver(t, anna);
    const opened = await driver.invoke(buttonOf(check, 'Ga verder met de Meldcode'));
    expect(cardText(opened.card)).toContain('Afweging 5 van 5');
    expect(cardText(opened.card)).toContain('Heeft de hulp op tijd gezorgd voor veiligheid?');
    expect((await read()).status).toBe('acknowledged');

    // Not answered a day later: the managers are told.
    await tickAt('2026-11-11T07:00:00Z');
    const [toPiet] = await reminders(piet);
    expect(cardText(toPiet)).toContain('Op 10 november 2026 zou je kijken of de hulp werkt.');
    expect(cardText(toPiet)).toContain('Dat staat nu 1 dag open.');

    // Afweging 5 answered and the decision recorded from the card the button opened: no more reminders.
    await driver.press('Ja');
    expect(cardText(driver.card)).toContain('Besluit: Afsluiten');
    await driver.press('Leg besluit vast');
    expect(cardText(driver.card)).toContain('Voor het dossier');
    expect((await read()).status).toBe('resolved');
    for (const day of ['12', '16', '25']) await tickAt(`2026-11-${day}T09:00:00Z`);
    expect(await reminders(anna)).toHaveLength(2);
    expect(await reminders(piet)).toHaveLength(1);
  });

  it('a tick with nothing due reads no escalation; a reminder claimed before a crash is sent once after it', async () => {
    await press(anna, { action: 'escalation.ack' });
    await t.app.tick();
    await t.app.tick();
    const reads = jest.spyOn(t.app.storage.escalations, 'read');
    // In office hours, picked up, nothing due for days: the pass decides from the listing.
    await tickAt('2026-11-03T09:00:00Z');
    await tickAt('2026-11-06T12:00:00Z');
    expect(reads).toHaveBeenCalledTimes(0);

    // Due: the escalation is read, claimed and the reminder sent; the next pass reads it once (it changed).
    await tickAt('2026-11-07T09:00:00Z');
    expect(reads.mock.calls.length).toBeGreaterThan(0);
    expect(await reminders(anna)).toHaveLength(1);
    await tickAt('2026-11-07T09:01:00Z');
    reads.mockClear();
    await tickAt('2026-11-07T12:00:00Z');
    expect(reads).toHaveBeenCalledTimes(0);

    // A process that claimed the managers' reminder and died before recording its sends (the record says
    // pending): the next pass in office hours records them, once, under the same keys.
    const claimed = await t.app.storage.escalations.update(
      escalationDocName(id),
      escalationRecordSchema,
      (current) =>
        current && {
          ...current,
          meldcodeFollowUp: {
            sent: [
              ...(current.meldcodeFollowUp?.sent ?? []),
              { kind: 'besluit', to: 'managers', day: '2026-11-08', at: '2026-11-08T07:00:00.000Z' } as const,
            ],
            pending: true,
          },
        },
    );
    expect(claimed?.meldcodeFollowUp?.pending).toBe(true);
    await tickAt('2026-11-08T06:00:00Z');
    expect(await reminders(piet)).toHaveLength(0);
    await tickAt('2026-11-08T07:30:00Z');
    await tickAt('2026-11-08T08:00:00Z');
    expect(await reminders(piet)).toHaveLength(1);
    expect((await read()).meldcodeFollowUp?.pending).toBe(false);
    expect((await read()).meldcodeFollowUp?.sent).toHaveLength(2);
  });
});
