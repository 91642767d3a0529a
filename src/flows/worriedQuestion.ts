import type { input } from 'zod';
import type { questionStepSchema, SourceId } from './flowSchema';

/** What differs between the flows' "are you worried?" questions. */
interface WorriedQuestion {
  title: string;
  source: SourceId;
  question: string;
  advice: string;
}

/**
 * The unnumbered "are you worried?" question of a client flow: "ja" is a signal, so the summary offers to tell
 * the team. Step id `zorgen` in every flow.
 */
export function worriedQuestion(q: WorriedQuestion): input<typeof questionStepSchema> {
  return {
    kind: 'question',
    id: 'zorgen',
    title: q.title,
    source: q.source,
    question: q.question,
    help: 'Kies ja als je wilt dat het team meekijkt. Aan het eind kun je het dan bij het team melden.',
    numbered: false,
    choices: [
      { value: 'ja', label: 'Ja', signal: true },
      { value: 'nee', label: 'Nee' },
    ],
    attention: { when: ['ja'], advice: q.advice },
  };
}
