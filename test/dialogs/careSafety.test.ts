import { SOURCE_LABELS } from '../../src/flows/flowSchema';
import { buttonsOf } from '../support/cardWalk';
import { useMemoryStorage } from '../support/harness';
import { cardTitled, walkByValue } from '../support/transcriptWalk';

/**
 * Care safety: advice that could hurt someone in a real case is shown only where it is safe. Each walk goes through
 * the real bot, answering by choice value; the phrases are typed here, not taken from the flow constants.
 */

const storage = useMemoryStorage();

const VERLIEFD = SOURCE_LABELS['000'];

describe('grooming summary: the coffee tip only while in doubt', () => {
  it('in doubt (no signals), suggests the coffee invitation, with the no-show sentence attributed to Verliefd!', async () => {
    const { summary } = await walkByValue(storage.get(), 'grooming', {
      vraag_3: 'weet_ik_niet',
      vraag_4: 'onderbuikgevoel',
      vraag_8: 'weet_ik_niet',
    });
    expect(summary).toContain('koffie op de groep');
    expect(summary).toContain('Komt de ander niet opdagen? Dan is dat een signaal.');
    expect(summary).toContain(`Bron van deze tip: ${VERLIEFD}`);
    expect(summary).not.toContain('Nodig het online contact dan niet uit');
  });

  it.each([
    ['signals recognised at question 3', { vraag_3: 'ja', vraag_4: 'onderbuikgevoel', vraag_8: 'ja' }],
    [
      'a suspicion based on facts at question 4',
      { vraag_3: 'weet_ik_niet', vraag_4: 'feiten', vraag_8: 'ja' },
    ],
    ['facts and gut feeling at question 4', { vraag_3: 'nee', vraag_4: 'allebei', vraag_8: 'weet_ik_niet' }],
  ])(
    'with %s, never suggests inviting the contact: timing first with the meldpunt and the police',
    async (_why, answers) => {
      const { t, summary } = await walkByValue(storage.get(), 'grooming', answers);
      // The question itself mentions coffee; the suggestion to invite is what must be gone.
      expect(summary).not.toContain('koffie op de groep');
      expect(summary).not.toContain('niet opdagen');
      expect(summary).toContain('Nodig het online contact dan niet uit.');
      expect(summary).toMatch(/Spreek eerst met .* en met de politie af wat je doet, en wanneer\./);
      expect(summary).toContain('De politie bereik je zonder spoed op 0900-8844.');
      expect(summary).toContain(`Bron van deze tip: ${VERLIEFD}; ${SOURCE_LABELS.publiek}`);
      // These are signals: the summary offers to tell the team.
      expect(buttonsOf(t.card).map((b) => b.title)).toContain('Meld bij het team');
    },
  );
});

describe('"Meld bij het team" is not a melding; Veilig Thuis advice beside the meldpunt', () => {
  it.each([
    ['grooming', { vraag_3: 'ja' }],
    ['verliefd', { zorgen: 'ja' }],
  ] as const)(
    '%s summary with signals offers the team and Veilig Thuis advice, and says it is not a melding',
    async (flowId, answers) => {
      const { t, summary } = await walkByValue(storage.get(), flowId, answers);
      const titles = buttonsOf(t.card).map((b) => b.title);
      expect(titles).toContain('Meld bij het team');
      expect(titles).not.toContain('Meld nu');
      expect(summary).toContain('Dit is nog geen melding bij Veilig Thuis of de politie.');
      expect(summary).toContain('Vraag advies aan Veilig Thuis: bel 0800-2000.');
      expect(summary).toContain('Dat kan ook anoniem.');
      expect(summary).toContain('advies aan professionals');
      expect(summary).toContain(SOURCE_LABELS.publiek);
    },
  );

  it.each(['grooming', 'verliefd'] as const)('%s summary without signals offers neither', async (flowId) => {
    const { t, summary } = await walkByValue(storage.get(), flowId, {
      vraag_3: 'nee',
      vraag_4: 'geen_vermoeden',
      zorgen: 'nee',
    });
    expect(buttonsOf(t.card).map((b) => b.title)).not.toContain('Meld bij het team');
    expect(summary).not.toContain('Veilig Thuis');
  });

  it('no card of any flow has a "Meld nu" button', async () => {
    for (const flowId of ['grooming', 'verliefd', 'uitbuiting'] as const) {
      const { cards } = await walkByValue(storage.get(), flowId, { vraag_3: 'ja', zorgen: 'ja' });
      for (const card of cards) expect(buttonsOf(card).map((b) => b.title)).not.toContain('Meld nu');
    }
  });
});

describe('parents and minors', () => {
  it('uitbuiting: the parents are informed only after consulting the meldpunt, as parents can be involved', async () => {
    const { cards } = await walkByValue(storage.get(), 'uitbuiting');
    const ouders = cardTitled(cards, 'De ouders inlichten');
    expect(ouders).toMatch(/Overleg eerst met .*\. Bespreek samen of, wanneer en hoe je de ouders inlicht\./);
    expect(ouders).toContain('Soms zijn ouders of andere mensen in huis zelf bij het misbruik betrokken.');
    expect(ouders).toContain(SOURCE_LABELS.baken);
    expect(ouders).not.toContain('Licht dan ook de ouders in.');
  });

  it('verliefd: the naaktfoto agreements say what differs when the client is a minor', async () => {
    const { cards } = await walkByValue(storage.get(), 'verliefd');
    for (const title of ['Stap 7: Spreek af – maak afspraken', 'Stap 7: Afspraken in het zorgplan']) {
      const text = cardTitled(cards, title);
      expect(text).toContain('Is je cliënt jonger dan 18? Dan gelden andere regels.');
      expect(text).toContain('Een naaktfoto van iemand onder de 18 doorsturen of verspreiden is strafbaar.');
      expect(text).toContain('Maak dan geen afspraak over wanneer je cliënt zelf een naaktfoto stuurt.');
    }
    const zorgplan = cardTitled(cards, 'Stap 7: Afspraken in het zorgplan');
    expect(zorgplan).toContain('Alleen bij een volwassen cliënt: wanneer hij zelf een naaktfoto stuurt.');
  });

  it('verliefd: the coffee step says not to invite the other person when there are signals', async () => {
    const { cards } = await walkByValue(storage.get(), 'verliefd');
    const twijfel = cardTitled(cards, 'Stap 6: Doe – twijfel je over de ander?');
    expect(twijfel).toContain('Nodig de ander dan niet uit.');
    expect(twijfel).toMatch(/Spreek eerst met .* en de politie af wat je doet, en wanneer\./);
  });
});

describe('the Meldcode on the summary of a client flow', () => {
  it.each([
    ['grooming', { vraag_3: 'ja' }],
    ['verliefd', { zorgen: 'ja' }],
    ['uitbuiting', { vraag_3: 'ja', zorgen: 'ja' }],
  ] as const)(
    '%s with signals says the staff member is at step 1 and step 2 comes next',
    async (flowId, answers) => {
      const { summary } = await walkByValue(storage.get(), flowId, answers);
      expect(summary).toContain('Meldcode: je bent bij stap 1 van 5, signalen in kaart brengen.');
      expect(summary).toContain(
        "Hierna volgt stap 2: overleg met collega's of met de aandachtsfunctionaris.",
      );
      expect(summary).toContain('Kijk ook in de Meldcode van je organisatie.');
      expect(summary).toContain(SOURCE_LABELS.meldcode);
      expect(summary).toContain('Vraag advies aan Veilig Thuis: bel 0800-2000.');
    },
  );

  it('grooming without signals does not speak of the Meldcode', async () => {
    const { summary } = await walkByValue(storage.get(), 'grooming', {
      vraag_3: 'nee',
      vraag_4: 'geen_vermoeden',
    });
    expect(summary).not.toContain('Meldcode');
  });
});
