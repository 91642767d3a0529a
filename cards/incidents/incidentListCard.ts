import type { Flow } from '../../src/flows/flowSchema';
import { LIST_LIMIT, type IncidentRecord } from '../../src/incidents/incidentRecord';
import { incidentHeadline } from '../../src/incidents/incidentTexts';
import { executeAction } from '../actions';
import type { CardElement, Container } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  noticeBlock,
  plainText,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What "Mijn meldingen" shows: the viewer's own incidents, and for managers the team's open shared ones. */
export interface IncidentListView {
  own: IncidentRecord[];
  team: IncidentRecord[];
  flow: Flow;
  notice?: string;
}

/** One incident with an "Open" button. */
function entry(record: IncidentRecord, flow: Flow, reporter?: string): Container {
  const items: CardElement[] = [textBlock(incidentHeadline(record, flow), { weight: 'Bolder' })];
  if (reporter !== undefined) items.push(plainText(reporter || 'onbekend', { label: 'Gemeld door:' }));
  const status =
    record.status === 'closed' ? 'afgesloten' : record.sharedWithManagers ? 'gedeeld' : 'alleen jij';
  items.push(
    textBlock(`Status: ${status} · Screenshots: ${record.evidence.length}`, {
      size: 'Small',
      isSubtle: true,
      spacing: 'None',
    }),
  );
  items.push({
    type: 'ActionSet',
    actions: [executeAction('Open', { action: 'incident.open', ref: record.id, step: record.revision })],
  });
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

/** "Mijn meldingen", 1:1: own incidents first, then (for managers) the team's open incidents. */
export function incidentListCard(view: IncidentListView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice));
  body.push(...titleBlock('Mijn meldingen', 'Online grensoverschrijdend gedrag'));
  if (view.own.length === 0) {
    body.push(textBlock('Je hebt nog geen meldingen gedaan.', { weight: 'Bolder' }));
    body.push(
      textBlock(
        'Hier staan je meldingen van online grensoverschrijdend gedrag tegen jou. Word je online lastiggevallen? Kies hieronder **Nieuwe melding**.',
      ),
    );
  }
  body.push(...view.own.slice(0, LIST_LIMIT).map((r) => entry(r, view.flow)));
  if (view.team.length > 0) {
    body.push(
      textBlock('Open meldingen in je team', {
        weight: 'Bolder',
        size: 'Medium',
        separator: true,
        spacing: 'Large',
      }),
    );
    body.push(
      textBlock('Je ziet deze omdat je leidinggevende bent. Bespreek ze alleen met de collega zelf.', {
        size: 'Small',
        isSubtle: true,
      }),
    );
    body.push(...view.team.slice(0, LIST_LIMIT).map((r) => entry(r, view.flow, r.reporter.name)));
  }
  const card = adaptiveCard(body, [
    executeAction('Nieuwe melding', { action: 'flow.start', value: 'grensoverschrijdend' }),
    executeAction('Menu', { action: 'menu.open' }),
  ]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
