import { cardProblems, validateCard } from '../support/validateCard';

const card = (body: unknown[], actions: unknown[] = []) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  actions,
});

describe('validateCard (official adaptivecards parser, target 1.5)', () => {
  it('accepts a small valid card', () => {
    const ok = card(
      [
        { type: 'TextBlock', text: 'Hallo', wrap: true },
        { type: 'Input.Text', id: 'note', maxLength: 200 },
      ],
      [{ type: 'Action.Execute', title: 'Verder', verb: 'flow.next', data: { action: 'flow.next' } }],
    );
    expect(cardProblems(ok)).toEqual([]);
    expect(() => validateCard(ok)).not.toThrow();
  });

  it('rejects an unknown element type', () => {
    expect(() => validateCard(card([{ type: 'Fancy.Thing', text: 'x' }]))).toThrow(/UnknownElementType/);
  });

  it('rejects an unknown action type', () => {
    expect(() => validateCard(card([], [{ type: 'Action.Teleport', title: 'x' }]))).toThrow(
      /UnknownActionType/,
    );
  });

  it('rejects a duplicate input id', () => {
    const dup = card([
      { type: 'Input.Text', id: 'note' },
      { type: 'Input.Text', id: 'note' },
    ]);
    expect(() => validateCard(dup)).toThrow(/DuplicateId/);
  });

  it('rejects an input without an id', () => {
    expect(() => validateCard(card([{ type: 'Input.Text', placeholder: 'x' }]))).toThrow(/unique Id/);
  });

  it('rejects an invalid property value', () => {
    expect(() => validateCard(card([{ type: 'TextBlock', text: 'x', size: 'Enormous' }]))).toThrow(
      /InvalidPropertyValue/,
    );
  });

  it('rejects a card version above 1.5 and a missing card type', () => {
    expect(() => validateCard({ ...card([]), version: '1.6' })).toThrow(/at most 1.5/);
    expect(() => validateCard({ body: [] })).toThrow(/not an AdaptiveCard/);
  });

  it('rejects more actions than a host shows', () => {
    const six = [1, 2, 3, 4, 5, 6].map((i) => ({ type: 'Action.Execute', title: `Knop ${i}`, verb: 'x' }));
    expect(() => validateCard(card([], six))).toThrow(/TooManyActions/);
  });
});
