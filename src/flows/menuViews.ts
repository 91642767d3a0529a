import type { MenuEntry } from '../../cards/flows/menuCard';
import { FLOW_ORDER, FLOWS } from '.';

/** "Nazorg": managers start and follow the aftercare checklist; a staff member sees their own aftercare. */
const AFTERCARE: MenuEntry = {
  title: 'Nazorg',
  description:
    'Voor leidinggevenden: start en volg de nazorg na een melding. Medewerkers zien hier hun eigen nazorg.',
  action: { action: 'aftercare.list' },
};

/** "Mijn meldingen": the person's own incidents, and for managers the team's open ones. */
const MY_INCIDENTS: MenuEntry = {
  title: 'Mijn meldingen',
  description: 'Je meldingen bekijken en bijwerken. Leidinggevenden zien ook de open meldingen van hun team.',
  action: { action: 'incident.list' },
};

/** The main menu's entries: the flows in product order, then the person's own incidents and aftercare. */
export function menuEntries(): MenuEntry[] {
  return [
    ...FLOW_ORDER.map((id) => ({ title: FLOWS[id].title, description: FLOWS[id].description, flowId: id })),
    MY_INCIDENTS,
    AFTERCARE,
  ];
}
