import type { OrgSettings } from '../../src/config';
import { getFlow } from '../../src/flows';
import { fillOrg, progressOf, summarizeRun } from '../../src/flows/flowSummary';

const org: OrgSettings = {
  name: 'Zorggroep Voorbeeld',
  configuredName: 'Zorggroep Voorbeeld',
  meldpunt: 'het Meldpunt Zorggroep',
  meldpuntContact: '030-1234567',
  vertrouwenspersoon: 'de vertrouwenspersoon',
  protocolUrl: 'https://example.org/protocol',
  meldcodeUrl: 'https://example.org/meldcode',
};

describe('summarizeRun', () => {
  const grooming = getFlow('grooming');

  it('lists every question, with advice only for answers that need attention', () => {
    const { rows, signals } = summarizeRun(grooming, {
      vraag_1: { value: 'nee', note: 'vraagt niet door' },
      vraag_2: { value: 'ja' },
      vraag_3: { value: 'weet_ik_niet' },
    });
    const questions = grooming.steps.filter((s) => s.kind === 'question');
    expect(rows).toHaveLength(questions.length);
    expect(rows[0]).toMatchObject({ title: 'Checkvraag 1', answer: 'Nee', note: 'vraagt niet door' });
    expect(rows[0]?.advice).toEqual([{ text: expect.stringMatching(/regelmatig/), source: '002' }]);
    expect(rows[1]?.advice).toBeUndefined();
    expect(rows[2]?.advice).toEqual([{ text: expect.stringMatching(/collega/), source: '002' }]);
    expect(rows[3]?.answer).toBe('geen antwoord');
    expect(signals).toBe(false);
  });

  it('recognises a signal answer and shows skipped steps as "overgeslagen"', () => {
    const { rows, signals } = summarizeRun(grooming, {
      vraag_3: { value: 'ja' },
      vraag_4: { skipped: true },
    });
    expect(signals).toBe(true);
    expect(rows.find((r) => r.title === 'Checkvraag 4')?.answer).toBe('overgeslagen');
  });

  it('lists ticked checklist labels and only counts signal checklists as signals', () => {
    const flow = getFlow('uitbuiting');
    const risks = summarizeRun(flow, { risicofactoren: { ticked: ['eenzaam', 'gepest'] } });
    expect(risks.signals).toBe(false);
    expect(risks.rows.find((r) => r.title === 'Risicofactoren')?.answer).toBe(
      'Eenzaam; Slachtoffer van pesten',
    );
    const signs = summarizeRun(flow, { eerste_signalen: { ticked: ['drugs'] } });
    expect(signs.signals).toBe(true);
    const none = summarizeRun(flow, { eerste_signalen: { ticked: [] } });
    expect(none.signals).toBe(false);
    expect(none.rows.find((r) => r.title === 'Eerste signalen')?.answer).toBe('niets aangevinkt');
    const skipped = summarizeRun(flow, { eerste_signalen: { ticked: ['drugs'], skipped: true } });
    expect(skipped.signals).toBe(false);
  });

  it('shows info steps only when they have a note, with the note as the answer', () => {
    const flow = getFlow('verliefd');
    const { rows } = summarizeRun(flow, { observeer: { note: 'stil na het chatten' }, inventariseer: {} });
    expect(rows.filter((row) => !row.question)).toEqual([
      { title: 'Stap 1: Observeer – kijk en luister', source: '000', answer: 'stil na het chatten' },
    ]);
  });
});

describe('progressOf', () => {
  it('counts numbered questions only', () => {
    const flow = getFlow('grooming');
    const index = flow.steps.findIndex((s) => s.id === 'vraag_3');
    expect(progressOf(flow, index)).toEqual({ current: 3, total: 9 });
    expect(progressOf(flow, 0)).toBeUndefined();
    expect(
      progressOf(
        flow,
        flow.steps.findIndex((s) => s.id === 'zorgen'),
      ),
    ).toBeUndefined();
    expect(progressOf(flow, 999)).toBeUndefined();
  });
});

describe('fillOrg', () => {
  it('fills every placeholder', () => {
    const text = fillOrg(
      '{org}: bel {meldpunt}{meldpuntContact}, of {vertrouwenspersoon}. Volg {protocol}.',
      org,
    );
    expect(text).toBe(
      'Zorggroep Voorbeeld: bel het Meldpunt Zorggroep (030-1234567), of de vertrouwenspersoon. Volg [het interne protocol](https://example.org/protocol).',
    );
  });

  it("links the organisation's own Meldcode, separate from the incident protocol", () => {
    expect(fillOrg('Kijk in {meldcode}. Volg {protocol}.', org)).toBe(
      'Kijk in [de Meldcode van Zorggroep Voorbeeld](https://example.org/meldcode). Volg [het interne protocol](https://example.org/protocol).',
    );
    expect(fillOrg('Kijk in {meldcode}.', { ...org, meldcodeUrl: '' })).toBe(
      'Kijk in de Meldcode van Zorggroep Voorbeeld.',
    );
  });

  it('drops an empty contact and protocol link gracefully', () => {
    const bare = { ...org, meldpuntContact: '', protocolUrl: '' };
    expect(fillOrg('Bel {meldpunt}{meldpuntContact}. Volg {protocol}.', bare)).toBe(
      'Bel het Meldpunt Zorggroep. Volg het interne protocol.',
    );
  });

  it('leaves unknown braces alone', () => {
    expect(fillOrg('{naam}', org)).toBe('{naam}');
  });
});
