import type { EscalationDetails } from '../escalation/escalationRecord';
import { formFacts } from '../flows/flowSummary';
import type { Flow } from '../flows/flowSchema';
import type { IncidentRecord } from './incidentRecord';

/** Fields of the first step that a manager sees 1:1 with a new signal (choices and a date: no free text). */
const SIGNAL_FIELDS = ['soort', 'platform', 'wanneer', 'online'];

/** The 1:1-only details of a "Trek aan de bel" signal: what happened, and where to read the rest. */
export function incidentDetails(record: IncidentRecord, flow: Flow): EscalationDetails {
  const first = flow.steps[0];
  const facts =
    first?.kind === 'form'
      ? formFacts(
          { ...first, fields: first.fields.filter((f) => SIGNAL_FIELDS.includes(f.id)) },
          record.steps[first.id]?.fields,
        )
      : [];
  return {
    rows: [
      {
        label: 'Signaal',
        value: 'Het incident blijft de collega achtervolgen. De collega trekt aan de bel.',
      },
      ...facts.map(([label, value]) => ({ label, value })),
      { label: 'Screenshots', value: String(record.evidence.length) },
      { label: 'Meer lezen', value: 'Typ mijn meldingen in je persoonlijke chat met Baken.' },
    ],
  };
}
