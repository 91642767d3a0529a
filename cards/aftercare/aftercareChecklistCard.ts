import { DATE_PLACEHOLDER } from '../flows/formInputs';
import { AFTERCARE_TEXTS as T } from '../../src/aftercare/aftercareTexts';
import type { SourceId } from '../../src/flows/flowSchema';
import { executeAction, FORM_FIELD_PREFIX } from '../actions';
import type { ActionSet, AdaptiveAction, CardElement, Container, ShowCardAction } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  factSet,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** One item as the manager sees it. */
export interface AftercareItemRow {
  id: string;
  title: string;
  guidance: string;
  owner: 'leidinggevende' | 'organisatie';
  status: 'open' | 'done' | 'not_needed';
  /** "Uiterlijk 5 november", "Klaar (Anna, 3 november)". */
  statusLine: string;
  /** The due day (YYYY-MM-DD), for the date input. */
  dueDate: string;
  overdue: boolean;
  /** The manager's reason for "niet nodig" (typed text: shown as plain text). */
  reason?: string;
}

/** What the manager's checklist card shows. */
export interface AftercareChecklistView {
  checklistId: string;
  revision: number;
  staffName: string;
  contactName: string;
  incidentDay: string;
  colleagueStatus: string;
  progress: string;
  statusLine: string;
  closed: boolean;
  /** Today (YYYY-MM-DD): the earliest new date. */
  today: string;
  declinedBanner?: string;
  items: AftercareItemRow[];
  timeline: string[];
  /** The sources of the checklist's items. */
  sources: SourceId[];
  notice?: string;
  noticeTone?: 'Good' | 'Warning' | 'Attention';
}

/** The input ids of an item's "niet nodig" reason and new date (gathered into `fields` by the handler). */
export function itemInputIds(itemId: string): { reason: string; date: string } {
  return { reason: `reden_${itemId}`, date: `datum_${itemId}` };
}

/** An Action.ShowCard with one input and a save button (the server checks the input: cards stay small). */
function showCard(title: string, input: CardElement, save: AdaptiveAction): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body: [input], actions: [save] },
  };
}

/** The buttons of an open item: Klaar, Niet nodig (with a reason) and Andere datum. */
function itemActions(view: AftercareChecklistView, row: AftercareItemRow): ActionSet {
  const data = (action: 'aftercare.tick' | 'aftercare.notNeeded' | 'aftercare.reschedule') => ({
    action,
    ref: view.checklistId,
    step: view.revision,
    value: row.id,
  });
  const ids = itemInputIds(row.id);
  return {
    type: 'ActionSet',
    actions: [
      executeAction(T.tick, data('aftercare.tick'), { style: 'positive' }),
      showCard(
        T.notNeededButton,
        {
          type: 'Input.Text',
          id: `${FORM_FIELD_PREFIX}${ids.reason}`,
          label: T.reasonLabelInput,
          placeholder: T.reasonPlaceholder,
          maxLength: 200,
        },
        executeAction(T.save, data('aftercare.notNeeded')),
      ),
      showCard(
        T.rescheduleButton,
        {
          type: 'Input.Date',
          id: `${FORM_FIELD_PREFIX}${ids.date}`,
          label: T.dateLabelInput,
          placeholder: DATE_PLACEHOLDER,
          value: row.dueDate,
          min: view.today,
        },
        executeAction(T.save, data('aftercare.reschedule')),
      ),
    ],
  };
}

/** One item: title, status or due day, what to do, who; buttons while it is open. */
function itemBlock(view: AftercareChecklistView, row: AftercareItemRow): Container {
  const mark = row.status === 'done' ? '✓ ' : row.status === 'not_needed' ? '– ' : '';
  const items: CardElement[] = [
    textBlock(`${mark}**${row.title}**`, { spacing: 'None' }),
    textBlock(row.statusLine, {
      size: 'Small',
      spacing: 'None',
      weight: row.overdue ? 'Bolder' : 'Default',
      color: row.overdue ? 'Attention' : 'Default',
    }),
  ];
  if (row.reason) items.push(plainText(row.reason, { label: T.reasonLabel, isSubtle: true }));
  if (row.status === 'open') {
    items.push(textBlock(row.guidance, { size: 'Small', isSubtle: true, spacing: 'Small' }));
    items.push(
      textBlock(row.owner === 'organisatie' ? T.ownerOrganisatie : T.ownerLeidinggevende, {
        size: 'Small',
        isSubtle: true,
        spacing: 'None',
      }),
    );
    if (!view.closed) items.push(itemActions(view, row));
  }
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

/** The aftercare checklist, 1:1 with a manager: every item with due day and status, and buttons to change it. */
export function aftercareChecklistCard(view: AftercareChecklistView): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, view.noticeTone ?? 'Good'));
  body.push(...titleBlock(T.managerTitle(view.staffName), T.kicker));
  body.push(
    factSet([
      [T.incidentOn, view.incidentDay],
      [T.contactLabel, view.contactName],
      [T.colleagueLabel, view.colleagueStatus],
      [T.progressLabel, view.progress],
      [T.statusLabel, view.statusLine],
    ]),
  );
  if (view.declinedBanner) body.push(noticeBlock(view.declinedBanner, 'Attention'));
  body.push(...view.items.map((row) => itemBlock(view, row)));
  body.push({
    type: 'Container',
    separator: true,
    items: [
      textBlock(T.timelineTitle, { weight: 'Bolder' }),
      textBlock(view.timeline.map((line) => `- ${line}`).join('\r'), { size: 'Small' }),
    ],
  });
  body.push(sourceFooter(...view.sources));
  const card = adaptiveCard(body, [
    executeAction(T.overviewButton, { action: 'aftercare.list' }),
    executeAction(T.menuButton, { action: 'menu.open' }),
  ]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
