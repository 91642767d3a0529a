import {
  answersOf,
  meldcodeQuestionSchema,
  nextAfter,
  positionOf,
  type WalkAnswer,
} from '../../src/meldcode/afwegingskader';

const walk = (...codes: string[]): WalkAnswer[] =>
  codes.map((code) => {
    const [question, answer] = code.split('.');
    return { question, answer } as WalkAnswer;
  });

describe('the afwegingskader as a walk', () => {
  it.each([
    [['toepassing.buiten_kring'], { decide: 'niet_van_toepassing' }],
    [['toepassing.ja', 'gesprek.nog_niet', 'a1.nee'], { decide: 'afsluiten' }],
    [['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.ja'], { decide: 'melden' }],
    [['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.nee', 'a3.nee'], { decide: 'melden' }],
    [['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.nee', 'a3.ja', 'a4.nee'], { decide: 'melden' }],
    [['toepassing.ja', 'gesprek.niet_veilig', 'a1.ja', 'a2.nee', 'a3.ja', 'a4.ja'], { decide: 'hulp' }],
    [['toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.nee', 'a3.ja'], { ask: 'a4' }],
  ])('%j leads to %j', (codes, expected) => {
    expect(positionOf(walk(...codes))).toEqual(expected);
  });

  it('after a "hulp" decision the walk resumes at afweging 5, whose answer decides', () => {
    const helped = walk('toepassing.ja', 'gesprek.gedaan', 'a1.ja', 'a2.nee', 'a3.ja', 'a4.ja');
    expect(positionOf(helped, true)).toEqual({ ask: 'a5' });
    expect(positionOf([...helped, ...walk('a5.ja')], true)).toEqual({ decide: 'afsluiten' });
    expect(positionOf([...helped, ...walk('a5.nee')], true)).toEqual({ decide: 'melden' });
  });

  it('answers off the path (a stale card) do not move the walk', () => {
    expect(positionOf(walk('a2.ja'))).toEqual({ ask: 'toepassing' });
    expect(positionOf(walk('toepassing.ja', 'a1.nee'))).toEqual({ ask: 'gesprek' });
  });

  it('every question offers answers, and every answer it offers leads somewhere', () => {
    for (const question of meldcodeQuestionSchema.options) {
      expect(answersOf(question).length).toBeGreaterThan(1);
      for (const answer of answersOf(question)) expect(nextAfter(question, answer)).toBeDefined();
    }
    expect(nextAfter('a1', 'gedaan')).toBeUndefined();
  });
});
