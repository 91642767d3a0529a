import { cardText } from '../support/cardWalk';
import {
  PEOPLE,
  cardOf,
  invokeCardOf,
  noticeInvoke,
  personalMessages,
  postedGroomingEscalation,
  readEscalation,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { useMemoryStorage } from '../support/harness';
import { cardInvoke } from '../support/teams';
import type { TestUser } from '../support/teams';
import { validateCard } from '../support/validateCard';

const storage = useMemoryStorage();

describe('the Meldcode walk closes a client escalation with a recorded decision', () => {
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

  /** Presses a button as `who`, in the notice's thread or in their 1:1 chat; returns the card shown to them. */
  async function press(who: TestUser, data: Record<string, unknown>, inChannel = false): Promise<string> {
    const full = { ref: id, version: 0, ...data };
    const activity = inChannel
      ? noticeInvoke(t.connector.url, who, full, thread)
      : cardInvoke(t.connector.url, who, full);
    const answer = await t.send(activity);
    expect(answer.status).toBe(200);
    const card = invokeCardOf(answer.body);
    validateCard(card);
    return cardText(card);
  }
  /** Answers a card of the walk, in `who`'s 1:1 chat where the walk is shown. */
  const answer = (who: TestUser, value: string, fields: Record<string, string> = {}) =>
    press(who, { action: 'meldcode.answer', value, ...fields });

  /** "Afgerond" on the channel notice: the presser is told the walk is in their chat, and it arrives there. */
  async function closeInChannel(who: TestUser, extra: Record<string, unknown> = {}): Promise<string> {
    const shown = await press(who, { action: 'escalation.resolve', ...extra }, true);
    expect(shown).toContain('Ik heb de Meldcode-afweging in je persoonlijke chat met mij gezet.');
    await t.app.tick();
    const cards = (await personalMessages(t, who)).map((c) => cardOf(c));
    const last = cards.at(-1);
    validateCard(last);
    return cardText(last);
  }

  it('"Afgerond" opens the walk instead of closing; all five afwegingen lead to "melden", recorded with who and when', async () => {
    expect(await closeInChannel(PEOPLE.anna)).toContain('Past de Meldcode?');
    // An old confirmation card ("Ja, rond af") does not close a client escalation either.
    expect(await closeInChannel(PEOPLE.anna, { confirmed: 'ja' })).toContain('Past de Meldcode?');
    // In the 1:1 chat (a reminder's button) "Afgerond" shows the walk at once.
    expect(await press(PEOPLE.anna, { action: 'escalation.resolve' })).toContain('Past de Meldcode?');
    expect((await read()).status).toBe('open');

    expect(await answer(PEOPLE.anna, 'toepassing.ja')).toContain('Stap 3: gesprek met de cliënt');
    expect(await answer(PEOPLE.anna, 'gesprek.gedaan')).toContain('Afweging 1 van 5');
    expect(await answer(PEOPLE.anna, 'a1.ja')).toContain('Afweging 2 van 5');
    expect(await answer(PEOPLE.anna, 'a2.nee')).toContain('Afweging 3 van 5');
    expect(await answer(PEOPLE.anna, 'a3.ja')).toContain('Afweging 4 van 5');
    expect(await answer(PEOPLE.anna, 'a4.ja')).toContain('Besluit: Hulp bieden of regelen');
    // A help decision needs the day afweging 5 is checked: without it nothing changes.
    const revision = (await read()).revision;
    expect(await answer(PEOPLE.anna, 'besluit.hulp')).toContain('Kies een datum.');
    expect((await read()).revision).toBe(revision);
    const helped = await answer(PEOPLE.anna, 'besluit.hulp', { f_dag: '2030-01-15' });
    expect(helped).toContain('Voor het dossier');
    expect(helped).toContain('afweging 5 op 15 januari 2030');
    expect((await read()).status).toBe('acknowledged');

    // Later "Afgerond" resumes the walk at afweging 5; "nee" leads to melden.
    expect(await closeInChannel(PEOPLE.anna)).toContain('Afweging 5 van 5');
    expect(await answer(PEOPLE.anna, 'a5.nee')).toContain('Besluit: Melden bij Veilig Thuis');
    expect(await answer(PEOPLE.anna, 'besluit.melden')).toContain('Is de melding gedaan?');
    const dossier = await answer(PEOPLE.anna, 'besluit.melden', { f_melding: 'gedaan' });
    expect(dossier).toContain('Voor het dossier');
    expect(dossier).toContain('K7');
    expect(dossier).toContain('Melden bij Veilig Thuis, melding gedaan (Anna de Vries');

    const record = await read();
    expect(record.status).toBe('resolved');
    expect(record.resolvedBy?.aadObjectId).toBe(PEOPLE.anna.aadObjectId);
    expect(record.meldcode?.answers.map((a) => `${a.question}.${a.answer}`)).toEqual([
      'toepassing.ja',
      'gesprek.gedaan',
      'a1.ja',
      'a2.nee',
      'a3.ja',
      'a4.ja',
      'a5.nee',
    ]);
    expect(record.meldcode?.decisions.map((d) => [d.decision, d.melding ?? d.day])).toEqual([
      ['hulp', '2030-01-15'],
      ['melden', 'gedaan'],
    ]);
    expect(record.timeline.filter((e) => e.code).map((e) => e.code)).toEqual([
      'toepassing.ja',
      'gesprek.gedaan',
      'a1.ja',
      'a2.nee',
      'a3.ja',
      'a4.ja',
      'hulp',
      'a5.nee',
      'melden',
    ]);
    const audited = await t.app.storage.audit.readAll(
      (e) => e.objectId === id && e.action.startsWith('meldcode.'),
    );
    expect(audited.map((e) => e.action)).toContain('meldcode.antwoord.a2.nee');
    expect(audited.map((e) => e.action)).toContain('meldcode.besluit.melden');
    // Every step by Anna; only the dossier's send to the reporter is Baken's own line.
    expect(
      audited
        .filter((e) => e.action !== 'meldcode.dossier.melder')
        .every((e) => e.actorId === PEOPLE.anna.aadObjectId),
    ).toBe(true);

    // The notice in the channel shows step 5 and the closed status, updated in place; the reporter gets the
    // dossier summary 1:1 (and is told it was closed); both sends are in the audit log.
    await t.app.tick();
    const toBram = (await personalMessages(t, PEOPLE.bram)).map((c) => cardText(cardOf(c)));
    expect(toBram.filter((x) => x.includes('Voor het dossier'))).toHaveLength(1);
    expect(toBram.find((x) => x.includes('Voor het dossier'))).toContain(
      'Melden bij Veilig Thuis, melding gedaan',
    );
    expect(audited.map((e) => e.action)).toEqual(
      expect.arrayContaining(['meldcode.dossier', 'meldcode.dossier.melder']),
    );
    const puts = t.connector.calls.filter((c) => c.method === 'PUT');
    const last = JSON.stringify(cardOf(puts.at(-1) ?? { method: '', path: '', body: {}, at: 0 }));
    expect(last).toContain('Stap 5 van 5 · beslissen');
    expect(last).toContain('Afgerond door Anna de Vries');
  });

  it('"nee" at afweging 1 closes with "afsluiten"', async () => {
    await answer(PEOPLE.piet, 'toepassing.ja');
    await answer(PEOPLE.piet, 'gesprek.niet_veilig');
    expect(await answer(PEOPLE.piet, 'a1.nee')).toContain('Besluit: Afsluiten');
    expect(await answer(PEOPLE.piet, 'besluit.afsluiten')).toContain('Voor het dossier');
    const record = await read();
    expect(record.status).toBe('resolved');
    expect(record.meldcode?.decisions.map((d) => d.decision)).toEqual(['afsluiten']);
  });

  it('"Meldcode past niet" closes with its reason, never through afwegingen that do not fit', async () => {
    expect(await answer(PEOPLE.piet, 'toepassing.buiten_kring')).toContain('Besluit: Meldcode past niet');
    const dossier = await answer(PEOPLE.piet, 'besluit.niet_van_toepassing');
    expect(dossier).toContain('volwassen cliënt, dader buiten de huiselijke kring');
    expect((await read()).meldcode?.answers).toHaveLength(1);
  });

  it('the reporter (staff) and a guest are refused every step, and nothing changes', async () => {
    const before = await read();
    for (const who of [PEOPLE.bram, PEOPLE.gast, PEOPLE.oud]) {
      expect(await answer(who, 'toepassing.ja')).toContain('alleen een leidinggevende');
    }
    await answer(PEOPLE.anna, 'toepassing.ja');
    await answer(PEOPLE.anna, 'gesprek.gedaan');
    await answer(PEOPLE.anna, 'a1.ja');
    await answer(PEOPLE.anna, 'a2.ja');
    const revision = (await read()).revision;
    expect(await answer(PEOPLE.bram, 'besluit.melden', { f_melding: 'gedaan' })).toContain(
      'alleen een leidinggevende',
    );
    expect((await read()).revision).toBe(revision);
    expect(before.meldcode).toBeUndefined();
    const refused = await t.app.storage.audit.readAll((e) => e.objectId === id && e.outcome === 'refused');
    expect(refused.map((e) => e.actorId)).toEqual(
      [PEOPLE.bram, PEOPLE.gast, PEOPLE.oud, PEOPLE.bram].map((u) => u.aadObjectId),
    );
  });

  it('two managers deciding at once record one decision; the other is told who decided', async () => {
    for (const value of ['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.ja'])
      await answer(PEOPLE.anna, value);
    const [a, b] = await Promise.all([
      answer(PEOPLE.anna, 'besluit.melden', { f_melding: 'gedaan' }),
      answer(PEOPLE.piet, 'besluit.melden', { f_melding: 'gepland', f_dag: '2030-02-01' }),
    ]);
    const record = await read();
    expect(record.meldcode?.decisions).toHaveLength(1);
    const winner = record.meldcode?.decisions[0]?.byName ?? '';
    const texts = [a, b];
    expect(texts.filter((x) => x.includes('Vastgelegd.'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes(`Er is al een besluit vastgelegd door ${winner}`))).toHaveLength(1);
  });

  it('a stale card (an answer the walk is past) changes nothing and shows where the walk stands', async () => {
    await answer(PEOPLE.anna, 'toepassing.ja');
    const revision = (await read()).revision;
    const shown = await answer(PEOPLE.piet, 'toepassing.ja');
    expect(shown).toContain('Deze vraag is al beantwoord');
    expect(shown).toContain('Stap 3: gesprek met de cliënt');
    expect((await read()).revision).toBe(revision);
  });
});
