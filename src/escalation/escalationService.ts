import type { Clock } from '../clock';
import type { NewOutboxEntry, RenderInstruction, SendAddress } from '../delivery/outboxEntry';
import type { Outbox } from '../delivery/outbox';
import { escalationKeys, escalationPurpose, type EscalationPurpose } from '../delivery/outboxKeys';
import { escalationThread, userThread } from '../delivery/threads';
import type { DeliveryResult } from '../delivery/teamsPort';
import type { EscalationKind } from '../flows/flowSchema';
import { errorKind, type Logger } from '../logger';
import { ok, refused, type Ok, type Refused } from '../platform/outcome';
import { SYSTEM_ACTOR, type AuditSubject } from '../storage/auditLog';
import type { AuditTrail, Auditor } from '../storage/auditTrail';
import { CachedListing } from '../storage/cachedListing';
import { DocumentCollection } from '../storage/documentCollection';
import type { DocumentMetadata, DocumentStore } from '../storage/documentStore';
import { ConflictError } from '../storage/errors';
import type { TeamRecord } from '../teams/teamRecord';
import type { TeamStore } from '../teams/teamStore';
import {
  escalationDocName,
  escalationRecordSchema,
  newEscalationId,
  type ActorStamp,
  type EscalationDetails,
  type EscalationRecord,
  type NoticeRoute,
  type Origin,
  type Reporter,
  type TimelineEntry,
  type Urgency,
} from './escalationRecord';
import { escalationDocumentMetadata, followUpSettingsCode } from './escalationWake';
import { isAsleep } from '../storage/wakeMetadata';
import { applyMeldcode, type MeldcodeInput } from '../meldcode/meldcodeWalk';
import {
  claimFollowUp,
  followUpSubject,
  isFollowUpDue,
  lastFollowUp,
  nextFollowUp,
  type FollowUpMoment,
  type FollowUpSettings,
} from '../meldcode/meldcodeFollowUp';
import { inOfficeHours, localDay, type OfficeHours } from '../aftercare/localTime';
import { isClientKind, meldcodeStepOf } from '../meldcode/meldcodeSteps';
import { canManage, type Person, type Role, type RoleService } from '../platform/roles';

/** Timing of reminders, from config. */
export interface EscalationSettings {
  remindMinutes: number;
  remindAcuutMinutes: number;
  maxReminders: number;
  /** Days after pick-up without a Meldcode decision before the first follow-up reminder. */
  meldcodeDecisionDays: number;
  timeZone: string;
  /** Entra object ids of the aandachtsfunctionarissen: their pick-up and close are stamped so. */
  aandachtsfunctionarisIds?: readonly string[];
  /** Follow-up reminders of the Meldcode walk go out in office hours only. */
  officeHours: OfficeHours;
}

/** What the escalation service needs. */
export interface EscalationServiceDeps {
  escalations: DocumentStore;
  outbox: Outbox;
  teams: TeamStore;
  roles: RoleService;
  audit: AuditTrail;
  clock: Clock;
  logger: Logger;
  settings: EscalationSettings;
  /** Hears of escalations created and picked up (for the metrics). */
  events?: EscalationEvents;
}

/** What the metrics hear of escalations: counts and waiting times, nothing of their content. */
export interface EscalationEvents {
  created(): void;
  /** Picked up `waitedSeconds` after it was created. */
  pickedUp(waitedSeconds: number): void;
}

/** A request to escalate. */
export interface EscalateRequest {
  kind: EscalationKind;
  urgency: Urgency;
  teamId?: string;
  /** The team's record when the caller has just read it (saves a read); must be the record of `teamId`. */
  team?: TeamRecord;
  reporter: Reporter;
  /** The flow run or record it is about; makes a repeated request find the same escalation. */
  recordId?: string;
  details?: EscalationDetails;
  /** Where the reporter talks to the bot (for 1:1 messages when there is no team). */
  origin: Origin;
  /** The conversation the request came from (for the audit log). */
  conversationId?: string;
  /** The reporter's role, when known (for the audit log). */
  reporterRole?: Role;
}

/** Someone acting on an escalation, with the role the server found for them on the live roster. */
export interface Actor extends Person {
  role: Role | undefined;
  /** Where to reach them 1:1 (their turn's service URL and tenant). */
  address: SendAddress;
  conversationId?: string;
  /** When the answer to their press went out: updates of the pressed card are sent after it. */
  answered?: Promise<void>;
}

/** How an action on an escalation ended. */
export type ActionOutcome =
  | Ok<{ status: 'done' | 'already'; record: EscalationRecord }>
  | Refused<'refused', { record: EscalationRecord }>
  | Refused<'not_found'>;

const SYSTEM = { ...SYSTEM_ACTOR, role: 'system' as const };

/** What the scheduler keeps of an escalation between its passes. */
interface ReminderView {
  status: EscalationRecord['status'];
  deliveryPending: boolean;
  nextAt?: string;
  /** When the next Meldcode follow-up reminder is due (client escalations that were picked up). */
  followUp?: FollowUpMoment;
  /** A claimed follow-up reminder whose sends may not be in the outbox yet. */
  followUpPending: boolean;
}

/**
 * Escalations, without botbuilder types: the record is written first (If-None-Match), then every send is
 * recorded in the outbox; changes are ETag-checked; every read and change goes to the audit log.
 */
export class EscalationService {
  /** Of every escalation, what the scheduler needs to see whether it has work to do (no client data). */
  private readonly reminderView: CachedListing<typeof escalationRecordSchema, ReminderView>;

  private readonly followUp: FollowUpSettings;

  /** The escalation records, typed by their schema on write as on read. */
  private readonly records: DocumentCollection<typeof escalationRecordSchema>;

  constructor(private readonly deps: EscalationServiceDeps) {
    this.records = new DocumentCollection(deps.escalations, escalationRecordSchema);
    const { meldcodeDecisionDays, timeZone, officeHours } = deps.settings;
    this.followUp = { decisionDays: meldcodeDecisionDays, timeZone, officeHours };
    this.reminderView = new CachedListing(deps.escalations, escalationRecordSchema, (record) => {
      const next = nextFollowUp(record, this.followUp);
      return {
        status: record.status,
        deliveryPending: record.delivery.status === 'pending',
        nextAt: record.reminders.nextAt,
        followUp: next ? { notBefore: next.notBefore, day: next.day } : undefined,
        followUpPending: record.meldcodeFollowUp?.pending === true,
      };
    });
  }

  /** Creates the escalation record and records its notice for delivery. A repeat returns the same escalation. */
  async escalate(request: EscalateRequest): Promise<EscalationRecord> {
    const { clock, teams, roles } = this.deps;
    const now = clock.now();
    const known = request.team?.teamId === request.teamId ? request.team : undefined;
    const team = request.teamId ? (known ?? (await teams.get(request.teamId))) : undefined;
    const route: NoticeRoute = team?.escalationChannel
      ? 'channel'
      : team && team.managers.length > 0
        ? 'managers'
        : 'admins';
    const unreachable = route === 'admins' && roles.admins().length === 0;
    const record: EscalationRecord = escalationRecordSchema.parse({
      id: newEscalationId(request.reporter.aadObjectId, request.recordId),
      kind: request.kind,
      urgency: request.urgency,
      teamId: team?.teamId,
      recordId: request.recordId,
      reporter: request.reporter,
      origin: request.origin,
      details: request.details,
      createdAt: now.toISOString(),
      status: 'open',
      route,
      channelId: route === 'channel' ? team?.escalationChannel?.channelId : undefined,
      delivery: { status: unreachable ? 'failed' : 'pending', at: now.toISOString() },
      reminders: { count: 0, nextAt: this.nextReminderAt(request.urgency, now) },
      timeline: [
        {
          at: now.toISOString(),
          actorId: request.reporter.aadObjectId,
          actorName: request.reporter.name,
          action: 'created',
        },
      ],
      revision: 0,
    });
    // The record first, then its sends: a notice entry never exists without its escalation (recording both at
    // once saved a round trip, but a failed record write could leave a notice that a retry never sent).
    let stored = record;
    let created = true;
    try {
      await this.records.create(
        escalationDocName(record.id),
        record,
        escalationDocumentMetadata(record, this.followUp),
      );
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      created = false;
    }
    if (created) this.deps.events?.created();
    // A repeat (double click, retried turn): the escalation exists; make sure its notice is recorded.
    if (!created) stored = (await this.get(record.id)) ?? record;
    // The notice's outbox entry and the audit line at once: the notice need not wait for the audit log.
    const [, withNotice] = await Promise.all([
      created
        ? this.deps.audit.write(escalationSubject('escalation.create', record), reporterAuditor(request))
        : undefined,
      stored.delivery.status === 'pending' ? this.enqueueNotice(stored, team) : stored,
    ]);
    return withNotice;
  }

  /** The escalation, or undefined. */
  async get(id: string): Promise<EscalationRecord | undefined> {
    if (!escalationRecordSchema.shape.id.safeParse(id).success) return undefined;
    return (await this.records.read(escalationDocName(id)))?.value;
  }

  /** A manager or admin picks the escalation up: the channel card is updated and the reporter told 1:1. */
  async acknowledge(id: string, actor: Actor): Promise<ActionOutcome> {
    return this.changeStatus(id, actor, 'acknowledged');
  }

  /** A manager or admin closes the escalation. */
  async resolve(id: string, actor: Actor): Promise<ActionOutcome> {
    return this.changeStatus(id, actor, 'resolved');
  }

  /** Sends the details 1:1 to a manager, admin or the reporter (`requestId` makes a retried press send once). */
  async requestDetails(id: string, actor: Actor, requestId: string): Promise<ActionOutcome> {
    const record = await this.get(id);
    if (!record) return refused('not_found');
    const allowed = canManage(actor.role) || actor.aadObjectId === record.reporter.aadObjectId;
    await this.deps.audit.write(
      escalationSubject('escalation.details', record),
      auditorOf(actor),
      allowed ? 'ok' : 'refused',
    );
    if (!allowed) return refused('refused', { record });
    await this.deps.outbox.enqueue([
      this.personalEntry(record, escalationPurpose.details(requestId), actor, actor.address, {
        card: 'details',
        escalationId: record.id,
        viewerAadObjectId: actor.aadObjectId,
      }),
    ]);
    return ok({ status: 'done', record });
  }

  /**
   * Sends the Meldcode walk of a client escalation 1:1 to a manager of its team (who pressed "Afgerond" in the
   * channel): there the walk's cards are answered in place, and no update of the shared notice replaces them.
   */
  async requestWalk(id: string, actor: Actor, requestId: string): Promise<ActionOutcome> {
    const record = await this.get(id);
    if (!record || !isClientKind(record.kind)) return refused('not_found');
    const allowed = canManage(actor.role);
    await this.deps.audit.write(
      escalationSubject('meldcode.open', record),
      auditorOf(actor),
      allowed ? 'ok' : 'refused',
    );
    if (!allowed) return refused('refused', { record });
    await this.deps.outbox.enqueue(
      [
        this.personalEntry(record, escalationPurpose.walk(requestId), actor, actor.address, {
          card: 'meldcodeWalk',
          escalationId: record.id,
        }),
      ],
      { deliverAfter: actor.answered },
    );
    return ok({ status: 'done', record });
  }

  /** Sends the timeline 1:1 to a manager or admin. */
  async requestTimeline(id: string, actor: Actor, requestId: string): Promise<ActionOutcome> {
    const record = await this.get(id);
    if (!record) return refused('not_found');
    const allowed = canManage(actor.role);
    await this.deps.audit.write(
      escalationSubject('escalation.timeline', record),
      auditorOf(actor),
      allowed ? 'ok' : 'refused',
    );
    if (!allowed) return refused('refused', { record });
    await this.deps.outbox.enqueue([
      this.personalEntry(record, escalationPurpose.timeline(requestId), actor, actor.address, {
        card: 'timeline',
        escalationId: record.id,
      }),
    ]);
    return ok({ status: 'done', record });
  }

  /**
   * One scheduler pass: for each open escalation whose reminder is due, claim it by an ETag-conditional update of
   * its reminder state, and only then record the reminders; the same for the Meldcode follow-up of escalations
   * that were picked up. Decided from the listing: a pass with nothing due reads no escalation. Returns how many
   * reminders this instance claimed.
   */
  async remindDue(): Promise<number> {
    const { clock, logger } = this.deps;
    let claimed = 0;
    const started = clock.now();
    // Outside office hours no follow-up is claimed or recorded (one cut short by a crash is recorded next morning).
    const { officeHours, timeZone } = this.followUp;
    const followUpHours = inOfficeHours(started, officeHours, timeZone);
    // Escalations whose metadata says they have nothing to do yet are skipped from the listing, unread.
    const check = {
      now: started.getTime(),
      today: localDay(started, timeZone),
      officeHours: followUpHours,
      settings: followUpSettingsCode(this.followUp),
    };
    const asleep = (metadata: DocumentMetadata | undefined) => isAsleep(metadata, check);
    for (const doc of await this.reminderView.all(asleep)) {
      const name = doc.name;
      try {
        if ('error' in doc) throw doc.error;
        // Most escalations are closed or not due: only those with work to do are read in full.
        const { status, deliveryPending, nextAt, followUp, followUpPending } = doc.value;
        const due = status === 'open' && nextAt !== undefined && Date.parse(nextAt) <= started.getTime();
        const followUpDue =
          followUpHours &&
          (followUpPending || (followUp !== undefined && isFollowUpDue(followUp, started, this.followUp)));
        if (!deliveryPending && !due && !followUpDue) continue;
        const record = (await this.records.read(name))?.value;
        if (!record) continue;
        if (deliveryPending || due) claimed += await this.remindOpen(record);
        if (followUpDue) claimed += await this.remindMeldcode(record);
      } catch (err) {
        logger.error('reminder_failed', { escalation: name, error: errorKind(err) });
      }
    }
    return claimed;
  }

  /** The notice and re-escalation of an open escalation: settles its notice, then claims a due reminder. */
  private async remindOpen(record: EscalationRecord): Promise<number> {
    const { clock, logger } = this.deps;
    if (record.delivery.status === 'pending') await this.settleNotice(record);
    if (record.status !== 'open') return 0;
    if (record.delivery.status === 'pending') await this.enqueueNotice(record, undefined, false);
    if (!this.isDue(record)) return 0;
    const now = clock.now();
    const change = await this.change(record.id, (current) => {
      if (current.status !== 'open' || !this.isDue(current)) return undefined;
      const exhausted = current.reminders.count >= this.deps.settings.maxReminders;
      const at = now.toISOString();
      return {
        ...current,
        reminders: exhausted
          ? { count: current.reminders.count, exhaustedAt: at }
          : { count: current.reminders.count + 1, nextAt: this.nextReminderAt(current.urgency, now) },
        timeline: [
          ...current.timeline,
          exhausted
            ? { at, actorId: SYSTEM.aadObjectId, actorName: SYSTEM.name, action: 'admins_told' as const }
            : {
                at,
                actorId: SYSTEM.aadObjectId,
                actorName: SYSTEM.name,
                action: 'reminder' as const,
                count: current.reminders.count + 1,
              },
        ],
        revision: current.revision + 1,
      };
    });
    if (!change.applied || !change.record) {
      // Another instance changed it between our read and our write: it sends the reminder, we do not.
      logger.info('reminder_claim_lost', { escalation: record.id });
      return 0;
    }
    logger.info('reminder_claimed', { escalation: record.id, count: change.record.reminders.count });
    await this.enqueueReminder(change.record);
    return 1;
  }

  /**
   * The Meldcode follow-up of a picked-up client escalation: first records the sends of a reminder claimed by an
   * earlier pass that stopped in between, then claims a due reminder (an ETag-conditional write that marks it sent
   * today) and only then records its sends, under fixed keys: a restart or a second instance never sends twice.
   */
  private async remindMeldcode(record: EscalationRecord): Promise<number> {
    const { clock, logger } = this.deps;
    if (record.meldcodeFollowUp?.pending) await this.enqueueFollowUp(record);
    const now = clock.now();
    const change = await this.change(
      record.id,
      (current) => claimFollowUp(current, now, this.followUp)?.record,
    );
    if (!change.applied || !change.record) {
      if (claimFollowUp(record, now, this.followUp)) {
        logger.info('meldcode_reminder_claim_lost', { escalation: record.id });
      }
      return 0;
    }
    logger.info('meldcode_reminder_claimed', { escalation: record.id });
    await this.enqueueFollowUp(change.record);
    return 1;
  }

  /** Records the sends of the last claimed follow-up reminder (idempotent keys), audits it and clears `pending`. */
  private async enqueueFollowUp(record: EscalationRecord): Promise<void> {
    const reminder = lastFollowUp(record);
    const subject = followUpSubject(record, this.followUp);
    if (reminder && subject) {
      const team = record.teamId ? await this.deps.teams.get(record.teamId) : undefined;
      const purpose = escalationPurpose.meldcodeReminder(reminder.kind, reminder.count);
      const render: RenderInstruction = {
        card: 'meldcodeReminder',
        escalationId: record.id,
        kind: reminder.kind,
        to: reminder.to,
        count: reminder.count,
      };
      const entries =
        reminder.to === 'person'
          ? [
              this.personalEntry(
                record,
                purpose,
                { aadObjectId: subject.personId },
                team ? teamAddress(team) : record.origin,
                render,
              ),
            ]
          : team && team.managers.length > 0
            ? this.managerEntries(record, team, purpose, render)
            : this.adminEntries(record, team, purpose, render);
      const created = await this.deps.outbox.enqueue(entries);
      if (created > 0) {
        await this.deps.audit.write(escalationSubject(`meldcode.remind.${reminder.kind}`, record));
      }
    }
    await this.change(record.id, (current) =>
      current.meldcodeFollowUp?.pending
        ? { ...current, meldcodeFollowUp: { ...current.meldcodeFollowUp, pending: false } }
        : undefined,
    );
  }

  /** Delivery: the channel notice was posted; remember where (for updates and replies) and show it on the record. */
  async noticeDelivered(escalationId: string, result: DeliveryResult): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    const change = await this.change(escalationId, (current) =>
      current.notice
        ? undefined
        : {
            ...current,
            notice: result,
            delivery: { status: 'in_channel', at },
            timeline: [...current.timeline, this.systemLine('notice_posted', at)],
            revision: current.revision + 1,
          },
    );
    if (change.applied && change.record)
      await this.deps.audit.write(escalationSubject('escalation.notice_posted', change.record));
  }

  /**
   * Delivery: the channel refused the notice for good (403 bot removed, 404 channel gone, or retries used up):
   * the managers get it 1:1 and the admins are told.
   */
  async noticeFailed(escalationId: string): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    const team = await this.teamOf(escalationId);
    const change = await this.change(escalationId, (current) =>
      current.delivery.status !== 'pending'
        ? undefined
        : {
            ...current,
            delivery: {
              status: team && team.managers.length > 0 ? 'direct_to_managers' : 'direct_to_admins',
              at,
            },
            timeline: [...current.timeline, this.systemLine('notice_failed', at)],
            revision: current.revision + 1,
          },
    );
    const record = change.record;
    if (!change.applied || !record) return;
    const entries = [
      ...this.managerEntries(record, team, escalationPurpose.noticeFallback, {
        card: 'notice',
        escalationId,
        banner: 'channelFailed',
      }),
      ...this.adminEntries(record, team, escalationPurpose.channelFailed, {
        card: 'notice',
        escalationId,
        banner: 'adminChannelFailed',
      }),
    ];
    await this.deps.outbox.enqueue(entries);
    await this.deps.audit.write(escalationSubject('escalation.notice_failed', record));
  }

  /**
   * The dispatcher marks a notice sent (or failed for good) before it tells the record; a process that dies in
   * between leaves the record without its notice's place (or without the fallback to the managers 1:1). Both steps
   * are idempotent, so the scheduler pass repeats the one that was missed.
   */
  private async settleNotice(record: EscalationRecord): Promise<void> {
    if (record.route !== 'channel') return;
    const notice = (await this.deps.outbox.get(escalationKeys.notice(record.id)))?.value;
    if (notice?.status === 'sent' && notice.result) await this.noticeDelivered(record.id, notice.result);
    else if (notice?.status === 'failed') await this.noticeFailed(record.id);
  }

  private async changeStatus(
    id: string,
    actor: Actor,
    to: 'acknowledged' | 'resolved',
  ): Promise<ActionOutcome> {
    const action = to === 'acknowledged' ? 'escalation.acknowledge' : 'escalation.resolve';
    const before = await this.get(id);
    if (!before) return refused('not_found');
    if (!canManage(actor.role)) {
      await this.deps.audit.write(escalationSubject(action, before), auditorOf(actor), 'refused');
      return refused('refused', { record: before });
    }
    const at = this.deps.clock.now().toISOString();
    const stamp = this.stampOf(actor, at);
    const change = await this.change(id, (current) => {
      if (current.status === 'resolved' || current.status === to) return undefined;
      return {
        ...current,
        status: to,
        ...(to === 'acknowledged' ? { acknowledgedBy: stamp } : { resolvedBy: stamp }),
        reminders: { ...current.reminders, nextAt: undefined },
        timeline: [
          ...current.timeline,
          { at, actorId: actor.aadObjectId, actorName: actor.name, action: to },
        ],
        revision: current.revision + 1,
      };
    });
    const record = change.record ?? before;
    if (!change.applied) {
      await this.deps.audit.write(escalationSubject(`${action}.already`, record), auditorOf(actor));
      return ok({ status: 'already', record });
    }
    if (to === 'acknowledged')
      this.deps.events?.pickedUp((Date.parse(at) - Date.parse(record.createdAt)) / 1000);
    await this.announce(record, actor, to);
    await this.deps.audit.write(escalationSubject(action, record), auditorOf(actor));
    return ok({ status: 'done', record });
  }

  /** Who did something and when, marked when they are an aandachtsfunctionaris. */
  private stampOf(actor: Actor, at: string): ActorStamp {
    const af = this.deps.settings.aandachtsfunctionarisIds?.includes(actor.aadObjectId);
    return {
      aadObjectId: actor.aadObjectId,
      name: actor.name,
      at,
      ...(af ? { aandachtsfunctionaris: true } : {}),
    };
  }

  /**
   * Shows a change: the channel notice and its 1:1 copies are updated in place, and the reporter is told when it
   * was picked up or closed. The pressed card is replaced for the presser by the press's answer: update after it.
   */
  private async announce(
    record: EscalationRecord,
    actor: Actor,
    told?: 'acknowledged' | 'resolved',
  ): Promise<void> {
    const entries: NewOutboxEntry[] = [];
    if (record.route === 'channel') {
      entries.push({
        key: escalationKeys.noticeUpdate(record.id, record.revision),
        thread: escalationThread(record.id),
        escalationId: record.id,
        target: { kind: 'noticeUpdate', escalationId: record.id },
        render: { card: 'notice', escalationId: record.id },
      });
    }
    // The 1:1 copies of the notice (no channel, channel gone, reminders) show the new status too.
    for (const copy of await this.deps.outbox.withPrefix(escalationKeys.prefix(record.id))) {
      if (copy.status !== 'sent' || copy.target.kind !== 'personal' || copy.render.card !== 'notice')
        continue;
      entries.push({
        key: escalationKeys.copyUpdate(record.id, record.revision, copy.key),
        thread: copy.thread,
        escalationId: record.id,
        target: { kind: 'activityUpdate', sourceKey: copy.key },
        render: { card: 'notice', escalationId: record.id },
      });
    }
    if (told) {
      entries.push(
        this.reporterEntry(record, escalationPurpose.reporter(told), {
          card: 'message',
          message: told === 'acknowledged' ? 'reporterAcknowledged' : 'reporterResolved',
          escalationId: record.id,
        }),
      );
    }
    await this.deps.outbox.enqueue(entries, { deliverAfter: actor.answered });
  }

  /**
   * Records one answer or the decision of the Meldcode walk of a client escalation (managers of its team only).
   * The first answer picks the escalation up; a decision other than "hulp" closes it. An answer the walk is not
   * at (a stale card, or a colleague was first) changes nothing and says where the walk stands.
   */
  async recordMeldcode(id: string, actor: Actor, input: MeldcodeInput): Promise<ActionOutcome> {
    const before = await this.get(id);
    if (!before || !isClientKind(before.kind)) return refused('not_found');
    if (!canManage(actor.role)) {
      await this.deps.audit.write(escalationSubject('meldcode.answer', before), auditorOf(actor), 'refused');
      return refused('refused', { record: before });
    }
    const at = this.deps.clock.now().toISOString();
    const stamp = this.stampOf(actor, at);
    const change = await this.change(id, (current) => {
      const walked = applyMeldcode(current, input, { byId: actor.aadObjectId, byName: actor.name, at });
      if (!walked) return undefined;
      const closes = 'decision' in input && input.decision !== 'hulp';
      return {
        ...walked,
        ...(current.status === 'open' ? { status: 'acknowledged' as const, acknowledgedBy: stamp } : {}),
        ...(closes ? { status: 'resolved' as const, resolvedBy: stamp } : {}),
        reminders: { ...current.reminders, nextAt: undefined },
        revision: current.revision + 1,
      };
    });
    const record = change.record ?? before;
    const code = 'decision' in input ? input.decision : `${input.question}.${input.answer}`;
    if (!change.applied) {
      await this.deps.audit.write(escalationSubject('meldcode.answer.already', record), auditorOf(actor));
      return ok({ status: 'already', record });
    }
    const told =
      record.status === 'resolved' ? 'resolved' : before.status === 'open' ? 'acknowledged' : undefined;
    if (told || meldcodeStepOf(record) !== meldcodeStepOf(before)) await this.announce(record, actor, told);
    if (record.status === 'resolved') {
      // The decision closed it: the reporter gets "Voor het dossier" 1:1 too (who decided sees it as the answer).
      await this.deps.outbox.enqueue(
        [this.reporterEntry(record, escalationPurpose.dossier, { card: 'dossier', escalationId: record.id })],
        { deliverAfter: actor.answered },
      );
      await this.deps.audit.write(escalationSubject('meldcode.dossier', record), auditorOf(actor));
      await this.deps.audit.write(escalationSubject('meldcode.dossier.melder', record));
    }
    const verb = 'decision' in input ? 'besluit' : 'antwoord';
    await this.deps.audit.write(escalationSubject(`meldcode.${verb}.${code}`, record), auditorOf(actor));
    return ok({ status: 'done', record });
  }

  /** The entry of the notice in the team's escalation channel, when that is the escalation's route. */
  private channelNotice(record: EscalationRecord, team: TeamRecord | undefined): NewOutboxEntry | undefined {
    if (record.route !== 'channel' || !team || !record.channelId) return undefined;
    return {
      key: escalationKeys.notice(record.id),
      thread: escalationThread(record.id),
      escalationId: record.id,
      target: {
        kind: 'channelThread',
        address: teamAddress(team),
        teamId: team.teamId,
        channelId: record.channelId,
      },
      render: { card: 'notice', escalationId: record.id },
    };
  }

  /** Records the notice's sends for the escalation's route; idempotent (fixed keys). */
  private async enqueueNotice(
    record: EscalationRecord,
    knownTeam?: TeamRecord,
    updateStatus = true,
  ): Promise<EscalationRecord> {
    const team = knownTeam ?? (record.teamId ? await this.deps.teams.get(record.teamId) : undefined);
    const render = (banner?: 'noChannel' | 'noTeam' | 'noManagers'): RenderInstruction => ({
      card: 'notice',
      escalationId: record.id,
      ...(banner ? { banner } : {}),
    });
    const notice = this.channelNotice(record, team);
    if (notice) {
      await this.deps.outbox.enqueue([notice]);
      return record;
    }
    const toManagers = record.route === 'managers' && team !== undefined && team.managers.length > 0;
    const entries = toManagers
      ? this.managerEntries(record, team, escalationPurpose.notice, render('noChannel'))
      : this.adminEntries(record, team, escalationPurpose.notice, render(team ? 'noManagers' : 'noTeam'));
    entries.push(
      this.reporterEntry(record, escalationPurpose.reporter('routed'), {
        card: 'message',
        message: toManagers ? 'reporterDirectToManagers' : 'reporterToAdmins',
        escalationId: record.id,
      }),
    );
    await this.deps.outbox.enqueue(entries);
    if (!updateStatus) return record;
    const at = this.deps.clock.now().toISOString();
    const change = await this.change(record.id, (current) =>
      current.delivery.status !== 'pending'
        ? undefined
        : {
            ...current,
            delivery: { status: toManagers ? 'direct_to_managers' : 'direct_to_admins', at },
            timeline: [...current.timeline, this.systemLine('notice_direct', at)],
            revision: current.revision + 1,
          },
    );
    return change.record ?? record;
  }

  /** Records a claimed reminder (or, after the last one, the message to admins and reporter). */
  private async enqueueReminder(record: EscalationRecord): Promise<void> {
    const team = record.teamId ? await this.deps.teams.get(record.teamId) : undefined;
    const entries: NewOutboxEntry[] = [];
    if (record.reminders.exhaustedAt) {
      entries.push(
        ...this.adminEntries(record, team, escalationPurpose.notPickedUp, {
          card: 'notice',
          escalationId: record.id,
          banner: 'adminNotPickedUp',
        }),
        this.reporterEntry(record, escalationPurpose.reporter('not-picked-up'), {
          card: 'message',
          message: 'reporterNotPickedUp',
          escalationId: record.id,
        }),
      );
      await this.deps.outbox.enqueue(entries);
      await this.deps.audit.write(escalationSubject('escalation.admins_told', record));
      return;
    }
    const count = record.reminders.count;
    if (
      record.route === 'channel' &&
      (record.delivery.status === 'pending' || record.delivery.status === 'in_channel')
    ) {
      entries.push({
        key: escalationKeys.threadReminder(record.id, count),
        thread: escalationThread(record.id),
        escalationId: record.id,
        target: { kind: 'noticeReply', escalationId: record.id },
        render: { card: 'reminder', escalationId: record.id, count },
      });
    }
    const render: RenderInstruction = { card: 'notice', escalationId: record.id, banner: 'reminder', count };
    if (team && team.managers.length > 0)
      entries.push(...this.managerEntries(record, team, escalationPurpose.reminder(count), render));
    else entries.push(...this.adminEntries(record, team, escalationPurpose.reminder(count), render));
    await this.deps.outbox.enqueue(entries);
    await this.deps.audit.write(escalationSubject('escalation.remind', record));
  }

  private managerEntries(
    record: EscalationRecord,
    team: TeamRecord | undefined,
    purpose: EscalationPurpose,
    render: RenderInstruction,
  ): NewOutboxEntry[] {
    if (!team) return [];
    return team.managers.map((manager) => ({
      key: escalationKeys.toManager(record.id, purpose, manager.aadObjectId),
      thread: userThread(manager.aadObjectId),
      escalationId: record.id,
      target: {
        kind: 'personal' as const,
        address: teamAddress(team),
        aadObjectId: manager.aadObjectId,
        memberOf: team.teamId,
      },
      render,
    }));
  }

  private adminEntries(
    record: EscalationRecord,
    team: TeamRecord | undefined,
    purpose: EscalationPurpose,
    render: RenderInstruction,
  ): NewOutboxEntry[] {
    const address = team ? teamAddress(team) : record.origin;
    return this.deps.roles.admins().map((aadObjectId) => ({
      key: escalationKeys.toAdmin(record.id, purpose, aadObjectId),
      thread: userThread(aadObjectId),
      escalationId: record.id,
      target: { kind: 'personal' as const, address, aadObjectId },
      render,
    }));
  }

  private reporterEntry(
    record: EscalationRecord,
    purpose: EscalationPurpose,
    render: RenderInstruction,
  ): NewOutboxEntry {
    return this.personalEntry(record, purpose, record.reporter, record.origin, render);
  }

  private personalEntry(
    record: EscalationRecord,
    purpose: EscalationPurpose,
    person: Pick<Person, 'aadObjectId'> & Partial<Pick<Person, 'userId'>>,
    address: SendAddress,
    render: RenderInstruction,
  ): NewOutboxEntry {
    return {
      key: escalationKeys.toPerson(record.id, purpose),
      thread: userThread(person.aadObjectId),
      escalationId: record.id,
      target: { kind: 'personal', address, aadObjectId: person.aadObjectId, userId: person.userId },
      render,
    };
  }

  private isDue(record: EscalationRecord): boolean {
    const nextAt = record.reminders.nextAt;
    return nextAt !== undefined && Date.parse(nextAt) <= this.deps.clock.now().getTime();
  }

  private nextReminderAt(urgency: Urgency, from: Date): string {
    const { remindMinutes, remindAcuutMinutes } = this.deps.settings;
    const minutes = urgency === 'acuut' ? remindAcuutMinutes : remindMinutes;
    return new Date(from.getTime() + minutes * 60_000).toISOString();
  }

  private systemLine(action: TimelineEntry['action'], at: string): TimelineEntry {
    return { at, actorId: SYSTEM.aadObjectId, actorName: SYSTEM.name, action };
  }

  private async teamOf(escalationId: string): Promise<TeamRecord | undefined> {
    const record = await this.get(escalationId);
    return record?.teamId ? this.deps.teams.get(record.teamId) : undefined;
  }

  /** ETag-checked change; `applied` says whether this call's change is the one stored. */
  private async change(
    id: string,
    fn: (current: EscalationRecord) => EscalationRecord | undefined,
  ): Promise<{ record: EscalationRecord | undefined; applied: boolean }> {
    let applied = false;
    const record = await this.records.update(
      escalationDocName(id),
      (current) => {
        applied = false;
        if (!current) return undefined;
        const next = fn(current);
        applied = next !== undefined;
        return next;
      },
      // Status, kind, when it was resolved and when it next needs the scheduler, in the same write.
      { metadata: (record) => escalationDocumentMetadata(record, this.followUp) },
    );
    return { record, applied };
  }
}

/** What an audit line about the escalation names. */
function escalationSubject(action: string, record: EscalationRecord): AuditSubject {
  return { action, objectType: 'escalation', objectId: record.id, teamId: record.teamId };
}

/** The reporter as the audit log names them. */
function reporterAuditor(request: EscalateRequest): Auditor {
  return {
    ...request.reporter,
    conversationId: request.conversationId,
    role: request.reporterRole ?? 'staff',
  };
}

/** Someone acting on an escalation as the audit log names them. */
function auditorOf(actor: Actor): Auditor {
  return { ...actor, role: actor.role ?? 'unknown' };
}

/** Where to start proactive conversations in a team. */
export function teamAddress(team: TeamRecord): SendAddress {
  return {
    serviceUrl: team.general.serviceUrl,
    tenantId: team.general.tenantId ?? team.tenantId,
    botId: team.general.botId,
  };
}
