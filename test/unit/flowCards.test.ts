import { CLIENT_CODE_MAX_LENGTH, NOTE_MAX_LENGTH } from '../../src/flows/flowSchema';
import type { AdaptiveCard } from '../../cards/cardShell';
import { FLOWS } from '../../src/flows';
import type { Flow } from '../../src/flows/flowSchema';
import { fillOrg } from '../../src/flows/flowSummary';
import { answersTriggeringAll, expectedAdvice, renderStep, TEST_ORG } from '../support/renderFlow';
import { walkCard } from '../support/cardWalk';
import { validateCard } from '../support/validateCard';

const flows: Flow[] = Object.values(FLOWS);
const cases = flows.flatMap((flow) =>
  flow.steps.map((step, index) => [flow.id, step.id, flow, index] as const),
);

type El = Record<string, unknown>;

function elements(card: AdaptiveCard): El[] {
  const all: El[] = [];
  walkCard(card.body, (e) => all.push(e));
  walkCard(card.actions ?? [], (e) => all.push(e));
  return all;
}

function buttons(card: AdaptiveCard): El[] {
  return elements(card).filter((e) => e.type === 'Action.Execute');
}

function buttonTitles(card: AdaptiveCard): string[] {
  return buttons(card).map((b) => String(b.title));
}

function inputs(card: AdaptiveCard): El[] {
  return elements(card).filter((e) => String(e.type).startsWith('Input.'));
}

describe('flow cards', () => {
  it.each(cases)('%s / %s renders a valid, phone-friendly card', (_flowId, _stepId, flow, index) => {
    const answers = answersTriggeringAll(flow);
    for (const card of [
      renderStep(flow, index, answers, { clientCode: 'K7', notice: 'Deze kaart is verlopen.' }),
      renderStep(flow, index, {}, {}),
      renderStep(flow, index, answers, { escalationStatus: 'Gemeld bij het team om 14:02' }),
    ]) {
      validateCard(card);
      expect(card).toMatchObject({
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
      });
      const all = elements(card);
      for (const e of all) {
        expect(['Image', 'ImageSet', 'Media', 'ColumnSet', 'Column']).not.toContain(e.type);
        if (e.type === 'TextBlock') expect(e.wrap).toBe(true);
        if (e.type === 'Action.Execute') {
          expect(e.data).toMatchObject({ ref: 'run-1', step: index, version: flow.version });
          expect(e.verb).toBe((e.data as El).action);
        }
      }
      expect(JSON.stringify(card)).not.toMatch(
        /\{(org|meldpunt|meldpuntContact|vertrouwenspersoon|protocol)\}/,
      );
      expect((card.actions ?? []).length).toBeLessThanOrEqual(5);
      expect(JSON.stringify(card).length).toBeLessThan(28_000);
      for (const input of inputs(card)) {
        if (String(input.id).startsWith('f_')) continue; // form fields, checked against the step below
        expect(['note', 'clientCode', 'ticked', 'urgency']).toContain(input.id);
      }
    }
  });

  it.each(cases)('%s / %s has Terug (not on the first card) and Stop', (_flowId, _stepId, flow, index) => {
    const card = renderStep(flow, index);
    const titles = (card.actions ?? []).map((a) => a.title);
    if (index > 0) expect(titles).toContain('Terug');
    else expect(titles).not.toContain('Terug');
    const step = flow.steps[index];
    expect(titles).toContain('Stop');
    if (step?.kind === 'summary') {
      expect(titles).toContain('Menu');
      expect(buttons(card).map((b) => b.title)).toContain('Zet samenvatting onderaan');
    }
  });

  it('shows "Vraag 3 van 9" on grooming question 3, with one answer button per choice', () => {
    const flow = FLOWS.grooming;
    const index = flow.steps.findIndex((s) => s.id === 'vraag_3');
    const card = renderStep(flow, index);
    expect(JSON.stringify(card)).toContain('Vraag 3 van 9');
    const answers = buttons(card).filter((b) => (b.data as El).action === 'flow.answer');
    expect(answers.map((b) => [b.title, (b.data as El).value])).toEqual([
      ['Ja', 'ja'],
      ['Nee', 'nee'],
      ['Weet ik niet', 'weet_ik_niet'],
    ]);
    const note = inputs(card).find((i) => i.id === 'note');
    expect(note).toMatchObject({ type: 'Input.Text', maxLength: NOTE_MAX_LENGTH });
    expect(String(note?.placeholder)).toMatch(/namen/);
  });

  it('prefills an earlier answer and note', () => {
    const flow = FLOWS.grooming;
    const index = flow.steps.findIndex((s) => s.id === 'vraag_4');
    const card = renderStep(flow, index, { vraag_4: { value: 'allebei', note: 'zag berichten' } });
    expect(JSON.stringify(card)).toContain('Je eerdere antwoord: **Allebei**');
    expect(inputs(card).find((i) => i.id === 'note')?.value).toBe('zag berichten');
  });

  it('asks for an optional client code only on the first card of a flow about a client', () => {
    for (const flow of flows) {
      const first = inputs(renderStep(flow, 0, {}, { clientCode: 'K7' })).find((i) => i.id === 'clientCode');
      if (flow.aboutClient) {
        expect(first).toMatchObject({ type: 'Input.Text', maxLength: CLIENT_CODE_MAX_LENGTH, value: 'K7' });
        expect(String(first?.label)).toBe('Code voor je cliënt (geen naam)');
      } else {
        expect(first).toBeUndefined();
      }
      for (let i = 1; i < flow.steps.length; i++) {
        expect(inputs(renderStep(flow, i)).some((input) => input.id === 'clientCode')).toBe(false);
      }
    }
  });

  it('renders a checklist as a multi-select, prefilled with the ticked items, and Verder', () => {
    const flow = FLOWS.uitbuiting;
    const index = flow.steps.findIndex((s) => s.id === 'eerste_signalen');
    const card = renderStep(flow, index, { eerste_signalen: { ticked: ['drugs', 'sneller_boos'] } });
    const set = inputs(card).find((i) => i.id === 'ticked');
    expect(set).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, style: 'expanded' });
    expect(set?.value).toBe('drugs,sneller_boos');
    expect(buttonTitles(card)).toEqual(expect.arrayContaining(['Verder', 'Terug', 'Stop']));
  });

  it('gives "Doe" a note field, an urgency choice and a button that escalates at once', () => {
    const flow = FLOWS.verliefd;
    const index = flow.steps.findIndex((s) => s.kind === 'info' && s.escalate !== undefined);
    const card = renderStep(flow, index);
    const meld = buttons(card).find((b) => b.title === 'Meld bij het team');
    expect(meld?.data).toMatchObject({ action: 'flow.escalate', value: 'onveilige_online_relatie' });
    expect(inputs(card).some((i) => i.id === 'note')).toBe(true);
    expect(inputs(card).find((i) => i.id === 'urgency')).toMatchObject({ value: 'normaal' });
    expect(buttonTitles(card)).toEqual(expect.arrayContaining(['Verder', 'Terug', 'Stop']));
  });

  it('shows a notice at the top in an attention container, in readable default-coloured text', () => {
    const card = renderStep(FLOWS.grooming, 1, {}, { notice: 'Deze kaart is verlopen.' });
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(JSON.stringify(card.body[0])).toContain('Deze kaart is verlopen.');
    expect(JSON.stringify(card.body[0])).not.toContain('"color"');
  });

  it('names the source in a small subtle footer', () => {
    const card = renderStep(FLOWS.grooming, 0);
    const footer = card.body[card.body.length - 1];
    expect(footer).toMatchObject({ type: 'TextBlock', size: 'Small', isSubtle: true });
    expect(String(footer && 'text' in footer ? footer.text : undefined)).toMatch(
      /^Bron: 'Hoe kom ik erachter of een cliënt slachtoffer is van grooming\?'/,
    );
  });

  it('fills the organisation settings, and drops a missing contact and protocol link', () => {
    const flow = FLOWS.voorkomen;
    const index = flow.steps.findIndex((s) => s.id === 'gebeurt_het_toch');
    expect(JSON.stringify(renderStep(flow, index))).toContain(
      '[het interne protocol](https://example.org/protocol)',
    );
    const bare = { ...TEST_ORG, protocolUrl: '', meldpuntContact: '' };
    const text = JSON.stringify(renderStep(flow, index, {}, { org: bare }));
    expect(text).toContain('volg het interne protocol.');
  });

  it('never renders typed text as Markdown', () => {
    const flow = FLOWS.verliefd;
    const index = flow.steps.findIndex((s) => s.id === 'observeer');
    const evil = '**x** [klik](https://evil.example)';
    const summary = renderStep(
      flow,
      flow.steps.length - 1,
      { observeer: { note: evil } },
      { clientCode: '_K_' },
    );
    const holders: El[] = [];
    walkCard(summary.body, (e) => {
      if (typeof e.text === 'string' && (e.text.includes(evil) || e.text === '_K_')) holders.push(e);
    });
    expect(holders.length).toBe(2);
    for (const holder of holders) expect(holder.type).toBe('TextRun');
    expect(renderStep(flow, index).body.length).toBeGreaterThan(0);
  });
});

describe('flow summary cards', () => {
  it.each(flows.map((f) => [f.id, f] as const))('%s lists every answer and its advice', (_id, flow) => {
    const answers = answersTriggeringAll(flow);
    const card = renderStep(flow, flow.steps.length - 1, answers);
    validateCard(card);
    const text = elements(card)
      .map((e) => (typeof e.text === 'string' ? e.text : ''))
      .join('\n');
    for (const step of flow.steps) {
      if (step.kind === 'question') {
        expect(text).toContain(step.title);
        const advice = expectedAdvice(step, answers);
        if (step.attention) expect(advice).toBeDefined();
        if (advice) expect(text).toContain(fillOrg(advice, TEST_ORG));
      }
      if (step.kind === 'info' && step.noteLabel) expect(text).toContain(`notitie ${step.id}`);
    }
    const advice = elements(card).filter((e) => e.type === 'Container' && e.style === 'emphasis');
    const expected = flow.steps.filter((s) => s.kind === 'question' && s.attention).length;
    expect(advice).toHaveLength(expected);
  });

  it.each(['grooming', 'uitbuiting'] as const)('%s offers escalation when signals are recognised', (id) => {
    const flow = FLOWS[id];
    const last = flow.steps.length - 1;
    const offered = renderStep(flow, last, answersTriggeringAll(flow));
    const meld = buttons(offered).find((b) => b.title === 'Meld bij het team');
    expect(meld?.data).toMatchObject({
      action: 'flow.escalate',
      value: flow.id === 'grooming' ? 'grooming' : 'online_uitbuiting',
    });
    const urgency = inputs(offered).find((i) => i.id === 'urgency');
    expect(urgency).toMatchObject({ type: 'Input.ChoiceSet', value: 'normaal' });
    expect((urgency?.choices as El[]).map((c) => c.value)).toEqual(['acuut', 'hoog', 'normaal']);
    expect(JSON.stringify(urgency)).toContain('Acuut – direct gevaar (bel ook 112)');

    const quiet = renderStep(flow, last, {});
    expect(buttonTitles(quiet)).not.toContain('Meld bij het team');
    expect(inputs(quiet)).toHaveLength(0);

    const done = renderStep(flow, last, answersTriggeringAll(flow), {
      escalationStatus: 'Gemeld bij het team om 14:02',
    });
    expect(buttonTitles(done)).not.toContain('Meld bij het team');
    expect(JSON.stringify(done)).toContain('Gemeld bij het team om 14:02');
  });
});
