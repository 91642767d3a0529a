import { executeAction } from '../actions';
import type { ActionSet, CardElement } from '../cardElements';
import { adaptiveCard, noticeBlock, textBlock, titleBlock, type AdaptiveCard } from '../cardShell';

/** What free text got: the flows that fit, best first, and whether it sounded like danger now. */
export interface SuggestionsView {
  flows: Array<{ id: string; title: string; description: string }>;
  acute: boolean;
}

/** A button that starts a flow, full width so buttons stack on a phone. */
function startButton(title: string, flowId: string): ActionSet {
  return { type: 'ActionSet', actions: [executeAction(title, { action: 'flow.start', value: flowId })] };
}

/** The answer to free text: 112 first when it sounds acute, then the flows that fit, and the menu. */
export function suggestionsCard(view: SuggestionsView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.acute) {
    body.push(
      noticeBlock('Is er direct gevaar? Bel nu **112**. Politie zonder spoed: **0900-8844**.', 'Attention'),
    );
  }
  body.push(...titleBlock(view.flows.length > 0 ? 'Dit past misschien bij je vraag' : 'Wat wil je doen?'));
  for (const flow of view.flows) {
    body.push(textBlock(flow.description, { size: 'Small', isSubtle: true, spacing: 'Medium' }));
    body.push(startButton(flow.title, flow.id));
  }
  body.push(
    textBlock('Past dit niet? Kies **Menu** voor alles wat ik kan.', { size: 'Small', isSubtle: true }),
  );
  return adaptiveCard(body, [executeAction('Menu', { action: 'menu.open' })]);
}
