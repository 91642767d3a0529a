import { displayDate } from '../flows/flowSummary';
import type { EscalationRefusal } from '../flows/flowRunner';
import type { Flow } from '../flows/flowSchema';
import { FLOW_TEXTS } from '../flows/flowTexts';
import type { IncidentRecord } from './incidentRecord';

/** Dutch texts of incidents and evidence (B1: short, saying what to do next). */
export const INCIDENT_TEXTS = {
  evidenceStored: (sha256: string, shared: boolean) =>
    [
      'Je screenshot is veilig bewaard als bewijs.',
      shared
        ? 'Alleen jij en de leidinggevenden van je team kunnen hem zien.'
        : 'Alleen jij kunt hem zien. Je leidinggevenden zien hem pas als je je melding met hen deelt.',
      `\n\nControlecode (SHA-256): \`${sha256}\`. Hiermee kun je later laten zien dat de screenshot niet veranderd is.`,
    ].join(' '),
  screenshotStepFirst:
    'Stuur je screenshot bij de stap **Screenshot**. Daar lees je eerst welke beelden je nooit mag sturen. Ik heb niets bewaard.',
  notImage:
    'Dit bestand is geen afbeelding. Ik heb het niet bewaard. Stuur een screenshot als PNG- of JPG-bestand.',
  tooLarge: (maxMb: string) =>
    `Deze afbeelding is te groot (meer dan ${maxMb} MB). Ik heb hem niet bewaard. Stuur een kleinere screenshot.`,
  downloadFailed: 'Ik kon deze afbeelding niet ophalen. Er is niets bewaard. Probeer het nog een keer.',
  tooMany: 'Bij deze melding zijn al 20 screenshots bewaard. Meer kan niet.',
  noIncident: 'Deze screenshot hoort niet bij jouw melding. Er is niets bewaard.',
  notFound: 'Deze melding bestaat niet (meer). Typ **mijn meldingen** om je meldingen te zien.',
  refused:
    'Deze melding kun je niet openen. Alleen wie hem deed en de leidinggevenden van het team kunnen dat.',
  reporterOnly: 'Alleen wie de melding deed, kan dit doen.',
  personalOnly: 'Meldingen open je alleen in een persoonlijk gesprek met Baken.',
  updated: 'Bijgewerkt. Dank je.',
  managersNotified:
    'Je leidinggevenden weten het nu. In het kanaal staat alleen dat een collega iets heeft gemeld: geen naam en geen details.',
  alarmSent: 'Je leidinggevenden hebben een nieuw signaal gekregen. Ze nemen contact met je op.',
  escalationUnavailable: 'Melden kan nu nog niet. Neem direct contact op met je leidinggevende.',
  inlineTooLarge: 'Deze afbeelding is te groot om hier te tonen. Kies **Link (5 minuten)**.',
  damaged: 'Deze afbeelding klopt niet meer met de controlecode. Meld dit bij je leidinggevende.',
  evidenceGone: 'Deze screenshot is niet meer te vinden.',
  linkIssued: (url: string) =>
    `Hier is je link. Hij werkt één keer, en alleen de komende 5 minuten. Deel hem met niemand.\n\n${url}`,
  evidenceShown: (sha256: string) => `Screenshot. Controlecode (SHA-256): \`${sha256}\``,
} as const;

/** A line naming an incident: the kind chosen at the first step and when it was reported. */
export function incidentHeadline(record: IncidentRecord, flow: Flow): string {
  const first = flow.steps[0];
  const kind = record.steps[first?.id ?? '']?.fields.soort;
  const field = first?.kind === 'form' ? first.fields.find((f) => f.id === 'soort') : undefined;
  const label = field?.type === 'choice' ? field.choices.find((c) => c.value === kind)?.label : undefined;
  return `${label ?? 'Melding'} · ${displayDate(record.createdAt.slice(0, 10))}`;
}

/** The timeline action codes in Dutch. */
export const TIMELINE_LABELS: Record<IncidentRecord['timeline'][number]['action'], string> = {
  created: 'Melding gestart',
  step_filled: 'Stap ingevuld',
  step_skipped: 'Stap overgeslagen',
  step_updated: 'Stap bijgewerkt',
  evidence_added: 'Screenshot bewaard',
  managers_notified: 'Leidinggevenden ingelicht',
  alarm: 'Aan de bel getrokken',
};

/** The Dutch line when the managers could not be notified: no escalation here, or the escalation port's reason. */
export function managersNotNotifiedText(reason: 'unavailable' | EscalationRefusal): string {
  return reason === 'unavailable'
    ? INCIDENT_TEXTS.escalationUnavailable
    : FLOW_TEXTS.escalationRefused[reason];
}
