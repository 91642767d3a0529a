import { AFTERCARE_TEXTS as T } from '../src/aftercare/aftercareTexts';
import { NEUTRAL_PREVIEW, adaptiveCard, textBlock, type AdaptiveCard } from './cardShell';

/** "Deze melding is verwijderd": put over every card Baken posted about a purged record. */
export function removedCard(): AdaptiveCard {
  const card = adaptiveCard([
    textBlock(T.removedTitle, { size: 'Medium', weight: 'Bolder', style: 'heading' }),
    textBlock(T.removedText, { isSubtle: true }),
  ]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
