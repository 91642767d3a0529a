import { FLOWS, FLOW_ORDER, getFlow } from '../../src/flows';
import { flowIdSchema, flowSchema, type Flow, type Step } from '../../src/flows/flowSchema';
import { gesprekstipsFlow } from '../../src/flows/gesprekstips';
import { grensoverschrijdendFlow } from '../../src/flows/grensoverschrijdend';
import { groomingFlow } from '../../src/flows/grooming';
import { uitbuitingFlow } from '../../src/flows/uitbuiting';
import { verliefdFlow } from '../../src/flows/verliefd';
import { voorkomenFlow } from '../../src/flows/voorkomen';

const ALLOWED_PLACEHOLDERS = [
  '{org}',
  '{meldpunt}',
  '{meldpuntContact}',
  '{vertrouwenspersoon}',
  '{protocol}',
];
const flows: Flow[] = Object.values(FLOWS);
/** B1: short sentences. */
const MAX_WORDS = 20;

/** Every string in a value, recursively. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** The text a step shows on its card. */
function stepText(step: Step): string[] {
  switch (step.kind) {
    case 'info':
      return [...step.body, ...step.bullets];
    case 'question':
      return [step.question, ...(step.help ? [step.help] : [])];
    case 'checklist':
      return [step.intro, ...step.items.map((i) => i.label)];
    case 'form':
      return [
        ...step.body,
        ...step.bullets,
        ...step.fields.map((f) => f.label),
        ...(step.footer ? [step.footer] : []),
      ];
    default:
      return [...(step.intro ? [step.intro] : []), ...step.closing];
  }
}

/** The version of each flow's content now (care safety changes of grooming, verliefd, uitbuiting, harassment). */
const CURRENT_VERSIONS = {
  grooming: 3,
  verliefd: 3,
  uitbuiting: 3,
  gesprekstips: 2,
  voorkomen: 2,
  grensoverschrijdend: 3,
} as const;

describe('flows', () => {
  it('has every flow id, each parsing against the schema at its current version', () => {
    expect(Object.keys(FLOWS).sort()).toEqual([...flowIdSchema.options].sort());
    expect([...FLOW_ORDER].sort()).toEqual([...flowIdSchema.options].sort());
    for (const raw of [
      groomingFlow,
      verliefdFlow,
      uitbuitingFlow,
      gesprekstipsFlow,
      voorkomenFlow,
      grensoverschrijdendFlow,
    ]) {
      const flow = flowSchema.parse(raw);
      // Changed content bumps the version, so stored runs of the old content restart politely.
      expect(flow.version).toBe(CURRENT_VERSIONS[flow.id]);
      expect(FLOWS[flow.id]).toEqual(flow);
      expect(getFlow(flow.id)).toBe(FLOWS[flow.id]);
    }
  });

  it.each(flows.map((f) => [f.id, f] as const))('%s has unique ids everywhere', (_id, flow) => {
    const stepIds = flow.steps.map((s) => s.id);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    for (const step of flow.steps) {
      if (step.kind === 'question') {
        const values = step.choices.map((c) => c.value);
        expect(new Set(values).size).toBe(values.length);
        for (const value of step.attention?.when ?? []) expect(values).toContain(value);
      }
      if (step.kind === 'checklist') {
        const ids = step.items.map((i) => i.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
    expect(flow.steps.filter((s) => s.kind === 'summary')).toHaveLength(1);
  });

  it.each(flows.map((f) => [f.id, f] as const))('%s uses only the allowed placeholders', (_id, flow) => {
    const unknown = strings(flow)
      .map((text) => ALLOWED_PLACEHOLDERS.reduce((rest, p) => rest.split(p).join(''), text))
      .filter((rest) => /[{}]/.test(rest));
    expect(unknown).toEqual([]);
  });

  it.each(flows.map((f) => [f.id, f] as const))(
    '%s keeps each card short enough for a phone',
    (_id, flow) => {
      const tooLong: string[] = [];
      for (const step of flow.steps) {
        const text = stepText(step);
        if (text.join(' ').length > 900) tooLong.push(`${step.id}: ${text.join(' ').length} characters`);
        if (step.kind === 'info' && step.bullets.length > 8)
          tooLong.push(`${step.id}: ${step.bullets.length} bullets`);
        for (const sentence of text.flatMap((t) => t.split(/[.?!:]\s/))) {
          if (sentence.split(/\s+/).filter(Boolean).length > MAX_WORDS)
            tooLong.push(`${step.id}: ${sentence}`);
        }
      }
      expect(tooLong).toEqual([]);
    },
  );

  it('names a valid source on every step', () => {
    for (const flow of flows) for (const step of flow.steps) expect(step.source).toBeTruthy();
  });

  it('grooming: nine numbered check questions, q3 "ja" and the worry question are signals', () => {
    const flow = FLOWS.grooming;
    const questions = flow.steps.filter((s) => s.kind === 'question');
    const numbered = questions.filter((q) => q.numbered);
    expect(numbered).toHaveLength(9);
    for (const q of numbered) expect(q.attention).toBeDefined();
    const q3 = numbered[2];
    expect(q3?.choices.find((c) => c.value === 'ja')?.signal).toBe(true);
    expect(numbered[3]?.choices.map((c) => c.label)).toEqual([
      'Feiten',
      'Onderbuikgevoel',
      'Allebei',
      'Ik heb (nog) geen vermoeden',
    ]);
    for (const q of numbered.filter((_q, i) => i !== 3)) {
      expect(q.choices.map((c) => c.label)).toEqual(['Ja', 'Nee', 'Weet ik niet']);
    }
    const worry = questions.find((q) => !q.numbered);
    expect(worry?.question).toBe('Maak je je zorgen over je cliënt?');
    expect(worry?.choices.find((c) => c.value === 'ja')?.signal).toBe(true);
    const summary = flow.steps[flow.steps.length - 1];
    expect(summary?.kind === 'summary' && summary.escalationOffer?.kind).toBe('grooming');
  });

  it('verliefd: "Doe" escalates at once; uitbuiting offers escalation on ticked signals', () => {
    const doe = FLOWS.verliefd.steps.find((s) => s.title.includes('Doe') && s.kind === 'info' && s.escalate);
    expect(doe?.kind === 'info' && doe.escalate).toEqual({
      kind: 'onveilige_online_relatie',
      label: 'Meld bij het team',
    });
    const steps = FLOWS.uitbuiting.steps;
    expect(steps.some((s) => s.kind === 'checklist' && s.signalsWhenTicked)).toBe(true);
    const summary = steps[steps.length - 1];
    expect(summary?.kind === 'summary' && summary.escalationOffer?.kind).toBe('online_uitbuiting');
  });

  it('asks about clients only where it should, and never for a name', () => {
    expect(FLOWS.voorkomen.aboutClient).toBe(false);
    for (const id of ['grooming', 'verliefd', 'uitbuiting'] as const)
      expect(FLOWS[id].aboutClient).toBe(true);
    for (const text of flows.flatMap((f) => strings(f))) {
      expect(text).not.toMatch(/naam van (je|de) cliënt|wat is de naam|hoe heet je cliënt/i);
    }
  });
});
