import type { MenuEntry } from '../../cards/menuCard';
import { FLOWS } from '../flows';

/** Parts of PRODUCT.md that are not built yet: listed as "binnenkort" so the menu shows the whole product. */
const NOT_YET: MenuEntry[] = [
  {
    title: 'Online grensoverschrijdend gedrag tegen mij',
    description: 'Stappen als je zelf online wordt lastiggevallen.',
  },
  { title: 'Mijn meldingen', description: 'Je eigen meldingen bekijken en bijwerken.' },
  { title: 'Nazorg', description: 'Voor leidinggevenden: de nazorg-checklist.' },
];

/** The main menu's entries: the built flows in product order, then what comes later. */
export function menuEntries(): MenuEntry[] {
  const order = ['grooming', 'verliefd', 'uitbuiting', 'gesprekstips', 'voorkomen'] as const;
  return [
    ...order.map((id) => ({ title: FLOWS[id].title, description: FLOWS[id].description, flowId: id })),
    ...NOT_YET,
  ];
}
