import { SOURCE_LABELS } from '../../src/flows/flowSchema';
import { cardText, walkCard } from '../support/cardWalk';
import { useMemoryStorage } from '../support/harness';
import { cardTitled, walkByValue } from '../support/transcriptWalk';

/**
 * Fidelity to the seeds, as the user gets it: what the review found lost or hardened is back, and content that is
 * Baken's own carries Baken as its source. Phrases are typed here from the seeds, not taken from the flow data.
 */

const storage = useMemoryStorage();

describe('fidelity to the seeds', () => {
  it('verliefd: the aandachtspunten are risks that can happen, not certainties (seed 000: "kan")', async () => {
    const { cards } = await walkByValue(storage.get(), 'verliefd');
    const text = cardTitled(cards, 'Waar let je op?');
    expect(text).toContain('Je cliënt kan online extra gevoelig zijn voor mensen met slechte bedoelingen');
    expect(text).toContain('kunnen verder verspreid worden');
    expect(text).toContain('Je cliënt kan naaktbeelden krijgen die hij niet wil.');
    expect(text).toContain('Je cliënt kan privégegevens delen');
    expect(text).toContain('Je cliënt kan teleurgesteld raken');
    expect(text).not.toMatch(/Je cliënt (is|krijgt|deelt|raakt) /);
  });

  it('verliefd: step 6 names the geldezel example, and the method words keep a plain subtitle', async () => {
    const { cards } = await walkByValue(storage.get(), 'verliefd');
    expect(cardTitled(cards, 'Stap 6: Doe – grijp in')).toMatch(/geldezel/);
    for (const title of [
      'Stap 1: Observeer – kijk en luister',
      'Stap 2: Inventariseer – breng in kaart',
      'Stap 4: Analyseer – wat betekent het?',
      'Stap 5: Anticipeer – denk vooruit',
    ])
      expect(cardTitled(cards, title)).toContain(title);
  });

  it('uitbuiting: therapeutic help, and the right help depends on the client (impulsive with LVB: clear rules)', async () => {
    const { cards } = await walkByValue(storage.get(), 'uitbuiting');
    const text = cardTitled(cards, 'Online uitbuiting');
    expect(text).toContain('therapeutische hulp');
    expect(text).toContain('Welke hulp past, hangt af van je cliënt.');
    expect(text).toMatch(/impulsieve cliënt met een LVB .*duidelijke regels over internet en sociale media/);
  });

  it('grooming: "minderjarigen" in the definition, one tap away from the first card', async () => {
    const { cards } = await walkByValue(storage.get(), 'grooming');
    const first = cardTitled(cards, 'De grooming-check');
    expect(first).toContain(
      'Met minderjarigen, kwetsbare mensen of mensen met een verstandelijke beperking.',
    );
    expect(first).not.toContain('kinderen');
  });

  it('gesprekstips: actualiteit en belevingswereld, and prevention workers working with care workers (seed 001)', async () => {
    const { cards } = await walkByValue(storage.get(), 'gesprekstips');
    expect(cardTitled(cards, 'Tips voor voorlichting: sluit aan')).toContain(
      'Sluit aan bij wat nu speelt, en bij de wereld van je cliënt.',
    );
    expect(cardTitled(cards, 'Tips voor voorlichting: steun')).toContain(
      'Zorg dat preventiemedewerkers en hulpverleners goed samenwerken.',
    );
  });

  it('Baken’s own "Jouw zorgen" question names Baken as its source, not a seed', async () => {
    for (const flowId of ['grooming', 'uitbuiting'] as const) {
      const { cards } = await walkByValue(storage.get(), flowId);
      const zorgen = cardTitled(cards, 'Jouw zorgen');
      expect(zorgen).toContain(`Bron: ${SOURCE_LABELS.baken}`);
      expect(zorgen).not.toMatch(/Bron: '/);
    }
  });
});

describe('phone and first run', () => {
  it('the grooming check reaches question 1 after one card, with the explanation one tap away on it', async () => {
    const { cards } = await walkByValue(storage.get(), 'grooming');
    expect(cards[1] && JSON.stringify(cards[1])).toContain('Vraag 1 van 9');
    // The explanation unfolds on the same card (Action.ShowCard): no turn, no second card.
    const unfold: Array<Record<string, unknown>> = [];
    walkCard(cards[0], (n) => {
      if (n.type === 'Action.ShowCard') unfold.push(n);
    });
    expect(unfold.map((a) => a.title)).toEqual(['Wat is grooming?']);
    expect(cardText(unfold[0]?.card)).toContain('Een groomer gaat stap voor stap te werk');
  });
});
