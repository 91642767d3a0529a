import { FLOWS } from '../../src/flows';
import type { FlowRun } from '../../src/flows/flowRun';
import {
  expectedTyped,
  resendSummary,
  runView,
  settleEscalation,
  settleStep,
  stepFlow,
  typedKey,
  type FlowAction,
  type FlowInput,
  type FlowTurn,
} from '../../src/flows/flowRunner';
import { flowSchema, type Flow, type FormField } from '../../src/flows/flowSchema';
import { FLOW_TEXTS } from '../../src/flows/flowTexts';
import { refused } from '../../src/platform/outcome';

/**
 * The flow runner's step function on its own: no storage, no botbuilder, no cards. Each case is one turn (or a
 * few) from a run to the next run and what to show; the dialog tests walk the same behaviour through the bot.
 */

const NOW = new Date('2026-11-02T09:00:00.000Z');
const LATER = new Date('2026-11-02T09:05:00.000Z');

/** A small flow with one step of every kind, an escalate button and an escalation offer on the summary. */
const flow: Flow = flowSchema.parse({
  id: 'grooming',
  version: 3,
  title: 'Testflow',
  description: 'Een flow om de stappen te testen.',
  aboutClient: true,
  steps: [
    {
      kind: 'info',
      id: 'intro',
      title: 'Begin',
      source: '002',
      body: ['Lees dit eerst.'],
      noteLabel: 'Notitie',
    },
    {
      kind: 'question',
      id: 'q1',
      title: 'Vraag een',
      source: '002',
      question: 'Zie je signalen?',
      choices: [
        { value: 'ja', label: 'Ja', signal: true },
        { value: 'nee', label: 'Nee' },
      ],
    },
    {
      kind: 'question',
      id: 'q2',
      title: 'Vraag twee',
      source: '002',
      question: 'Weet je het zeker?',
      choices: [
        { value: 'ja', label: 'Ja' },
        { value: 'weet_ik_niet', label: 'Weet ik niet' },
      ],
    },
    {
      kind: 'checklist',
      id: 'check',
      title: 'Lijst',
      source: '002',
      intro: 'Wat zie je?',
      items: [
        { id: 'a', label: 'Iets' },
        { id: 'b', label: 'Iets anders' },
      ],
    },
    {
      kind: 'form',
      id: 'form',
      title: 'Formulier',
      source: '004',
      body: ['Vul in wat je weet.'],
      fields: [
        { type: 'text', id: 'wat', label: 'Wat gebeurde er?', required: true },
        { type: 'date', id: 'wanneer', label: 'Wanneer?' },
      ],
    },
    {
      kind: 'info',
      id: 'alarm',
      title: 'Direct melden',
      source: '002',
      body: ['Meld het bij je team.'],
      noteLabel: 'Notitie',
      escalate: { kind: 'grooming', label: 'Meld bij je team' },
    },
    {
      kind: 'summary',
      id: 'samenvatting',
      title: 'Samenvatting',
      source: '002',
      escalationOffer: { kind: 'grooming', text: 'Wil je je team inlichten?' },
    },
  ],
});
const LAST = flow.steps.length - 1;
const SUMMARY_INDEX = LAST;
const ALARM_INDEX = LAST - 1;

let ids = 0;
/** Deterministic run ids. */
const newRunId = () => `run-${++ids}`;

/** A run of the test flow at a step, with answers. */
function runAt(index: number, extra: Partial<FlowRun> = {}): FlowRun {
  return {
    runId: 'r1',
    flowId: flow.id,
    version: flow.version,
    index,
    answers: {},
    startedAt: '2026-11-02T08:00:00.000Z',
    updatedAt: '2026-11-02T08:00:00.000Z',
    ...extra,
  };
}

/** A button of the run's current card, as the card would send it. */
function press(run: FlowRun, action: string, extra: Partial<FlowAction> = {}): FlowInput {
  return {
    kind: 'card',
    action: { action, ref: run.runId, step: run.index, version: flow.version, ...extra },
  };
}

/** One turn on the test flow. */
function step(run: FlowRun | undefined, input: FlowInput, now: Date = NOW): FlowTurn {
  return stepFlow(flow, run, input, now, newRunId);
}

/** The one card a turn shows. */
function shown(turn: FlowTurn) {
  expect(turn.show).toHaveLength(1);
  const [card] = turn.show;
  if (!card) throw new Error('nothing shown');
  return card;
}

/** A refusal: the same run shown with the message, nothing saved. */
function expectRefused(turn: FlowTurn, run: FlowRun, message: string): void {
  expect(turn.save).toBeUndefined();
  expect(turn.effect).toBeUndefined();
  expect(shown(turn)).toMatchObject({ run, notice: { kind: 'refused', text: message } });
}

/** Freezes a value deeply, so a test fails when the step function changes its input. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

beforeEach(() => {
  ids = 0;
});

describe('stepFlow: begin and resume', () => {
  it('starts a new run at the first step, saves and shows it', () => {
    const turn = step(undefined, { kind: 'begin' });
    const run = turn.save;
    expect(run).toEqual({
      runId: 'run-1',
      flowId: 'grooming',
      version: 3,
      index: 0,
      answers: {},
      startedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const card = shown(turn);
    expect(card.run).toBe(run);
    expect(card.notice).toBeUndefined();
    expect(card.view).toMatchObject({ kind: 'step', step: { id: 'intro' }, progress: undefined });
    expect(turn.effect).toBeUndefined();
  });

  it('starts anew when not resuming, even with a run stored', () => {
    const turn = step(runAt(2), { kind: 'begin' });
    expect(turn.save).toMatchObject({ runId: 'run-1', index: 0, answers: {} });
  });

  it('resumes a stored run where it was, with the welcome-back line, saving nothing', () => {
    const stored = frozen(runAt(2, { answers: { q1: { value: 'ja' } } }));
    const turn = step(stored, { kind: 'begin', resume: true });
    expect(turn.save).toBeUndefined();
    expect(shown(turn)).toMatchObject({
      run: stored,
      notice: { kind: 'resumed', text: FLOW_TEXTS.resumed },
      view: { kind: 'step', step: { id: 'q2' }, progress: { current: 2, total: 2 } },
    });
  });

  it("resumes with the caller's notice instead of the welcome-back line", () => {
    const turn = step(runAt(1), { kind: 'begin', resume: true, notice: FLOW_TEXTS.staleCard });
    expect(shown(turn).notice).toEqual({ kind: 'resumed', text: FLOW_TEXTS.staleCard });
  });

  it('starts anew when the stored run is finished', () => {
    const turn = step(runAt(SUMMARY_INDEX, { finishedAt: NOW.toISOString() }), {
      kind: 'begin',
      resume: true,
    });
    expect(turn.save).toMatchObject({ runId: 'run-1', index: 0 });
    expect(shown(turn).notice).toBeUndefined();
  });

  it('restarts a run of an older flow version politely, on resume and on any button', () => {
    const old = runAt(3, { version: 2, answers: { q1: { value: 'ja' } } });
    for (const input of [{ kind: 'begin', resume: true } as const, press(old, 'flow.next')]) {
      const turn = step(old, input);
      expect(turn.save).toMatchObject({
        runId: expect.stringMatching(/^run-/),
        version: 3,
        index: 0,
        answers: {},
      });
      expect(shown(turn).notice).toEqual({ kind: 'versionChanged', text: FLOW_TEXTS.versionChanged });
    }
  });

  it('starts a run when a button comes without a stored run', () => {
    const turn = step(undefined, press(runAt(2), 'flow.answer', { value: 'ja' }));
    expect(turn.save).toMatchObject({ runId: 'run-1', index: 0 });
    expect(shown(turn).notice).toBeUndefined();
  });
});

describe('stepFlow: moving through the steps', () => {
  it('goes on from an info step, keeping its note', () => {
    const run = frozen(runAt(0));
    const turn = step(run, press(run, 'flow.next', { note: '  korte notitie  ' }));
    expect(turn.save).toEqual({
      ...run,
      index: 1,
      answers: { intro: { note: 'korte notitie' } },
      updatedAt: NOW.toISOString(),
      finishedAt: undefined,
      returnToSummary: undefined,
    });
    expect(shown(turn).view).toMatchObject({
      kind: 'step',
      step: { id: 'q1' },
      progress: { current: 1, total: 2 },
    });
    // The note is an answer, for a flow with a record; without a note there is nothing to write.
    expect(turn.effect).toMatchObject({
      kind: 'answered',
      step: { id: 'intro' },
      answer: { note: 'korte notitie' },
    });
    expect(step(run, press(run, 'flow.next')).effect).toBeUndefined();
  });

  it('records an answer with its note and says a step was answered', () => {
    const run = frozen(runAt(1));
    const turn = step(run, press(run, 'flow.answer', { value: 'ja', note: 'gezien' }));
    expect(turn.save).toMatchObject({ index: 2, answers: { q1: { value: 'ja', note: 'gezien' } } });
    expect(turn.effect).toMatchObject({
      kind: 'answered',
      step: { id: 'q1' },
      answer: { value: 'ja', note: 'gezien' },
      run: turn.save,
      before: run,
    });
  });

  it('refuses an answer the question does not have', () => {
    const run = runAt(1);
    expectRefused(
      step(run, press(run, 'flow.answer', { value: 'misschien' })),
      run,
      FLOW_TEXTS.unknownChoice,
    );
    expectRefused(step(run, press(run, 'flow.fly')), run, FLOW_TEXTS.unknownChoice);
  });

  it('goes back one step and shows the earlier answer there', () => {
    const run = runAt(2, { answers: { q1: { value: 'nee' } } });
    const turn = step(run, press(run, 'flow.back'));
    expect(turn.save).toMatchObject({ index: 1, answers: { q1: { value: 'nee' } } });
    expect(shown(turn).view).toMatchObject({ kind: 'step', step: { id: 'q1' }, previous: { value: 'nee' } });
    expect(turn.effect).toBeUndefined();
  });

  it('stays at the first step on back', () => {
    const run = runAt(0);
    expect(step(run, press(run, 'flow.back')).save).toMatchObject({ index: 0 });
  });

  it('skips a step as "skipped", but not the summary', () => {
    const run = runAt(2);
    const turn = step(run, press(run, 'flow.skip'));
    expect(turn.save).toMatchObject({ index: 3, answers: { q2: { skipped: true } } });
    expect(turn.effect).toMatchObject({ kind: 'answered', answer: { skipped: true } });
    const summary = runAt(SUMMARY_INDEX);
    expectRefused(step(summary, press(summary, 'flow.skip')), summary, FLOW_TEXTS.unknownChoice);
  });

  it('ticks checklist items once each and refuses an unknown item', () => {
    const run = runAt(3);
    expect(step(run, press(run, 'flow.next', { ticked: 'b, a,b,' })).save).toMatchObject({
      index: 4,
      answers: { check: { ticked: ['b', 'a'] } },
    });
    expect(step(run, press(run, 'flow.next')).save).toMatchObject({ answers: { check: { ticked: [] } } });
    expectRefused(step(run, press(run, 'flow.next', { ticked: 'a,z' })), run, FLOW_TEXTS.unknownChoice);
  });

  it('checks form input and refuses it with a Dutch message', () => {
    const run = runAt(4);
    expectRefused(
      step(run, press(run, 'flow.next', { fields: {} })),
      run,
      'Vul dit nog in: Wat gebeurde er?',
    );
    expectRefused(
      step(run, press(run, 'flow.next', { fields: { wat: 'Berichten', wanneer: '2026-11-04' } })),
      run,
      'Kies een datum die niet in de toekomst ligt: Wanneer?',
    );
    expectRefused(
      step(run, press(run, 'flow.next', { fields: { wat: 'x', onbekend: 'y' } })),
      run,
      'Dat antwoord ken ik niet. Gebruik de kaart.',
    );
    const turn = step(
      run,
      press(run, 'flow.next', { fields: { wat: ' Berichten ', wanneer: '2026-11-03' } }),
    );
    expect(turn.save).toMatchObject({
      index: 5,
      answers: { form: { fields: { wat: 'Berichten', wanneer: '2026-11-03' } } },
    });
    expect(turn.effect).toMatchObject({ kind: 'answered', step: { id: 'form' } });
  });

  it('refuses a verb that does not fit the step', () => {
    const info = runAt(0);
    expectRefused(step(info, press(info, 'flow.answer', { value: 'ja' })), info, FLOW_TEXTS.unknownChoice);
    const question = runAt(1);
    expectRefused(step(question, press(question, 'flow.next')), question, FLOW_TEXTS.unknownChoice);
    expectRefused(step(question, press(question, 'flow.resend')), question, FLOW_TEXTS.unknownChoice);
    expectRefused(
      step(question, press(question, 'flow.goto', { value: 'q1' })),
      question,
      FLOW_TEXTS.unknownChoice,
    );
  });

  it('keeps a valid client code from the first card and refuses one that could be a name', () => {
    const run = runAt(0);
    expect(step(run, press(run, 'flow.next', { clientCode: ' K7 ' })).save).toMatchObject({
      clientCode: 'K7',
    });
    expect(
      step(runAt(0, { clientCode: 'K7' }), press(run, 'flow.next', { clientCode: '' })).save,
    ).toMatchObject({
      clientCode: undefined,
    });
    expectRefused(step(run, press(run, 'flow.next', { clientCode: 'Jan' })), run, FLOW_TEXTS.badClientCode);
    // Only the first card asks for it.
    const later = runAt(1);
    expect(step(later, press(later, 'flow.answer', { value: 'ja', clientCode: 'K8' })).save?.clientCode).toBe(
      undefined,
    );
  });

  it('refuses a note over the limit', () => {
    const run = runAt(1);
    expectRefused(
      step(run, press(run, 'flow.answer', { value: 'ja', note: 'x'.repeat(201) })),
      run,
      FLOW_TEXTS.noteTooLong(200),
    );
  });

  it('reaches the summary from the last step: finished, with rows, signals and the escalation offer', () => {
    const run = runAt(ALARM_INDEX, { answers: { q1: { value: 'ja' }, q2: { skipped: true } } });
    const turn = step(run, press(run, 'flow.next'));
    expect(turn.save).toMatchObject({ index: SUMMARY_INDEX, finishedAt: NOW.toISOString() });
    const view = shown(turn).view;
    expect(view).toMatchObject({ kind: 'summary', signals: true, escalationOffer: 'grooming' });
    if (view?.kind !== 'summary') throw new Error('no summary');
    expect(view.rows.map((row) => [row.title, row.answer])).toEqual([
      ['Vraag een', 'Ja'],
      ['Vraag twee', 'overgeslagen'],
      ['Lijst', 'geen antwoord'],
      ['Formulier', 'geen antwoord'],
    ]);
  });

  it('offers no escalation on a summary without signals', () => {
    const view = runView(flow, runAt(SUMMARY_INDEX, { answers: { q1: { value: 'nee' } } }));
    expect(view).toMatchObject({ kind: 'summary', signals: false });
    expect(view).not.toHaveProperty('escalationOffer');
  });

  it('goes from the summary to a skipped step, and "Verder" there returns to the summary', () => {
    const summary = runAt(SUMMARY_INDEX, {
      answers: { q2: { skipped: true } },
      finishedAt: '2026-11-02T08:30:00.000Z',
    });
    const back = step(summary, press(summary, 'flow.goto', { value: 'q2' }));
    expect(back.save).toMatchObject({ index: 2, returnToSummary: true, finishedAt: undefined });
    const at = back.save;
    if (!at) throw new Error('not saved');
    const again = step(at, press(at, 'flow.answer', { value: 'ja' }), LATER);
    expect(again.save).toMatchObject({
      index: SUMMARY_INDEX,
      answers: { q2: { value: 'ja' } },
      returnToSummary: undefined,
      finishedAt: LATER.toISOString(),
    });
    expectRefused(
      step(summary, press(summary, 'flow.goto', { value: 'samenvatting' })),
      summary,
      FLOW_TEXTS.unknownChoice,
    );
  });

  it('reopens a finished run on back from the summary', () => {
    const run = runAt(SUMMARY_INDEX, { finishedAt: '2026-11-02T08:30:00.000Z' });
    expect(step(run, press(run, 'flow.back')).save).toMatchObject({
      index: ALARM_INDEX,
      finishedAt: undefined,
    });
  });
});

describe('stepFlow: stale cards and typed text', () => {
  it('shows where the user is when a card of an older step is pressed', () => {
    const run = frozen(runAt(3, { answers: { q1: { value: 'ja' } } }));
    const turn = step(run, {
      kind: 'card',
      action: { action: 'flow.answer', ref: 'r1', step: 1, version: 3, value: 'nee' },
    });
    expect(turn.save).toBeUndefined();
    expect(shown(turn)).toMatchObject({ run, notice: { kind: 'staleCard', text: FLOW_TEXTS.staleCard } });
    expect(shown(turn).view).toMatchObject({ step: { id: 'check' } });
  });

  it('treats a card of another run or version as stale', () => {
    const run = runAt(1);
    for (const other of [{ ref: 'r0' }, { version: 2 }]) {
      const turn = step(run, press(run, 'flow.answer', { value: 'ja', ...other }));
      expect(turn.save).toBeUndefined();
      expect(shown(turn).notice).toEqual({ kind: 'staleCard', text: FLOW_TEXTS.staleCard });
    }
  });

  it('shows the current card without a notice on a double click', () => {
    const run = runAt(2, { answers: { q1: { value: 'ja' } } });
    const repeats: FlowAction[] = [
      { action: 'flow.answer', ref: 'r1', step: 1, version: 3, value: 'ja' },
      { action: 'flow.back', ref: 'r1', step: 3, version: 3 },
    ];
    for (const action of repeats) {
      const turn = step(run, { kind: 'card', action });
      expect(turn.save).toBeUndefined();
      expect(shown(turn)).toMatchObject({ run });
      expect(shown(turn).notice).toBeUndefined();
    }
  });

  it('takes typed text as an answer on the question card shown last', () => {
    const run = runAt(2, { answers: { q1: { value: 'ja' } } });
    expect(expectedTyped(flow, run)).toBe(typedKey(run));
    for (const text of ['weet ik niet', 'Weet ik niet.', '2']) {
      const turn = step(run, { kind: 'text', text, typedFor: 'r1:2' });
      expect(turn.save).toMatchObject({ index: 3, answers: { q2: { value: 'weet_ik_niet' } } });
    }
  });

  it('leaves other text to the bot, with the card again as a new message as its fallback', () => {
    const run = runAt(2);
    const inputs: FlowInput[] = [
      { kind: 'text', text: 'ja', typedFor: undefined },
      { kind: 'text', text: 'ja', typedFor: 'r1:1' },
      { kind: 'text', text: 'hoe gaat het', typedFor: 'r1:2' },
      { kind: 'text', text: undefined, typedFor: 'r1:2' },
    ];
    for (const input of inputs) {
      const turn = step(run, input);
      expect(turn.save).toBeUndefined();
      expect(turn.effect).toEqual({ kind: 'freeText' });
      expect(shown(turn)).toMatchObject({
        run,
        newMessage: true,
        notice: { kind: 'useTheCard', text: FLOW_TEXTS.useTheCard },
      });
    }
    expect(expectedTyped(flow, runAt(0))).toBeUndefined();
    expect(step(runAt(0), { kind: 'text', text: 'ja', typedFor: 'r1:0' }).effect).toEqual({
      kind: 'freeText',
    });
  });
});

describe('stepFlow: escalation and the summary', () => {
  const withSignal = { q1: { value: 'ja' } };

  it('asks the adapter to escalate from the summary offer, then keeps the status', () => {
    const run = runAt(SUMMARY_INDEX, { answers: withSignal });
    const turn = step(run, press(run, 'flow.escalate', { value: 'grooming', urgency: 'hoog' }));
    expect(turn.save).toBeUndefined();
    expect(turn.show).toEqual([]);
    expect(turn.effect).toEqual({
      kind: 'escalate',
      request: { kind: 'grooming', urgency: 'hoog', runId: 'r1' },
      run,
      note: '',
    });
    if (turn.effect?.kind !== 'escalate') throw new Error('no escalation');
    const status = 'Gemeld bij het team om 09:05';
    const done = settleEscalation(flow, turn.effect, { ok: true, status, escalationId: 'e1' }, LATER);
    expect(done.save).toEqual({
      ...run,
      escalationId: 'e1',
      escalationStatus: status,
      updatedAt: LATER.toISOString(),
    });
    expect(shown(done)).toMatchObject({
      notice: { kind: 'escalated', text: status },
      view: { kind: 'summary', escalationStatus: status },
    });
    expect(shown(done).view).not.toHaveProperty('escalationOffer');
  });

  it('shows why an escalation failed or is not possible here, saving nothing', () => {
    const run = runAt(SUMMARY_INDEX, { answers: withSignal });
    const effect = { run, note: '' };
    expectRefused(
      settleEscalation(flow, effect, refused('choose_team'), NOW),
      run,
      FLOW_TEXTS.escalationRefused.choose_team,
    );
    expectRefused(
      settleEscalation(flow, effect, refused('no_person'), NOW),
      run,
      FLOW_TEXTS.escalationRefused.no_person,
    );
    expectRefused(settleEscalation(flow, effect, undefined, NOW), run, FLOW_TEXTS.escalationUnavailable);
  });

  it('refuses an escalation that does not fit', () => {
    const run = runAt(SUMMARY_INDEX, { answers: withSignal });
    const quiet = runAt(SUMMARY_INDEX, { answers: { q1: { value: 'nee' } } });
    expectRefused(
      step(quiet, press(quiet, 'flow.escalate', { value: 'grooming' })),
      quiet,
      FLOW_TEXTS.unknownChoice,
    );
    expectRefused(step(run, press(run, 'flow.escalate', { value: 'test' })), run, FLOW_TEXTS.unknownChoice);
    expectRefused(
      step(run, press(run, 'flow.escalate', { value: 'grooming', urgency: 'morgen' })),
      run,
      FLOW_TEXTS.unknownChoice,
    );
    const done = runAt(SUMMARY_INDEX, {
      answers: withSignal,
      escalationId: 'e1',
      escalationStatus: 'Gemeld',
    });
    expectRefused(
      step(done, press(done, 'flow.escalate', { value: 'grooming' })),
      done,
      FLOW_TEXTS.alreadyEscalated,
    );
    const question = runAt(1);
    expectRefused(
      step(question, press(question, 'flow.escalate', { value: 'grooming' })),
      question,
      FLOW_TEXTS.unknownChoice,
    );
  });

  it('escalates at once from an info step, keeping the note written there', () => {
    const run = runAt(ALARM_INDEX);
    const turn = step(run, press(run, 'flow.escalate', { value: 'grooming', note: ' zorgen ' }));
    expect(turn.effect).toMatchObject({ kind: 'escalate', request: { urgency: 'normaal' }, note: 'zorgen' });
    if (turn.effect?.kind !== 'escalate') throw new Error('no escalation');
    const done = settleEscalation(flow, turn.effect, { ok: true, status: 'Gemeld', escalationId: 'e2' }, NOW);
    expect(done.save).toMatchObject({
      index: ALARM_INDEX,
      answers: { alarm: { note: 'zorgen' } },
      escalationId: 'e2',
    });
    expect(runView(flow, run)).toMatchObject({ kind: 'step', escalationOffer: 'grooming' });
  });

  it('sends the summary again: a new message, then the pressed card with a line', () => {
    const run = runAt(SUMMARY_INDEX, { finishedAt: NOW.toISOString() });
    const turn = step(run, press(run, 'flow.resend'));
    expect(turn.save).toBeUndefined();
    expect(turn.show).toEqual(resendSummary(flow, run));
    expect(turn.show).toMatchObject([
      { run, newMessage: true, view: { kind: 'summary' } },
      { run, notice: { kind: 'summaryResent', text: FLOW_TEXTS.summaryResent } },
    ]);
    expect(turn.show[0]).not.toHaveProperty('notice');
    expect(resendSummary(flow, runAt(2))).toBeUndefined();
    expect(resendSummary(flow, { ...run, version: 2 })).toBeUndefined();
  });
});

describe('settleStep: a flow with a record after an answered step', () => {
  const run = runAt(4);
  const turn = step(run, press(run, 'flow.next', { fields: { wat: 'Berichten' } }));
  if (turn.effect?.kind !== 'answered') throw new Error('not answered');
  const effect = turn.effect;

  it('refuses: the card before the answer, nothing saved', () => {
    expectRefused(
      settleStep(flow, effect, refused('refused'), () => 'Dat lukte niet.'),
      run,
      'Dat lukte niet.',
    );
    expectRefused(settleStep(flow, effect, refused('refused')), run, FLOW_TEXTS.stepNotSaved);
  });

  it('accepts with a changed run and a status line', () => {
    const changed = { ...effect.run, clientCode: 'K9' };
    const settled = settleStep(flow, effect, {
      ok: true,
      run: changed,
      notice: 'Je leidinggevende weet het nu.',
    });
    expect(settled.save).toBe(changed);
    expect(shown(settled)).toMatchObject({
      run: changed,
      notice: { kind: 'status', text: 'Je leidinggevende weet het nu.' },
    });
  });

  it('accepts as returned', () => {
    const settled = settleStep(flow, effect, { ok: true });
    expect(settled.save).toBe(turn.save);
    expect(settled.show).toEqual(turn.show);
  });
});

describe('stepFlow on every guidance flow', () => {
  it.each(Object.values(FLOWS).map((f) => [f.id, f] as const))(
    'walks %s from the first card to the summary, and back to the first',
    (_id, real) => {
      let turn = stepFlow(real, undefined, { kind: 'begin' }, NOW, newRunId);
      for (let guard = 0; guard < real.steps.length; guard++) {
        const run = turn.save;
        if (!run || run.index === real.steps.length - 1) break;
        const current = real.steps[run.index];
        const data: Partial<FlowAction> = {};
        let verb = 'flow.next';
        if (current?.kind === 'question') {
          verb = 'flow.answer';
          data.value = current.choices[0]?.value;
        }
        if (current?.kind === 'form') {
          data.fields = Object.fromEntries(
            current.fields.filter((f) => f.required).map((f) => [f.id, requiredValue(f)]),
          );
        }
        turn = stepFlow(
          real,
          run,
          {
            kind: 'card',
            action: { action: verb, ref: run.runId, step: run.index, version: real.version, ...data },
          },
          NOW,
          newRunId,
        );
        expect(turn.save?.index).toBe(run.index + 1);
      }
      const end = turn.save;
      expect(end).toMatchObject({ index: real.steps.length - 1, finishedAt: NOW.toISOString() });
      expect(shown(turn).view?.kind).toBe('summary');
      let back = end;
      for (let i = 0; back && i < real.steps.length - 1; i++) {
        back = stepFlow(
          real,
          back,
          {
            kind: 'card',
            action: { action: 'flow.back', ref: back.runId, step: back.index, version: real.version },
          },
          NOW,
          newRunId,
        ).save;
      }
      expect(back).toMatchObject({ index: 0, finishedAt: undefined });
    },
  );
});

/** A valid value for a required form field. */
function requiredValue(field: FormField): string {
  if (field.type === 'choice') return field.choices[0]?.value ?? '';
  if (field.type === 'date') return NOW.toISOString().slice(0, 10);
  return 'iets';
}
