import { OVERVIEW_LIMITS } from '../../src/aftercare/aftercareChecklist';
import { AFTERCARE_TEXTS as T } from '../../src/aftercare/aftercareTexts';
import { executeAction } from '../actions';
import type { AdaptiveAction, CardElement, Container, TextBlock } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  noticeBlock,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** One open checklist of the manager's team. */
export interface OverviewChecklist {
  checklistId: string;
  revision: number;
  headline: string;
  contactName: string;
  progress: string;
  /** Titles of overdue items. */
  overdue: string[];
}

/** A shared open incident without aftercare yet. */
export interface OverviewIncident {
  incidentId: string;
  revision: number;
  headline: string;
}

/** What "nazorg" shows: the team's open checklists (managers), incidents to start from, and one's own. */
export interface AftercareOverviewView {
  managed: OverviewChecklist[];
  startable: OverviewIncident[];
  own: Array<{ checklistId: string; revision: number; headline: string }>;
  notice?: string;
}

function entry(lines: CardElement[], button: AdaptiveAction): Container {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [...lines, { type: 'ActionSet', actions: [button] }],
  };
}

function heading(text: string): TextBlock {
  return textBlock(text, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Large' });
}

/** The aftercare overview, 1:1. */
export function aftercareOverviewCard(view: AftercareOverviewView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice));
  body.push(...titleBlock(T.overviewTitle, T.kicker));
  if (view.managed.length + view.startable.length + view.own.length === 0)
    body.push(...T.overviewEmpty.map((line, i) => textBlock(line, i === 0 ? { weight: 'Bolder' } : {})));
  if (view.managed.length > 0) body.push(heading(T.overviewManaged));
  for (const c of view.managed.slice(0, OVERVIEW_LIMITS.managed)) {
    const lines = [
      textBlock(c.headline, { weight: 'Bolder' }),
      textBlock(`${T.overviewContact(c.contactName)} · ${c.progress}`, {
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      }),
      c.overdue.length > 0
        ? textBlock(`${T.overviewOverdue(c.overdue.length)}: ${c.overdue.join(', ')}`, {
            size: 'Small',
            color: 'Attention',
            weight: 'Bolder',
            spacing: 'None',
          })
        : textBlock(T.overviewNothingOverdue, { size: 'Small', spacing: 'None' }),
    ];
    body.push(
      entry(
        lines,
        executeAction(T.openButton, { action: 'aftercare.open', ref: c.checklistId, step: c.revision }),
      ),
    );
  }
  if (view.startable.length > 0) {
    body.push(heading(T.overviewStartable));
    body.push(textBlock(T.overviewStartableHint, { size: 'Small', isSubtle: true }));
  }
  for (const i of view.startable.slice(0, OVERVIEW_LIMITS.startable)) {
    body.push(
      entry(
        [textBlock(i.headline, { weight: 'Bolder' })],
        executeAction(
          T.startButton,
          { action: 'aftercare.start', ref: i.incidentId, step: i.revision },
          { style: 'positive' },
        ),
      ),
    );
  }
  if (view.own.length > 0) body.push(heading(T.overviewOwn));
  for (const c of view.own.slice(0, OVERVIEW_LIMITS.own)) {
    body.push(
      entry(
        [textBlock(c.headline, { weight: 'Bolder' })],
        executeAction(T.openButton, { action: 'aftercare.open', ref: c.checklistId, step: c.revision }),
      ),
    );
  }
  const card = adaptiveCard(body, [executeAction(T.menuButton, { action: 'menu.open' })]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
