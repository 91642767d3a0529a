import { z } from 'zod';
import { sourceIdSchema } from '../flows/flowSchema';

/** An item id: lowercase letters, digits and underscores. */
export const aftercareItemIdSchema = z.string().regex(/^[a-z0-9_]{1,30}$/);

/** One item of the aftercare checklist, as content: what to do, who owns it, when it is due, and its source. */
export const aftercareItemSchema = z.object({
  id: aftercareItemIdSchema,
  /** Short title for the manager's card. */
  title: z.string().min(1).max(60),
  /** What the manager does, in Dutch B1. */
  guidance: z.string().min(1).max(300),
  /** What the staff member reads about this item (never the manager's notes). */
  staffText: z.string().min(1).max(200),
  /** Who carries it out: the manager, or the organisation (through the manager). */
  owner: z.enum(['leidinggevende', 'organisatie']),
  /** Due this many days after the incident, or after the staff member declined (then only when declined). */
  due: z.object({ from: z.enum(['incident', 'declined']), days: z.number().int().min(0).max(120) }),
  sources: z.array(sourceIdSchema).min(1),
});
/** A checklist item's content. */
export type AftercareItem = z.infer<typeof aftercareItemSchema>;

/**
 * The aftercare checklist (PRODUCT.md item 9): seed 004 ("Tips om te handelen na een incident", "Afspraken cliënt
 * en professional") and current Dutch aftercare practice after aggression towards care workers.
 */
export const AFTERCARE_ITEMS: readonly AftercareItem[] = [
  {
    id: 'steungesprek',
    title: 'Steungesprek binnen 72 uur',
    guidance:
      'Praat binnen 72 uur met je collega. Vraag hoe het gaat en wat je collega nodig heeft. Luister vooral.',
    staffText: 'Een gesprek met je contactpersoon over hoe het met je gaat.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 3 },
    sources: ['nazorgpraktijk', '004'],
  },
  {
    id: 'mim',
    title: 'Incident geregistreerd (MIM)',
    guidance: 'Zet het incident in het meldsysteem van de organisatie (MIM: melding incidenten medewerkers).',
    staffText: 'Het incident wordt vastgelegd bij de organisatie.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 3 },
    sources: ['nazorgpraktijk'],
  },
  {
    id: 'aangifte',
    title: 'Aangifte door de organisatie',
    guidance:
      'Laat de organisatie aangifte doen bij de politie, samen met je collega. Volg het interne protocol.',
    staffText: 'De organisatie doet aangifte bij de politie, samen met jou.',
    owner: 'organisatie',
    due: { from: 'incident', days: 7 },
    sources: ['004'],
  },
  {
    id: 'platform',
    title: 'Melding bij het platform opgevolgd',
    guidance:
      'Is het bericht gemeld bij het platform? Kijk of het weg is. Vaak gebeurt er weinig. Reken daar niet op.',
    staffText: 'We kijken of het bericht bij het platform is gemeld en of het weg is.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 7 },
    sources: ['004'],
  },
  {
    id: 'juridisch',
    title: 'Besluit over juridische hulp',
    guidance:
      'Haalt het platform het bericht niet weg? Besluit dan of de organisatie juridische hulp inschakelt.',
    staffText: 'We besluiten of de organisatie juridische hulp inschakelt.',
    owner: 'organisatie',
    due: { from: 'incident', days: 14 },
    sources: ['004'],
  },
  {
    id: 'teamoverleg',
    title: 'Besproken in het teamoverleg',
    guidance:
      'Bespreek het onderwerp in het teamoverleg, als je collega dat goed vindt. Zo wordt het makkelijker om erover te praten.',
    staffText: 'Het onderwerp komt in het teamoverleg, als jij dat goed vindt.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 14 },
    sources: ['004'],
  },
  {
    id: 'afspraken',
    title: 'Afspraken met de cliënt bijgewerkt',
    guidance: 'Zet in de omgangsafspraken met de cliënt hoe jullie online met elkaar omgaan.',
    staffText: 'De afspraken met de cliënt over online contact worden bijgewerkt.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 14 },
    sources: ['004'],
  },
  {
    id: 'client_geinformeerd',
    title: 'Cliënt weet dat er stappen komen',
    guidance:
      'Vertel de cliënt dat de organisatie stappen neemt als iemand een medewerker online zwart maakt of bedreigt. Bijvoorbeeld aangifte.',
    staffText: 'De cliënt hoort dat de organisatie stappen neemt.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 7 },
    sources: ['004'],
  },
  {
    id: 'getuigen',
    title: 'Nazorg voor getuigen aangeboden',
    guidance: "Hebben collega's het gezien of gelezen? Bied hun ook nazorg aan.",
    staffText: "Collega's die het zagen, krijgen ook nazorg aangeboden.",
    owner: 'leidinggevende',
    due: { from: 'incident', days: 7 },
    sources: ['nazorgpraktijk'],
  },
  {
    id: 'nagesprek_2w',
    title: 'Nagesprek na 2 weken',
    guidance:
      'Vraag na 2 weken opnieuw hoe het gaat. Let op slecht slapen, schrikken, angst en minder zin in het werk.',
    staffText: 'Na 2 weken praten jullie opnieuw over hoe het gaat.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 14 },
    sources: ['nazorgpraktijk'],
  },
  {
    id: 'nagesprek_6w',
    title: 'Nagesprek na 6 tot 8 weken',
    guidance: 'Praat na 6 tot 8 weken nog een keer. Gaat het goed? Dan kan de nazorg stoppen.',
    staffText: 'Na 6 tot 8 weken praten jullie nog een keer.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 42 },
    sources: ['nazorgpraktijk'],
  },
  {
    id: 'professionele_hulp',
    title: 'Professionele hulp bij blijvende klachten',
    guidance:
      'Heeft je collega na 4 tot 6 weken nog veel klachten? Verwijs dan naar professionele hulp, bijvoorbeeld via de bedrijfsarts.',
    staffText: 'Heb je na 4 tot 6 weken nog veel klachten? Dan helpen we je aan professionele hulp.',
    owner: 'leidinggevende',
    due: { from: 'incident', days: 42 },
    sources: ['nazorgpraktijk'],
  },
  {
    id: 'opnieuw_aanbieden',
    title: 'Nazorg opnieuw aanbieden',
    guidance: 'Wilde je collega eerst geen nazorg? Bied het na 2 weken opnieuw aan.',
    staffText: 'Wilde je eerst geen nazorg? Na 2 weken vragen we het nog een keer.',
    owner: 'leidinggevende',
    due: { from: 'declined', days: 14 },
    sources: ['nazorgpraktijk'],
  },
];

/** The content of an item by id. */
export function aftercareItem(id: string): AftercareItem | undefined {
  return AFTERCARE_ITEMS.find((item) => item.id === id);
}
