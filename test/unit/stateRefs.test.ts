import { randomUUID } from 'node:crypto';
import { STATE_REFS_METADATA, stateMayMention, stateRefsMetadata } from '../../src/edge/stateRefs';

const incident = randomUUID();
const escalation = `esc-${'a1'.repeat(10)}`;
const evidence = `ev-${'0f'.repeat(10)}`;

describe('the record ids a conversation state names (metadata for the purge)', () => {
  it('lists each incident, escalation and evidence id once, also inside a longer id', () => {
    const state = {
      flowRuns: { runs: { incident: { id: incident, evidence: [evidence, evidence] } } },
      dialog: { ref: escalation, alarm: `${incident}-bel-2` },
      text: 'Wat is er gebeurd?',
    };
    const refs = stateRefsMetadata(JSON.stringify(state))[STATE_REFS_METADATA]?.split(' ');
    expect(refs?.sort()).toEqual([incident, escalation, evidence].sort());
  });

  it('a state naming no record lists none and is never read for a purge', () => {
    const metadata = stateRefsMetadata(JSON.stringify({ menu: { page: 2 } }));
    expect(metadata).toEqual({ [STATE_REFS_METADATA]: '-' });
    expect(stateMayMention(metadata, [incident, escalation])).toBe(false);
  });

  it('a state may name an id when its metadata lists it, says "all", or is missing', () => {
    const metadata = stateRefsMetadata(JSON.stringify({ a: incident }));
    expect(stateMayMention(metadata, [escalation, incident])).toBe(true);
    expect(stateMayMention(metadata, [escalation, randomUUID()])).toBe(false);
    expect(stateMayMention(undefined, [escalation])).toBe(true);
    expect(stateMayMention({}, [escalation])).toBe(true);
    const many = stateRefsMetadata(JSON.stringify(Array.from({ length: 200 }, () => randomUUID())));
    expect(many).toEqual({ [STATE_REFS_METADATA]: '*' });
    expect(stateMayMention(many, [escalation])).toBe(true);
  });

  it('an id of a form the metadata does not list is always looked for', () => {
    const metadata = stateRefsMetadata(JSON.stringify({ a: incident }));
    expect(stateMayMention(metadata, ['iets-anders'])).toBe(true);
    expect(stateMayMention(metadata, [`${incident}-bel-1`])).toBe(true);
  });
});
