import { ok, refused } from '../../src/platform/outcome';

describe('the outcome helpers', () => {
  it('make a success with its data, or none', () => {
    expect(ok()).toEqual({ ok: true });
    expect(ok({ status: 'done', id: 'x' })).toEqual({ ok: true, status: 'done', id: 'x' });
  });

  it('make a refusal with its reason and the data to answer with', () => {
    expect(refused('not_found')).toEqual({ ok: false, reason: 'not_found' });
    expect(refused('refused', { record: { id: 'x' } })).toEqual({
      ok: false,
      reason: 'refused',
      record: { id: 'x' },
    });
  });
});
