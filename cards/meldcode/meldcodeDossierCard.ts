import {
  adaptiveCard,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';
import type { CardElement } from '../cardElements';

/** What the "Voor het dossier" summary shows: codes, steps with dates, answers and the decision — never a client's name. */
export interface MeldcodeDossierView {
  kindLabel: string;
  /** The client code, or a dash. */
  clientCode: string;
  /** The signals the staff member noted, "Vraag 3: Ja". */
  signals: string[];
  /** "Stap 1 · signalen in kaart: 2 december 2026, 14:02". */
  steps: string[];
  /** "Afweging 2 van 5: Nee (Piet Jansen, 3 december 2026)". */
  answers: string[];
  /** "Melden bij Veilig Thuis: gedaan (Piet Jansen, 3 december 2026)". */
  decisions: string[];
  notice?: string;
}

/** The dossier summary, 1:1 only: plain lines that copy well into a dossier system. */
export function meldcodeDossierCard(view: MeldcodeDossierView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, 'Good'));
  body.push(...titleBlock('Voor het dossier', `Meldcode · ${view.kindLabel}`));
  body.push(
    textBlock('Baken is niet het dossier. Neem dit over in het dossier van je cliënt.', { isSubtle: true }),
  );
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    body.push(textBlock(title, { weight: 'Bolder', separator: true }));
    // As plain text runs: lines may hold what someone typed, never read as markdown.
    body.push(...lines.map((line) => plainText(line)));
  };
  section('Cliënt (code)', [view.clientCode]);
  section('Signalen', view.signals);
  section('Stappen', view.steps);
  section('Afwegingen', view.answers);
  section('Besluit', view.decisions);
  body.push(sourceFooter('meldcode'));
  return adaptiveCard(body);
}
