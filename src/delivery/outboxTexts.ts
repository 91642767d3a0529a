/** Dutch texts (B1) for admins about delivery: the alert when messages wait too long, and the `status` answer. */

/** "1 bericht" / "3 berichten". */
function messages(count: number): string {
  return count === 1 ? '1 bericht' : `${count} berichten`;
}

/** A waiting time in words: minutes up to two hours, then hours up to two days, then days. */
export function durationText(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 120) return m === 1 ? '1 minuut' : `${m} minuten`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} uur`;
  return `${Math.floor(hours / 24)} dagen`;
}

/** What an admin can check when messages do not arrive. */
const CHECKS = [
  'Staat Baken nog in Teams, en in de teams van je organisatie?',
  'Is het wachtwoord (client secret) van de bot in Azure nog geldig?',
  'Zie je fouten bij het versturen in Application Insights (baken.delivery.failures)?',
];

export const OUTBOX_TEXTS = {
  alertTitle: 'Berichten van Baken komen niet aan',
  alertBody: (count: number, thresholdMinutes: number, oldestMinutes: number) =>
    `${messages(count)} ${count === 1 ? 'is' : 'zijn'} na ${durationText(thresholdMinutes)} nog niet afgeleverd in Teams. ` +
    `Het oudste wacht al ${durationText(oldestMinutes)}.`,
  alertDepth: (depth: number) =>
    depth === 1 ? 'Er wacht nu 1 bericht.' : `Er wachten nu ${depth} berichten.`,
  checkTitle: 'Wat kun je controleren?',
  checks: CHECKS,
  alertFooter:
    'Typ **status** om te zien hoe het nu staat. Over deze berichten krijg je geen nieuwe melding. Wat er in de berichten staat, laat ik hier niet zien.',
  statusTitle: 'Status van de berichten',
  statusNothing: 'Alle berichten zijn afgeleverd. Er wacht niets.',
  statusDepth: (depth: number) => `Nog niet afgeleverd: ${messages(depth)}.`,
  statusOldest: (minutes: number) => `Het oudste wacht al ${durationText(minutes)}.`,
  statusLate: (late: number, thresholdMinutes: number) =>
    `${messages(late)} ${late === 1 ? 'wacht' : 'wachten'} langer dan ${durationText(thresholdMinutes)}.`,
} as const;
