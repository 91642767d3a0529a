import type { Clock } from '../clock';
import type { NewOutboxEntry, RenderInstruction, SendAddress } from '../delivery/outboxEntry';
import type { Outbox } from '../delivery/outbox';
import type { DeliveryResult } from '../delivery/teamsPort';
import type { EscalationKind } from '../flows/flowSchema';
import { errorKind, type Logger } from '../logger';
import { SYSTEM_ACTOR, auditLine, type AuditEntry, type AuditLog } from '../storage/auditLog';
import { CachedListing } from '../storage/cachedListing';
import type { DocumentStore } from '../storage/documentStore';
import { ConflictError } from '../storage/errors';
import type { TeamRecord } from '../teams/teamRecord';
import type { TeamStore } from '../teams/teamStore';
import {
  escalationDocName,
  escalationRecordSchema,
  newEscalationId,
  type EscalationDetails,
  type EscalationRecord,
  type NoticeRoute,
  type Origin,
  type Reporter,
  type TimelineEntry,
  type Urgency,
} from './escalationRecord';
import { canManage, type Person, type Role, type RoleService } from './roles';

/** Timing of reminders, from config. */
export interface EscalationSettings {
  remindMinutes: number;
  remindAcuutMinutes: number;
  maxReminders: number;
  timeZone: string;
}

/** What the escalation service needs. */
export interface EscalationServiceDeps {
  escalations: DocumentStore;
  outbox: Outbox;
  teams: TeamStore;
  roles: RoleService;
  audit: AuditLog;
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
  | { kind: 'done'; record: EscalationRecord }
  | { kind: 'already'; record: EscalationRecord }
  | { kind: 'refused'; record: EscalationRecord }
  | { kind: 'notFound' };

const SYSTEM = { ...SYSTEM_ACTOR, role: 'system' as const };

/** What the scheduler keeps of an escalation between its passes. */
interface ReminderView {
  status: EscalationRecord['status'];
  deliveryPending: boolean;
  nextAt?: string;
}

/**
 * Escalations, without botbuilder types: the record is written first (If-None-Match), then every send is
 * recorded in the outbox; changes are ETag-checked; every read and change goes to the audit log.
 */
export class EscalationService {
  /** Of every escalation, what the scheduler needs to see whether it has work to do (no client data). */
  private readonly reminderView: CachedListing<typeof escalationRecordSchema, ReminderView>;

  constructor(private readonly deps: EscalationServiceDeps) {
    this.reminderView = new CachedListing(deps.escalations, escalationRecordSchema, (record) => ({
      status: record.status,
      deliveryPending: record.delivery.status === 'pending',
      nextAt: record.reminders.nextAt,
    }));
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
      await this.deps.escalations.create(escalationDocName(record.id), record);
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
        ? this.audit('escalation.create', record, reporterActor(request), request.conversationId)
        : undefined,
      stored.delivery.status === 'pending' ? this.enqueueNotice(stored, team) : stored,
    ]);
    return withNotice;
  }

  /** The escalation, or undefined. */
  async get(id: string): Promise<EscalationRecord | undefined> {
    if (!escalationRecordSchema.shape.id.safeParse(id).success) return undefined;
    return (await this.deps.escalations.read(escalationDocName(id), escalationRecordSchema))?.value;
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
    if (!record) return { kind: 'notFound' };
    const allowed = canManage(actor.role) || actor.aadObjectId === record.reporter.aadObjectId;
    await this.audit('escalation.details', record, actor, actor.conversationId, allowed ? 'ok' : 'refused');
    if (!allowed) return { kind: 'refused', record };
    await this.deps.outbox.enqueue([
      this.personalEntry(record, `details:${requestId}`, actor, actor.address, {
        card: 'details',
        escalationId: record.id,
        viewerAadObjectId: actor.aadObjectId,
      }),
    ]);
    return { kind: 'done', record };
  }

  /** Sends the timeline 1:1 to a manager or admin. */
  async requestTimeline(id: string, actor: Actor, requestId: string): Promise<ActionOutcome> {
    const record = await this.get(id);
    if (!record) return { kind: 'notFound' };
    const allowed = canManage(actor.role);
    await this.audit('escalation.timeline', record, actor, actor.conversationId, allowed ? 'ok' : 'refused');
    if (!allowed) return { kind: 'refused', record };
    await this.deps.outbox.enqueue([
      this.personalEntry(record, `timeline:${requestId}`, actor, actor.address, {
        card: 'timeline',
        escalationId: record.id,
      }),
    ]);
    return { kind: 'done', record };
  }

  /**
   * One scheduler pass: for each open escalation whose reminder is due, claim it by an ETag-conditional update of
   * its reminder state, and only then record the reminders. Returns how many this instance claimed.
   */
  async remindDue(): Promise<number> {
    const { escalations, clock, logger } = this.deps;
    let claimed = 0;
    const startedAt = clock.now().getTime();
    for (const doc of await this.reminderView.all()) {
      const name = doc.name;
      try {
        if ('error' in doc) throw doc.error;
        // Most escalations are closed or not due: only those with work to do are read in full.
        const { status, deliveryPending, nextAt } = doc.value;
        const due = status === 'open' && nextAt !== undefined && Date.parse(nextAt) <= startedAt;
        if (!deliveryPending && !due) continue;
        const record = (await escalations.read(name, escalationRecordSchema))?.value;
        if (!record) continue;
        if (record.delivery.status === 'pending') await this.settleNotice(record);
        if (record.status !== 'open') continue;
        if (record.delivery.status === 'pending') await this.enqueueNotice(record, undefined, false);
        if (!this.isDue(record)) continue;
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
          continue;
        }
        logger.info('reminder_claimed', { escalation: record.id, count: change.record.reminders.count });
        claimed++;
        await this.enqueueReminder(change.record);
      } catch (err) {
        logger.error('reminder_failed', { escalation: name, error: errorKind(err) });
      }
    }
    return claimed;
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
    if (change.applied && change.record) await this.audit('escalation.notice_posted', change.record, SYSTEM);
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
      ...this.managerEntries(record, team, 'notice-fallback', {
        card: 'notice',
        escalationId,
        banner: 'channelFailed',
      }),
      ...this.adminEntries(record, team, 'channel-failed', {
        card: 'notice',
        escalationId,
        banner: 'adminChannelFailed',
      }),
    ];
    await this.deps.outbox.enqueue(entries);
    await this.audit('escalation.notice_failed', record, SYSTEM);
  }

  /**
   * The dispatcher marks a notice sent (or failed for good) before it tells the record; a process that dies in
   * between leaves the record without its notice's place (or without the fallback to the managers 1:1). Both steps
   * are idempotent, so the scheduler pass repeats the one that was missed.
   */
  private async settleNotice(record: EscalationRecord): Promise<void> {
    if (record.route !== 'channel') return;
    const notice = (await this.deps.outbox.get(`${record.id}:notice`))?.value;
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
    if (!before) return { kind: 'notFound' };
    if (!canManage(actor.role)) {
      await this.audit(action, before, actor, actor.conversationId, 'refused');
      return { kind: 'refused', record: before };
    }
    const at = this.deps.clock.now().toISOString();
    const stamp = { aadObjectId: actor.aadObjectId, name: actor.name, at };
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
      await this.audit(`${action}.already`, record, actor, actor.conversationId);
      return { kind: 'already', record };
    }
    if (to === 'acknowledged')
      this.deps.events?.pickedUp((Date.parse(at) - Date.parse(record.createdAt)) / 1000);
    const entries: NewOutboxEntry[] = [];
    if (record.route === 'channel') {
      entries.push({
        key: `${record.id}:update:${record.revision}`,
        thread: `esc:${record.id}`,
        escalationId: record.id,
        target: { kind: 'noticeUpdate', escalationId: record.id },
        render: { card: 'notice', escalationId: record.id },
      });
    }
    // The 1:1 copies of the notice (no channel, channel gone, reminders) show the new status too.
    for (const copy of await this.deps.outbox.withPrefix(`${record.id}:`)) {
      if (copy.status !== 'sent' || copy.target.kind !== 'personal' || copy.render.card !== 'notice')
        continue;
      entries.push({
        key: `${record.id}:copy-update:${record.revision}:${copy.key}`,
        thread: copy.thread,
        escalationId: record.id,
        target: { kind: 'activityUpdate', sourceKey: copy.key },
        render: { card: 'notice', escalationId: record.id },
      });
    }
    entries.push(
      this.reporterEntry(record, `reporter:${to}`, {
        card: 'message',
        message: to === 'acknowledged' ? 'reporterAcknowledged' : 'reporterResolved',
        escalationId: record.id,
      }),
    );
    // The pressed card (notice or 1:1 copy) is replaced for the presser by the press's answer: update after it.
    await this.deps.outbox.enqueue(entries, { deliverAfter: actor.answered });
    await this.audit(action, record, actor, actor.conversationId);
    return { kind: 'done', record };
  }

  /** The entry of the notice in the team's escalation channel, when that is the escalation's route. */
  private channelNotice(record: EscalationRecord, team: TeamRecord | undefined): NewOutboxEntry | undefined {
    if (record.route !== 'channel' || !team || !record.channelId) return undefined;
    return {
      key: `${record.id}:notice`,
      thread: `esc:${record.id}`,
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
      ? this.managerEntries(record, team, 'notice', render('noChannel'))
      : this.adminEntries(record, team, 'notice', render(team ? 'noManagers' : 'noTeam'));
    entries.push(
      this.reporterEntry(record, 'reporter:routed', {
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
        ...this.adminEntries(record, team, 'not-picked-up', {
          card: 'notice',
          escalationId: record.id,
          banner: 'adminNotPickedUp',
        }),
        this.reporterEntry(record, 'reporter:not-picked-up', {
          card: 'message',
          message: 'reporterNotPickedUp',
          escalationId: record.id,
        }),
      );
      await this.deps.outbox.enqueue(entries);
      await this.audit('escalation.admins_told', record, SYSTEM);
      return;
    }
    const count = record.reminders.count;
    if (
      record.route === 'channel' &&
      (record.delivery.status === 'pending' || record.delivery.status === 'in_channel')
    ) {
      entries.push({
        key: `${record.id}:reminder:${count}:thread`,
        thread: `esc:${record.id}`,
        escalationId: record.id,
        target: { kind: 'noticeReply', escalationId: record.id },
        render: { card: 'reminder', escalationId: record.id, count },
      });
    }
    const render: RenderInstruction = { card: 'notice', escalationId: record.id, banner: 'reminder', count };
    if (team && team.managers.length > 0)
      entries.push(...this.managerEntries(record, team, `reminder:${count}`, render));
    else entries.push(...this.adminEntries(record, team, `reminder:${count}`, render));
    await this.deps.outbox.enqueue(entries);
    await this.audit('escalation.remind', record, SYSTEM);
  }

  private managerEntries(
    record: EscalationRecord,
    team: TeamRecord | undefined,
    purpose: string,
    render: RenderInstruction,
  ): NewOutboxEntry[] {
    if (!team) return [];
    return team.managers.map((manager) => ({
      key: `${record.id}:${purpose}:manager:${manager.aadObjectId}`,
      thread: `user:${manager.aadObjectId}`,
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
    purpose: string,
    render: RenderInstruction,
  ): NewOutboxEntry[] {
    const address = team ? teamAddress(team) : record.origin;
    return this.deps.roles.admins().map((aadObjectId) => ({
      key: `${record.id}:${purpose}:admin:${aadObjectId}`,
      thread: `user:${aadObjectId}`,
      escalationId: record.id,
      target: { kind: 'personal' as const, address, aadObjectId },
      render,
    }));
  }

  private reporterEntry(
    record: EscalationRecord,
    purpose: string,
    render: RenderInstruction,
  ): NewOutboxEntry {
    return this.personalEntry(record, purpose, record.reporter, record.origin, render);
  }

  private personalEntry(
    record: EscalationRecord,
    purpose: string,
    person: Pick<Person, 'aadObjectId' | 'userId'>,
    address: SendAddress,
    render: RenderInstruction,
  ): NewOutboxEntry {
    return {
      key: `${record.id}:${purpose}`,
      thread: `user:${person.aadObjectId}`,
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
    const record = await this.deps.escalations.update(
      escalationDocName(id),
      escalationRecordSchema,
      (current) => {
        applied = false;
        if (!current) return undefined;
        const next = fn(current);
        applied = next !== undefined;
        return next;
      },
    );
    return { record, applied };
  }

  private async audit(
    action: string,
    record: EscalationRecord,
    actor: { aadObjectId: string; name: string; role?: Role | 'system' },
    conversationId?: string,
    outcome: AuditEntry['outcome'] = 'ok',
  ): Promise<void> {
    const subject = { action, objectType: 'escalation', objectId: record.id, teamId: record.teamId };
    await this.deps.audit.append(
      auditLine(
        this.deps.clock.now(),
        { ...actor, conversationId },
        actor.role ?? 'unknown',
        subject,
        outcome,
      ),
    );
  }
}

/** The reporter as the audit log names them. */
function reporterActor(request: EscalateRequest) {
  return { ...request.reporter, role: request.reporterRole ?? ('staff' as const) };
}

/** Where to start proactive conversations in a team. */
export function teamAddress(team: TeamRecord): SendAddress {
  return {
    serviceUrl: team.general.serviceUrl,
    tenantId: team.general.tenantId ?? team.tenantId,
    botId: team.general.botId,
  };
}
