import { FLOWS } from '../../src/flows';
import { BotStateStorage } from '../../src/edge/botStateStorage';
import type { FlowId, QuestionStep } from '../../src/flows/flowSchema';
import { buttonsOf, cardText } from '../support/cardWalk';
import type { ConnectorCall } from '../support/connector';
import {
  PEOPLE,
  cardOf,
  invokeCardOf,
  startEscalationBaken,
  type EscalationBaken,
} from '../support/escalationSetup';
import { executeActions } from '../support/flowWalker';
import { useMemoryStorage } from '../support/harness';
import { cardInvoke, personalConversation, personalMessage } from '../support/teams';

/**
 * Typing as people type, at the protocol level (the real server, memory storage, the loopback connector): an answer typed
 * on a question card answers it as its button would, and free text is answered with the flows that fit.
 */

const storage = useMemoryStorage();
const none: ConnectorCall = { method: '', path: '', body: {}, at: 0 };
const bram = PEOPLE.bram;

let t: EscalationBaken;
beforeEach(async () => {
  t = await startEscalationBaken(storage.get());
});
afterEach(async () => {
  await t.stop();
});

/** Bram types a message in his 1:1 chat; the card the bot posted in answer. */
async function say(text: string): Promise<Record<string, unknown> | undefined> {
  const before = t.connector.posted(personalConversation(bram).id).length;
  expect((await t.send(personalMessage(t.connector.url, bram, text))).status).toBe(200);
  const posts = t.connector.posted(personalConversation(bram).id);
  expect(posts.length).toBeGreaterThan(before);
  return cardOf(posts.at(-1) ?? none);
}

/** Bram presses a button; the card that replaced it. */
async function press(data: Record<string, unknown>) {
  const answer = await t.send(cardInvoke(t.connector.url, bram, data));
  expect(answer.status).toBe(200);
  return invokeCardOf(answer.body);
}

/** Starts a flow and goes on with "Verder" until its first question card. */
async function toFirstQuestion(flowId: FlowId) {
  let card = await press({ action: 'flow.start', value: flowId });
  for (let i = 0; i < 20 && !executeActions(card).some((a) => a.verb === 'flow.answer'); i++) {
    const next = executeActions(card).find((a) => a.verb === 'flow.next');
    card = await press({ ...next?.data });
  }
  return card;
}

/** The stored answers of Bram's run of a flow, as a restarted Baken would read them. */
async function storedAnswers(flowId: FlowId): Promise<Record<string, { value?: string }>> {
  const key = `msteams/conversations/${personalConversation(bram).id}/`;
  const state = (await new BotStateStorage(t.app.storage.state).read([key]))[key] as
    { flowRuns?: { runs?: Record<string, { answers?: Record<string, { value?: string }> }> } } | undefined;
  return state?.flowRuns?.runs?.[flowId]?.answers ?? {};
}

describe('typed answers on a question card', () => {
  const grooming = FLOWS.grooming;
  const questions = grooming.steps.filter((s): s is QuestionStep => s.kind === 'question');

  it.each([
    ['ja', 'vraag_1', 'ja'],
    ['Nee.', 'vraag_1', 'nee'],
    ['weet ik niet', 'vraag_1', 'weet_ik_niet'],
    ['3', 'vraag_1', 'weet_ik_niet'],
  ])('"%s" answers a ja/nee/weet ik niet question as the button would', async (typed, stepId, value) => {
    await toFirstQuestion('grooming');
    const card = await say(typed);
    expect(cardText(card)).toContain('Vraag 2 van 9');
    expect((await storedAnswers('grooming'))[stepId]).toMatchObject({ value });
  });

  it('a choice label ("Onderbuikgevoel") or its number answers a question with other choices', async () => {
    await toFirstQuestion('grooming');
    for (const answer of ['nee', 'ja', 'nee']) await say(answer);
    const q4 = questions[3];
    expect(q4?.id).toBe('vraag_4');
    const byLabel = await say('Onderbuikgevoel');
    expect(cardText(byLabel)).toContain('Vraag 5 van 9');
    await say('1'); // vraag_5: Ja
    const answers = await storedAnswers('grooming');
    expect(answers.vraag_4).toMatchObject({ value: 'onderbuikgevoel' });
    expect(answers.vraag_5).toMatchObject({ value: 'ja' });
  });

  it('text that is no answer keeps the card and says to use it; nothing is stored', async () => {
    await toFirstQuestion('grooming');
    const card = await say('misschien');
    expect(cardText(card)).toContain('Kies een antwoord op de kaart');
    expect(cardText(card)).toContain('Vraag 1 van 9');
    expect((await storedAnswers('grooming')).vraag_1).toBeUndefined();
  });
});

describe('free text is answered with the flows that fit', () => {
  it('"help ik word bedreigd op instagram door een cliënt" offers the harassment flow first', async () => {
    const card = await say('help ik word bedreigd op instagram door een cliënt');
    const titles = buttonsOf(card).map((b) => b.title);
    expect(titles[0]).toBe(FLOWS.grensoverschrijdend.title);
    expect(titles.length).toBeLessThanOrEqual(4); // at most three flows, and the menu
    expect(cardText(card)).not.toContain('Is er direct gevaar');
    const start = buttonsOf(card)[0]?.data;
    expect(start).toMatchObject({ action: 'flow.start', value: 'grensoverschrijdend' });
  });

  it.each([
    ['mijn cliënt heeft een nieuwe online vriend en stuurt foto via de webcam', 'grooming'],
    ['ze is verliefd op iemand van een datingsite', 'verliefd'],
    ['ik denk dat een loverboy hem chanteert, hij wordt gechanteerd', 'uitbuiting'],
    ['hoe begin ik een gesprek over internet', 'gesprekstips'],
    ['iemand heeft me uitgescholden en beledigd op tiktok', 'grensoverschrijdend'],
    ['hoe kan ik dit voorkomen, mijn privacy', 'voorkomen'],
  ])('"%s" offers %s first', async (text, flowId) => {
    const card = await say(text);
    expect(buttonsOf(card)[0]?.data).toMatchObject({ action: 'flow.start', value: flowId });
  });

  it('words of acute danger put 112 first, before any flow', async () => {
    const card = await say('direct gevaar, hij wordt gechanteerd door een loverboy');
    const text = cardText(card);
    expect(text.indexOf('112')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('112')).toBeLessThan(text.indexOf(FLOWS.uitbuiting.title));
  });

  it('text that fits no flow gets the short help', async () => {
    expect((await t.send(personalMessage(t.connector.url, bram, 'wat is het weer'))).status).toBe(200);
    const last = t.connector.posted(personalConversation(bram).id).at(-1);
    expect(String(last?.body.text)).toContain('Dat begrijp ik niet');
  });

  it('free text while a flow waits on an info card offers the flows, and the flow stays where it was', async () => {
    await press({ action: 'flow.start', value: 'verliefd' });
    const card = await say('ik word bedreigd');
    expect(buttonsOf(card)[0]?.data).toMatchObject({ value: 'grensoverschrijdend' });
  });
});

describe('stop, resume and switching', () => {
  it('starting another flow while one has answers asks first; "Ga verder waar je was" goes back, "Begin het nieuwe onderdeel" starts it', async () => {
    await toFirstQuestion('grooming');
    await say('ja');
    const asked = await press({ action: 'flow.start', value: 'verliefd' });
    const text = cardText(asked);
    expect(text).toContain(`Je bent nog bezig met ${FLOWS.grooming.title}`);
    expect(text).toContain('Je bent nu bij vraag 2 van 9.');
    const back = await press(buttonsOf(asked).find((b) => b.title === 'Ga verder waar je was')?.data ?? {});
    expect(cardText(back)).toContain('Vraag 2 van 9');
    const other = buttonsOf(asked).find((b) => b.title === 'Begin het nieuwe onderdeel')?.data;
    expect(other).toMatchObject({ action: 'flow.start', value: 'verliefd', confirmed: 'ja' });
    const started = await press(other ?? {});
    expect(cardText(started)).toContain(FLOWS.verliefd.steps[0]?.title);
    // The grooming answers are still there, to go on with later.
    expect((await storedAnswers('grooming')).vraag_1).toMatchObject({ value: 'ja' });
  });

  it('Stop keeps a run with answers and the menu offers it, counted as the card counts', async () => {
    await toFirstQuestion('grooming');
    await say('nee');
    const stopped = cardText(await press({ action: 'flow.stop' }));
    expect(stopped).toContain('Wat je al had ingevuld is bewaard');
    expect(stopped).toContain(`Je was bezig met **${FLOWS.grooming.title}** (vraag 2 van 9)`);
    expect(stopped).toContain('Verder waar je was');
  });

  it('Stop on a read-only flow keeps nothing and promises nothing', async () => {
    await press({ action: 'flow.start', value: 'gesprekstips' });
    const stopped = await press({ action: 'flow.stop' });
    expect(cardText(stopped)).toContain('Je bent gestopt. Kies hieronder wat je wilt doen.');
    expect(cardText(stopped)).not.toContain('bewaard');
    expect(buttonsOf(stopped).map((b) => b.title)).not.toContain('Verder waar je was');
  });
});

describe('empty states say why and what to do', () => {
  it('"nazorg" with nothing to show explains who starts aftercare and how to become a manager', async () => {
    const text = cardText(await say('nazorg'));
    expect(text).toContain('Er is nu geen nazorg.');
    expect(text).toContain('Nazorg start een leidinggevende');
    expect(text).toContain(
      'Een beheerder kan je leidinggevende maken. Dat doet die met het woord **leidinggevenden**.',
    );
  });

  it('"mijn meldingen" with none says what the list is for and where to start one', async () => {
    const card = await say('mijn meldingen');
    expect(cardText(card)).toContain('Je hebt nog geen meldingen gedaan.');
    expect(cardText(card)).toContain('Word je online lastiggevallen?');
    expect(buttonsOf(card).map((b) => b.title)).toContain('Nieuwe melding');
  });
});

describe('typed text never answers a card that is not the last one shown', () => {
  it('"ja" typed after the switching question answers nothing behind it', async () => {
    await toFirstQuestion('grooming');
    await say('nee');
    await press({ action: 'flow.start', value: 'verliefd' }); // "Je bent nog bezig met …"
    const card = await say('ja');
    expect((await storedAnswers('grooming')).vraag_2).toBeUndefined();
    expect(cardText(card)).toContain('Kies een antwoord op de kaart');
  });

  it('starting a stopped flow with answers again asks first, and "Ga verder waar je was" goes on with that flow', async () => {
    await toFirstQuestion('grooming');
    await say('nee');
    await press({ action: 'flow.stop' });
    const asked = await press({ action: 'flow.start', value: 'grooming' });
    expect(cardText(asked)).toContain(`Je bent nog bezig met ${FLOWS.grooming.title}`);
    const back = await press(buttonsOf(asked).find((b) => b.title === 'Ga verder waar je was')?.data ?? {});
    expect(cardText(back)).toContain('Vraag 2 van 9');
    expect((await storedAnswers('grooming')).vraag_1).toMatchObject({ value: 'nee' });
  });

  it.each(['mijn cliënt is suïcidaal', 'ze is verkracht', 'denkt aan zelfdoding'])(
    '"%s" puts 112 first, even when no flow fits',
    async (text) => {
      expect(cardText(await say(text))).toContain('Is er direct gevaar? Bel nu **112**');
    },
  );
});
