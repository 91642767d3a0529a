import { incidentCard } from '../../cards/incidents/incidentCard';
import { incidentListCard } from '../../cards/incidents/incidentListCard';
import { incidentStepCard } from '../../cards/incidents/incidentStepCard';
import { FLOWS } from '../../src/flows';
import type { FormStep } from '../../src/flows/flowSchema';
import type { IncidentRecord } from '../../src/incidents/incidentRecord';
import { cardText, walkCard } from '../support/cardWalk';
import { TEST_ORG, renderAllCards } from '../support/renderFlow';
import { validateCard } from '../support/validateCard';

const flow = FLOWS.grensoverschrijdend;
const at = '2026-11-02T09:15:00.000Z';

/** An incident with every step filled in with the longest texts, and 20 screenshots. */
function fullRecord(): IncidentRecord {
  const steps: IncidentRecord['steps'] = {};
  for (const step of flow.steps) {
    if (step.kind !== 'form') continue;
    const fields: Record<string, string> = {};
    for (const f of step.fields)
      fields[f.id] =
        f.type === 'choice'
          ? (f.choices[0]?.value ?? '')
          : f.type === 'date'
            ? '2026-11-01'
            : '**x**'.repeat(40);
    steps[step.id] = { status: 'ingevuld', fields, updatedAt: at, updatedBy: 'aad-bram' };
  }
  return {
    id: '6f1c2d3e-0000-4000-8000-000000000001',
    schemaVersion: 1,
    flowVersion: flow.version,
    reporter: { aadObjectId: 'aad-bram', name: 'Bram Bakker', userId: '29:bram' },
    teamId: '19:team',
    status: 'open',
    sharedWithManagers: true,
    steps,
    evidence: Array.from({ length: 20 }, (_, i) => ({
      id: `ev-${String(i).padStart(8, '0')}`,
      sha256: 'a'.repeat(64),
      size: 123456,
      contentType: 'image/png' as const,
      uploadedBy: { aadObjectId: 'aad-bram', name: 'Bram Bakker' },
      uploadedAt: at,
      source: 'inline' as const,
    })),
    escalations: [],
    timeline: [{ at, actorId: 'aad-bram', action: 'created' }],
    createdAt: at,
    updatedAt: at,
    revision: 9,
  };
}

describe('incident cards', () => {
  it('shows a full incident to its reporter and to a manager: valid, small enough, user text never as Markdown', () => {
    for (const role of ['reporter', 'manager'] as const) {
      const card = incidentCard({
        record: fullRecord(),
        flow,
        role,
        org: TEST_ORG,
        timeZone: 'Europe/Amsterdam',
      });
      expect(() => validateCard(card)).not.toThrow();
      expect(JSON.stringify(card).length).toBeLessThan(28_000);
      expect(card.fallbackText).toBe('Baken: nieuwe melding');
      walkCard(card, (n) => {
        if (n.type === 'TextBlock') expect(String(n.text)).not.toContain('**x**');
      });
      expect(cardText(card)).toContain('02-11-2026 10:15');
      const titles = JSON.stringify(card);
      if (role === 'reporter') expect(titles).toContain('"verb":"incident.edit"');
      else {
        expect(titles).not.toContain('incident.edit');
        expect(cardText(card)).toContain('Bram Bakker');
      }
    }
  });

  it('lists incidents and edits a step: valid cards with prefilled inputs', () => {
    const record = fullRecord();
    const list = incidentListCard({ own: [record], team: [record], flow });
    expect(() => validateCard(list)).not.toThrow();
    expect(cardText(list)).toContain('Open meldingen in je team');
    const step = flow.steps.find((s) => s.id === 'screenshot') as FormStep;
    const edit = incidentStepCard({
      incidentId: record.id,
      revision: 9,
      step,
      values: record.steps.screenshot?.fields,
      org: TEST_ORG,
    });
    expect(() => validateCard(edit)).not.toThrow();
    expect(JSON.stringify(edit)).toContain('"id":"f_wie"');
    expect(JSON.stringify(edit)).toContain('"maxLength":200');
  });
});

describe('incident flow content (seed 004)', () => {
  it('asks the date in the Dutch order and lists Snapchat among the platforms', () => {
    const first = renderAllCards(flow)[0];
    const inputs: Array<Record<string, unknown>> = [];
    walkCard(first, (n) => {
      if (typeof n.type === 'string' && n.type.startsWith('Input.')) inputs.push(n);
    });
    expect(inputs.find((i) => i.type === 'Input.Date')).toMatchObject({ placeholder: 'dd-mm-jjjj' });
    const platforms = inputs.find((i) => i.id === 'f_platform')?.choices as Array<{ title: string }>;
    expect(platforms.map((c) => c.title)).toContain('Snapchat');
  });

  it('says what the seed says, on cards that each name the source', () => {
    const cards = renderAllCards(flow);
    const text = cards
      .map((c) => cardText(c))
      .join('\n')
      .toLowerCase();
    for (const phrase of [
      'beledigend bericht',
      'bedreiging',
      'filmpje of foto',
      'persoonlijke gegevens gedeeld (doxing)',
      'zoek dan contact met die cliënt',
      'vraag de cliënt om het bericht te verwijderen',
      'maak een screenshot van het bericht',
      'wie het heeft gepost en op welk kanaal',
      'van wie het account is en wie er verder bij betrokken zijn',
      'rapporteer het bericht bij het online platform',
      'vaak gebeurt er weinig mee',
      "bespreek het incident met je leidinggevende, collega's",
      'grote impact hebben op je leven en je werk',
      'schakel dan juridische hulp in via je organisatie',
      'laat je organisatie aangifte doen',
      'volg [het interne protocol](https://example.org/protocol)',
      'trek dan aan de bel bij je leidinggevende',
      'zorgvuldig nazorgtraject',
    ]) {
      expect(text).toContain(phrase);
    }
    for (const card of cards) {
      expect(() => validateCard(card)).not.toThrow();
      expect(cardText(card)).toContain("Bron: 'Online grensoverschrijdend gedrag'");
    }
    // Never a client's name: text fields say so.
    expect(text).toContain('gebruik een code');
  });
});
