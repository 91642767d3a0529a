import { escalationDetailsCard } from '../../cards/escalation/escalationDetailsCard';
import { escalationNoticeCard } from '../../cards/escalation/escalationNoticeCard';
import { escalationReminderCard } from '../../cards/escalation/escalationReminderCard';
import { escalationTimelineCard } from '../../cards/escalation/escalationTimelineCard';
import { confirmCard } from '../../cards/confirmCard';
import { messageCard } from '../../cards/messageCard';
import { NEUTRAL_PREVIEW, type AdaptiveCard } from '../../cards/cardShell';
import type { MessageCode, NoticeBanner, RenderInstruction } from '../delivery/outboxEntry';
import type { OutboundActivity } from '../delivery/teamsPort';
import { ESCALATION_STATUS_MAX } from '../flows/flowRun';
import type { EscalationKind } from '../flows/flowSchema';
import { NOT_YET_A_MELDING } from '../flows/safetyTexts';
import { followUpCardOf } from '../meldcode/followUpViews';
import { meldcodeCodeLabel, meldcodeStepLabel, meldcodeStepOf } from '../meldcode/meldcodeSteps';
import { dossierCardOf, walkCardOf } from '../meldcode/meldcodeViews';
import type { OrgSettings } from '../config';
import { isAnonymousKind, type ActorStamp, type EscalationRecord } from './escalationRecord';
import { ESCALATION_TEXTS as T, KIND_LABELS, formatWhen } from './escalationTexts';

/** The status line of a notice: open, or who picked it up / closed it and when. */
export function statusLineOf(record: EscalationRecord, timeZone: string): string {
  if (record.status === 'resolved' && record.resolvedBy) {
    return T.statusResolved(stampName(record.resolvedBy), formatWhen(record.resolvedBy.at, timeZone));
  }
  if (record.status !== 'open' && record.acknowledgedBy) {
    return T.statusAcknowledged(
      stampName(record.acknowledgedBy),
      formatWhen(record.acknowledgedBy.at, timeZone),
    );
  }
  return T.statusOpen;
}

/** A name on the notice: "Piet Jansen", or "Piet Jansen, aandachtsfunctionaris". */
function stampName(stamp: ActorStamp): string {
  return stamp.aandachtsfunctionaris ? `${stamp.name}, ${T.aandachtsfunctionaris}` : stamp.name;
}

/** The banner text of a 1:1 notice copy. */
export function bannerText(banner: NoticeBanner, count = 1): string {
  switch (banner) {
    case 'noChannel':
      return T.bannerNoChannel;
    case 'channelFailed':
      return T.bannerChannelFailed;
    case 'noTeam':
      return T.bannerNoTeam;
    case 'noManagers':
      return T.bannerNoManagers;
    case 'reminder':
      return T.bannerReminder(count);
    case 'adminNotPickedUp':
      return T.bannerAdminNotPickedUp;
    case 'adminChannelFailed':
      return T.bannerAdminChannelFailed;
  }
}

/** The notice card of an escalation as it is now. */
export function noticeCardOf(
  record: EscalationRecord,
  timeZone: string,
  extra: { banner?: string; personalNotice?: string; personalNoticeTone?: 'Good' | 'Warning' } = {},
): AdaptiveCard {
  return escalationNoticeCard({
    escalationId: record.id,
    revision: record.revision,
    kind: record.kind,
    urgency: record.urgency,
    reporterLabel: isAnonymousKind(record) ? T.anonymousReporter : record.reporter.name,
    when: formatWhen(record.createdAt, timeZone),
    status: record.status,
    statusLine: statusLineOf(record, timeZone),
    meldcodeStep: meldcodeLineOf(record),
    ...extra,
  });
}

/** The Meldcode step of a client escalation as the notice shows it; undefined for other kinds. */
function meldcodeLineOf(record: EscalationRecord): string | undefined {
  const step = meldcodeStepOf(record);
  return step === undefined ? undefined : meldcodeStepLabel(step);
}

/** The 1:1 details card (client code, answers, notes) for a manager or the reporter. */
export function detailsCardOf(
  record: EscalationRecord,
  timeZone: string,
  viewerAadObjectId: string,
  personalNotice?: string,
  personalNoticeTone?: 'Good' | 'Warning',
): AdaptiveCard {
  return escalationDetailsCard({
    escalationId: record.id,
    revision: record.revision,
    kind: record.kind,
    urgency: record.urgency,
    reporterName: record.reporter.name,
    when: formatWhen(record.createdAt, timeZone),
    statusLine: statusLineOf(record, timeZone),
    clientCode: record.details?.clientCode,
    rows: record.details?.rows ?? [],
    canSeeTimeline: viewerAadObjectId !== record.reporter.aadObjectId,
    canStartAftercare: isAnonymousKind(record) && viewerAadObjectId !== record.reporter.aadObjectId,
    personalNotice,
    personalNoticeTone,
  });
}

/** The 1:1 timeline card. */
export function timelineCardOf(record: EscalationRecord, timeZone: string): AdaptiveCard {
  return escalationTimelineCard({
    kind: record.kind,
    lines: record.timeline.map((entry) => ({
      when: formatWhen(entry.at, timeZone),
      what:
        entry.action === 'reminder' && entry.count
          ? `${T.timelineActions.reminder} (${entry.count})`
          : entry.code
            ? `${T.timelineActions[entry.action]}: ${meldcodeCodeLabel(entry.code)}`
            : T.timelineActions[entry.action],
      who: entry.actorName ?? T.systemActor,
    })),
  });
}

/** A short message card by code. */
export function messageCardOf(
  code: MessageCode,
  record: EscalationRecord | undefined,
  timeZone: string,
): AdaptiveCard {
  const kind = record ? KIND_LABELS[record.kind] : '';
  const stamp = (s?: { name: string; at: string }) => ({
    name: s?.name ?? '',
    when: s ? formatWhen(s.at, timeZone) : '',
  });
  switch (code) {
    case 'reporterAcknowledged': {
      const s = stamp(record?.acknowledgedBy);
      return messageCard({ title: T.messageTitle, text: T.reporterAcknowledged(kind, s.name, s.when) });
    }
    case 'reporterResolved': {
      const s = stamp(record?.resolvedBy);
      return messageCard({ title: T.messageTitle, text: T.reporterResolved(kind, s.name, s.when) });
    }
    case 'reporterDirectToManagers':
      return messageCard({ title: T.messageTitle, text: T.reporterDirectToManagers(kind) });
    case 'reporterToAdmins':
      return messageCard({ title: T.messageTitle, text: T.reporterToAdmins(kind) });
    case 'reporterNotPickedUp':
      return messageCard({ title: T.messageTitle, text: T.reporterNotPickedUp(kind), call112: true });
    case 'refusedManagerOnly':
      return messageCard({ title: 'Baken', text: T.refusedManagerOnly });
  }
}

/** Renders an outbox instruction from the current record; details only ever for a 1:1 target. */
export function renderInstruction(
  render: RenderInstruction,
  record: EscalationRecord | undefined,
  timeZone: string,
  org: OrgSettings,
  now: Date,
): AdaptiveCard | undefined {
  if (render.card === 'message') return messageCardOf(render.message, record, timeZone);
  if (!record) return undefined;
  switch (render.card) {
    case 'notice':
      return noticeCardOf(
        record,
        timeZone,
        render.banner ? { banner: bannerText(render.banner, render.count) } : {},
      );
    case 'details':
      return detailsCardOf(record, timeZone, render.viewerAadObjectId);
    case 'timeline':
      return timelineCardOf(record, timeZone);
    case 'dossier':
      return dossierCardOf(record, org, timeZone);
    case 'meldcodeWalk':
      // Where the walk stands when it is sent; after a decision, the dossier summary instead.
      return record.status === 'resolved'
        ? dossierCardOf(record, org, timeZone)
        : walkCardOf(record, org, now);
    case 'reminder':
      return escalationReminderCard({ count: render.count, acuut: record.urgency === 'acuut' });
    case 'meldcodeReminder':
      return followUpCardOf(record, render, timeZone);
  }
}

/**
 * What a manager sees after pressing "Afgerond": what closing means, and "Ja, rond af" / "Nee, nog niet". The one
 * place that decides how an escalation closes (client escalations will close through the Meldcode walk instead).
 */
export function closeConfirmationOf(record: EscalationRecord): AdaptiveCard {
  const data = { action: 'escalation.resolve', ref: record.id } as const;
  return confirmCard({
    title: T.resolveConfirmTitle,
    lines: [...T.resolveConfirmLines],
    yes: { title: T.resolveConfirmYes, data },
    no: { title: T.resolveConfirmNo, data },
  });
}

/** What a confirmation adds for each kind: the team knows, but nobody outside it has been told yet. */
function notYetOutside(kind: EscalationKind): string | undefined {
  if (kind === 'test') return undefined;
  return kind === 'grensoverschrijdend_gedrag_medewerker' ? T.notYetAangifte : NOT_YET_A_MELDING;
}

/** A team name is cut to this length in a status line, so the line with its "nog geen melding" fits. */
const TEAM_NAME_MAX = 40;

/**
 * The reporter's status line for the flow summary: who knows now and when, and, for a client, that this is not yet
 * a melding at Veilig Thuis or the police.
 */
export function reporterStatusLine(record: EscalationRecord, teamName: string, timeZone: string): string {
  const when = formatWhen(record.createdAt, timeZone);
  const team =
    teamName.length > TEAM_NAME_MAX ? `${teamName.slice(0, TEAM_NAME_MAX - 1)}…` : teamName || 'je team';
  let line: string;
  if (record.delivery.status === 'failed') line = T.statusLineFailed;
  else if (record.route === 'channel') line = T.statusLineChannel(team, when);
  else if (record.route === 'managers') line = T.statusLineManagers(team, when);
  else line = T.statusLineAdmins(when);
  const outside = notYetOutside(record.kind);
  return (outside ? `${line} ${outside}` : line).slice(0, ESCALATION_STATUS_MAX);
}

/** A card as a message activity with the neutral preview. */
export function cardActivity(card: AdaptiveCard): OutboundActivity {
  return {
    type: 'message',
    summary: NEUTRAL_PREVIEW,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  };
}
