import type { OrgSettings } from '../../src/config';
import { formFacts } from '../../src/flows/flowSummary';
import type { Flow } from '../../src/flows/flowSchema';
import type { IncidentRecord } from '../../src/incidents/incidentRecord';
import type { IncidentRole } from '../../src/incidents/incidentService';
import { incidentHeadline, TIMELINE_LABELS } from '../../src/incidents/incidentTexts';
import { executeAction, type ActionData } from '../actions';
import type { ActionSet, AdaptiveAction, CardElement, Container } from '../cardElements';
import {
  NEUTRAL_PREVIEW,
  adaptiveCard,
  noticeBlock,
  plainText,
  sourceFooter,
  textBlock,
  titleBlock,
  type AdaptiveCard,
} from '../cardShell';

/** What an opened incident shows, to its reporter or to a manager of the team. */
export interface IncidentView {
  record: IncidentRecord;
  flow: Flow;
  role: IncidentRole;
  org: OrgSettings;
  /** Time zone for the times shown. */
  timeZone: string;
  notice?: string;
  noticeColor?: 'Good' | 'Attention';
}

const STATUS = { ingevuld: 'ingevuld', overgeslagen: 'overgeslagen' } as const;

/** A date and time as "02-11-2026 10:15" in the organisation's time zone. */
export function displayTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}-${get('month')}-${get('year')} ${get('hour')}:${get('minute')}`;
}

/** A size in kB or MB. */
function displaySize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/** Buttons side by side in one action set (two fit on a phone). */
function buttons(...actions: AdaptiveAction[]): ActionSet {
  return { type: 'ActionSet', actions };
}

/** The data of a button about this incident. */
function data(view: IncidentView, action: ActionData['action'], value?: string): ActionData {
  const d: ActionData = { action, ref: view.record.id, step: view.record.revision };
  if (value !== undefined) d.value = value;
  return d;
}

/** Every step of the flow with its status and what was filled in; the reporter can update each. */
function stepBlocks(view: IncidentView): CardElement[] {
  const blocks: CardElement[] = [];
  for (const step of view.flow.steps) {
    if (step.kind !== 'form') continue;
    const state = view.record.steps[step.id];
    const items: CardElement[] = [
      textBlock(`**${step.title}** · ${state ? STATUS[state.status] : 'nog open'}`, { spacing: 'None' }),
    ];
    for (const [label, value] of formFacts(step, state?.fields)) items.push(plainText(value, { label }));
    if (view.role === 'reporter')
      items.push(buttons(executeAction('Werk bij', data(view, 'incident.edit', step.id))));
    blocks.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  }
  return blocks;
}

/** The screenshots with their hash, each viewable inline or through a one-time link. */
function evidenceBlocks(view: IncidentView): CardElement[] {
  const { evidence } = view.record;
  const blocks: CardElement[] = [
    textBlock(`Screenshots (${evidence.length})`, { weight: 'Bolder', separator: true }),
  ];
  if (evidence.length === 0)
    blocks.push(textBlock('Nog geen screenshots bewaard.', { isSubtle: true, spacing: 'None' }));
  for (const [i, ref] of evidence.entries()) {
    blocks.push(
      textBlock(`${i + 1}. ${displayTime(ref.uploadedAt, view.timeZone)} · ${displaySize(ref.size)}`, {
        spacing: 'Small',
      }),
      textBlock(`Controlecode: \`${ref.sha256}\``, { size: 'Small', isSubtle: true, spacing: 'None' }),
      buttons(
        executeAction('Toon hier', data(view, 'incident.evidence', ref.id)),
        executeAction('Link (5 minuten)', data(view, 'incident.link', ref.id)),
      ),
    );
  }
  return blocks;
}

/** The last lines of the timeline (codes only, never free text). */
function timelineBlock(view: IncidentView): Container {
  const lines = view.record.timeline
    .slice(-8)
    .map((t) => `- ${displayTime(t.at, view.timeZone)}: ${TIMELINE_LABELS[t.action]}`);
  return {
    type: 'Container',
    separator: true,
    items: [textBlock('Tijdlijn', { weight: 'Bolder' }), textBlock(lines.join('\r'), { size: 'Small' })],
  };
}

/** An opened incident, 1:1: every step, the screenshots, the timeline; the reporter can update it. */
export function incidentCard(view: IncidentView): AdaptiveCard {
  const { record, role } = view;
  const body: CardElement[] = [];
  if (view.notice) body.push(noticeBlock(view.notice, view.noticeColor ?? 'Attention'));
  body.push(...titleBlock(incidentHeadline(record, view.flow), 'Melding: online grensoverschrijdend gedrag'));
  if (role === 'manager') body.push(plainText(record.reporter.name || 'onbekend', { label: 'Gemeld door:' }));
  body.push(
    textBlock(
      record.sharedWithManagers
        ? 'Gedeeld met de leidinggevenden van het team.'
        : 'Alleen jij kunt deze melding zien. Je leidinggevenden weten het nog niet.',
      { isSubtle: true, size: 'Small' },
    ),
  );
  body.push(...stepBlocks(view), ...evidenceBlocks(view), timelineBlock(view));
  if (role === 'manager') {
    body.push(
      textBlock('Start of open hier de nazorg voor je collega.', { separator: true }),
      buttons(executeAction('Nazorg', data(view, 'aftercare.start'), { style: 'positive' })),
    );
  }
  if (role === 'reporter') {
    body.push(
      textBlock('Blijft het incident je achtervolgen? Trek dan aan de bel bij je leidinggevende.', {
        separator: true,
      }),
      buttons(executeAction('Trek aan de bel', data(view, 'incident.alarm'), { style: 'destructive' })),
      buttons(executeAction('Voorkomen', { action: 'flow.start', value: 'voorkomen' })),
    );
  }
  body.push(sourceFooter('004'));
  const card = adaptiveCard(body, [
    executeAction('Mijn meldingen', { action: 'incident.list' }),
    executeAction('Menu', { action: 'menu.open' }),
  ]);
  card.fallbackText = NEUTRAL_PREVIEW;
  return card;
}
