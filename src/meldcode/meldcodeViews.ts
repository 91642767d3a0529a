import { meldcodeDossierCard } from '../../cards/meldcode/meldcodeDossierCard';
import { meldcodeWalkCard } from '../../cards/meldcode/meldcodeWalkCard';
import type { AdaptiveCard } from '../../cards/cardShell';
import type { OrgSettings } from '../config';
import type { EscalationRecord } from '../escalation/escalationRecord';
import { KIND_LABELS, formatWhen } from '../escalation/escalationTexts';
import { fillOrg } from '../flows/flowSummary';
import { answersOf } from './afwegingskader';
import { MELDCODE_STEP_WORDS, meldcodeStepLabel, meldcodeStepOf } from './meldcodeSteps';
import { ANSWER_LABELS, DECISION_LABELS, QUESTION_TEXTS, WALK_TEXTS } from './meldcodeTexts';
import { walkOf, walkPosition } from './meldcodeWalk';

/** A day "2026-12-24" as "24 december 2026". */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The card of the walk where it stands now (a question, or the decision to record). */
export function walkCardOf(
  record: EscalationRecord,
  org: OrgSettings,
  now: Date,
  notice?: { text: string; tone: 'Good' | 'Warning' },
): AdaptiveCard {
  const at = walkPosition(record);
  const step = meldcodeStepOf({
    ...record,
    status: record.status === 'open' ? 'acknowledged' : record.status,
  });
  return meldcodeWalkCard({
    escalationId: record.id,
    revision: record.revision,
    kindLabel: KIND_LABELS[record.kind],
    stepLabel: meldcodeStepLabel('ask' in at ? (step ?? 2) : 5),
    at: 'ask' in at ? { ask: at.ask, answers: answersOf(at.ask) } : at,
    meldcodeLine: fillOrg('{meldcode}', org),
    fill: (text) => fillOrg(text, org),
    today: now.toISOString().slice(0, 10),
    notice,
  });
}

/** "Voor het dossier": the client code, signals, steps with dates, afwegingen and decisions — codes and names of staff only. */
export function dossierCardOf(
  record: EscalationRecord,
  org: OrgSettings,
  timeZone: string,
  notice?: string,
): AdaptiveCard {
  const walk = walkOf(record);
  // The questions were stored as the flow asks them ("… met {meldpunt}?"); plain lines, so names without links.
  const plainOrg = { ...org, protocolUrl: '', meldcodeUrl: '' };
  const when = (iso: string) => formatWhen(iso, timeZone);
  const steps = [`Stap 1 · ${MELDCODE_STEP_WORDS[1]}: ${when(record.createdAt)} (${record.reporter.name})`];
  if (record.acknowledgedBy) {
    steps.push(
      `Stap 2 · ${MELDCODE_STEP_WORDS[2]}: ${when(record.acknowledgedBy.at)} (${record.acknowledgedBy.name})`,
    );
  }
  const answers = walk.answers.map(
    (a) => `${QUESTION_TEXTS[a.question].heading}: ${ANSWER_LABELS[a.answer]} (${a.byName}, ${when(a.at)})`,
  );
  const decisions = walk.decisions.map((d) => {
    const extra =
      d.decision === 'melden'
        ? d.melding === 'gedaan'
          ? ', melding gedaan'
          : `, melding gepland op ${formatDay(d.day ?? '')}`
        : d.decision === 'hulp'
          ? `, afweging 5 op ${formatDay(d.day ?? '')}`
          : d.reason
            ? `, ${WALK_TEXTS.reasonLabels[d.reason]}`
            : '';
    return `${DECISION_LABELS[d.decision]}${extra} (${d.byName}, ${when(d.at)})`;
  });
  return meldcodeDossierCard({
    kindLabel: KIND_LABELS[record.kind],
    clientCode: record.details?.clientCode ?? '-',
    signals: (record.details?.rows ?? []).map((row) => signalLine(fillOrg(row.label, plainOrg), row.value)),
    steps,
    answers,
    decisions,
    notice,
  });
}

/** "Vraag 3 … Snapchat? Ja" or "Notitie: …": a question keeps its own mark, a statement loses its full stop. */
function signalLine(label: string, value: string): string {
  const text = label.trim();
  return text.endsWith('?') ? `${text} ${value}` : `${text.replace(/[.:]$/, '')}: ${value}`;
}
