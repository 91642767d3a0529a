import { z } from 'zod';
import { sourceIdSchema } from '../flows/flowSchema';
import defaultItemsFile from './defaultAftercareItems.json';

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

/** Most items a checklist may have: the manager's card with every item open stays within Teams' message size. */
export const MAX_AFTERCARE_ITEMS = 16;

/**
 * A checklist's items as an organisation sets them: at least one item due from the incident (a checklist of only
 * "after a decline" items would have nothing to do), unique ids, and an item due after a decline at least a day
 * after it (it offers aftercare again).
 */
export const aftercareItemListSchema = z
  .array(aftercareItemSchema)
  .min(1, 'must hold at least one item')
  .max(MAX_AFTERCARE_ITEMS, `must hold at most ${MAX_AFTERCARE_ITEMS} items`)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    for (const [index, item] of items.entries()) {
      if (seen.has(item.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `item id "${item.id}" is used twice` });
      seen.add(item.id);
      if (item.due.from === 'declined' && item.due.days < 1)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'due', 'days'],
          message: `item "${item.id}" is due after a decline, so at least 1 day after it`,
        });
    }
    if (!items.some((item) => item.due.from === 'incident'))
      ctx.addIssue({ code: 'custom', message: 'must hold at least one item due from the incident' });
  });

/** The aftercare items file an organisation may replace (AFTERCARE_ITEMS_FILE): `{ "items": [ … ] }`. */
export const aftercareItemsFileSchema = z.object({ items: aftercareItemListSchema });

/**
 * The default checklist (PRODUCT.md item 9), in the same format as an organisation's file: `004` only on items whose
 * content is in seed 004; every due day (72 hours, 2 weeks, 6–8 weeks, 4–6 weeks and the rest) is common Dutch
 * practice (`nazorgpraktijk`), never from a seed. See docs/aftercare.md.
 */
export const DEFAULT_AFTERCARE_ITEMS: readonly AftercareItem[] =
  aftercareItemsFileSchema.parse(defaultItemsFile).items;
