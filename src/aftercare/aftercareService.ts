import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Outbox } from '../delivery/outbox';
import type { NewOutboxEntry } from '../delivery/outboxEntry';
import { aftercareKeys } from '../delivery/outboxKeys';
import { userThread } from '../delivery/threads';
import { teamAddress } from '../escalation/escalationService';
import type { IncidentRecord } from '../incidents/incidentRecord';
import { managedTeams, type ManagerCheck } from '../incidents/incidentService';
import type { IncidentStore } from '../incidents/incidentStore';
import { ok, refused, type Ok, type Outcome, type Refused } from '../platform/outcome';
import { readEach } from '../storage/recordIndex';
import { SYSTEM_ACTOR, type AuditEntry, type AuditSubject } from '../storage/auditLog';
import type { AuditTrail } from '../storage/auditTrail';
import type { TeamStore } from '../teams/teamStore';
import {
  OVERVIEW_LIMITS,
  REASON_MAX_LENGTH,
  withLines,
  type AftercareChecklist,
  type AftercareItemState,
  type AftercarePerson,
  type AftercareView,
} from './aftercareChecklist';
import type { AftercareItem } from './aftercareItems';
import type { AftercareStore } from './aftercareStore';
import { allSettled, checklistItem, checklistItems, isApplicable } from './aftercareRules';
import { addDays, isDay, localDay } from './localTime';

/** Someone acting on aftercare, from the turn (never from card data). */
export interface AftercareActor extends AftercarePerson {
  conversationId?: string;
}

/** Where the card the actor pressed is shown, so it is not updated twice (its invoke answer updates it). */
export type CardPlace = Omit<AftercareView, 'aadObjectId' | 'role'>;

/** How a viewer sees a checklist: as a manager of its team, or as the staff member it is for. */
export type AftercareRole = 'manager' | 'staff';

/** How a start ended. */
export type StartOutcome = Outcome<
  { status: 'started' | 'exists'; checklist: AftercareChecklist },
  'not_found' | 'not_manager' | 'own' | 'not_shared' | 'closed'
>;

/** A change a manager makes to one item. */
export type ItemChange =
  | { kind: 'tick'; item: string }
  | { kind: 'notNeeded'; item: string; reason: string }
  | { kind: 'reschedule'; item: string; date: string };

/** How an action on a checklist ended. */
export type ChangeOutcome =
  | Ok<{ status: 'done'; checklist: AftercareChecklist; role: AftercareRole; closedNow: boolean }>
  | Ok<{ status: 'already'; checklist: AftercareChecklist; role: AftercareRole }>
  | Refused<'invalid', { checklist: AftercareChecklist; problem: 'reason' | 'date' }>
  | Refused<'refused', { checklist: AftercareChecklist }>
  | Refused<'not_found'>;

/** What the aftercare overview shows a person. */
export interface AftercareOverview {
  /** Open checklists of the teams they manage. */
  managed: AftercareChecklist[];
  /** Their own checklists (as the staff member). */
  own: AftercareChecklist[];
  /** Open shared incidents of the teams they manage that have no checklist yet. */
  startable: IncidentRecord[];
}

/** What the aftercare service needs. */
export interface AftercareServiceDeps {
  store: AftercareStore;
  incidents: IncidentStore;
  teams: TeamStore;
  outbox: Outbox;
  audit: AuditTrail;
  clock: Clock;
  timeZone: string;
  /** The organisation's checklist items (AFTERCARE_ITEMS_FILE): a checklist keeps a copy of them when it starts. */
  items: readonly AftercareItem[];
}

/** A short stable hash, for outbox keys that must not repeat ids of a conversation. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Aftercare checklists without botbuilder types: started by a manager of the incident's team (checked by the
 * caller's ManagerCheck against the live roster), changed with ETag-checked updates on the latest stored value,
 * every read and change audited (ids and codes only: a "niet nodig" reason is never logged), and every card that
 * shows the checklist updated in place through the outbox.
 */
export class AftercareService {
  constructor(private readonly deps: AftercareServiceDeps) {}

  /** The checklist without an access check or audit entry (delivery renders from it). */
  async peek(id: string): Promise<AftercareChecklist | undefined> {
    return this.deps.store.get(id);
  }

  /** Starts aftercare for an incident (or returns the existing checklist); the staff member is told 1:1. */
  async start(
    actor: AftercareActor,
    incidentId: string,
    managers: ManagerCheck,
    place?: CardPlace,
  ): Promise<StartOutcome> {
    const incident = await this.deps.incidents.get(incidentId);
    if (!incident) {
      await this.deps.audit.write(
        checklistSubject('aftercare.start', incidentId, undefined),
        { ...actor, role: 'unknown' },
        'refused',
      );
      return refused('not_found');
    }
    const refuse = async (
      reason: 'not_manager' | 'own' | 'not_shared' | 'closed',
      role: AuditEntry['role'],
    ) => {
      await this.deps.audit.write(
        checklistSubject('aftercare.start', incident.id, incident.teamId),
        { ...actor, role },
        'refused',
      );
      return refused(reason);
    };
    if (incident.reporter.aadObjectId === actor.aadObjectId) return refuse('own', 'staff');
    if (!incident.sharedWithManagers || !incident.teamId) return refuse('not_shared', 'unknown');
    if (!(await managers.isManager(incident.teamId, actor))) return refuse('not_manager', 'unknown');
    const team = await this.deps.teams.get(incident.teamId);
    if (!team) return refused('not_found');
    const existing = await this.deps.store.get(incident.id);
    if (!existing && incident.status === 'closed') return refuse('closed', 'manager');

    const now = this.deps.clock.now();
    const at = now.toISOString();
    const startDay = localDay(new Date(incident.createdAt), this.deps.timeZone);
    const contact = { aadObjectId: actor.aadObjectId, name: actor.name, userId: actor.userId };
    let created = false;
    const stored = await this.deps.store.update(incident.id, (current) => {
      created = false;
      if (current) {
        const views = place
          ? addView(current.views, { ...place, aadObjectId: actor.aadObjectId, role: 'manager' })
          : undefined;
        return views ? { ...current, views } : undefined;
      }
      created = true;
      const content = this.deps.items.map((item) => ({ ...item }));
      const items: Record<string, AftercareItemState> = {};
      for (const item of content) {
        items[item.id] = {
          status: 'open',
          dueDate: addDays(startDay, item.due.days),
          owner: { aadObjectId: contact.aadObjectId, name: contact.name },
          rescheduled: false,
        };
      }
      return {
        id: incident.id,
        schemaVersion: 1,
        teamId: team.teamId,
        address: teamAddress(team),
        staff: { ...incident.reporter },
        contact,
        incidentAt: incident.createdAt,
        startedAt: at,
        status: 'open',
        staffResponse: 'informed',
        items,
        content,
        views: place ? [{ ...place, aadObjectId: actor.aadObjectId, role: 'manager' }] : [],
        pendingReminders: [],
        timeline: [
          { at, actorId: actor.aadObjectId, actorName: actor.name, action: 'started' },
          { at, actorId: SYSTEM_ACTOR.aadObjectId, actorName: SYSTEM_ACTOR.name, action: 'staff_told' },
        ],
        revision: 0,
      };
    });
    if (!stored) return refused('not_found');
    if (!created) {
      await this.deps.audit.write(checklistSubject('aftercare.read', stored.id, stored.teamId), {
        ...actor,
        role: 'manager',
      });
      return ok({ status: 'exists', checklist: stored });
    }
    await this.deps.outbox.enqueue([
      {
        key: aftercareKeys.staffTold(stored.id),
        thread: userThread(stored.staff.aadObjectId),
        target: {
          kind: 'personal',
          address: stored.address,
          aadObjectId: stored.staff.aadObjectId,
          userId: stored.staff.userId,
        },
        render: {
          card: 'aftercare',
          view: 'staff',
          checklistId: stored.id,
          viewerAadObjectId: stored.staff.aadObjectId,
        },
      },
    ]);
    await this.deps.audit.write(checklistSubject('aftercare.start', stored.id, stored.teamId), {
      ...actor,
      role: 'manager',
    });
    return ok({ status: 'started', checklist: stored });
  }

  /** Opens a checklist for a manager of its team or the staff member; audited either way. */
  async open(
    actor: AftercareActor,
    id: string,
    managers: ManagerCheck,
    place?: CardPlace,
  ): Promise<Outcome<{ checklist: AftercareChecklist; role: AftercareRole }, 'not_found' | 'refused'>> {
    const checklist = await this.deps.store.get(id);
    if (!checklist) {
      await this.deps.audit.write(
        checklistSubject('aftercare.read', id, undefined),
        { ...actor, role: 'unknown' },
        'refused',
      );
      return refused('not_found');
    }
    const role = await this.roleOf(actor, checklist, managers);
    await this.deps.audit.write(
      checklistSubject('aftercare.read', id, checklist.teamId),
      { ...actor, role: auditRole(role) },
      role ? 'ok' : 'refused',
    );
    if (!role) return refused('refused');
    const stored = place
      ? await this.rememberView(id, { ...place, aadObjectId: actor.aadObjectId, role })
      : checklist;
    return ok({ checklist: stored ?? checklist, role });
  }

  /** A manager ticks an item, marks it not needed (with a short reason) or gives it a new date. */
  async changeItem(
    actor: AftercareActor,
    id: string,
    change: ItemChange,
    managers: ManagerCheck,
    place?: CardPlace,
  ): Promise<ChangeOutcome> {
    const action = {
      tick: 'aftercare.tick',
      notNeeded: 'aftercare.not_needed',
      reschedule: 'aftercare.reschedule',
    }[change.kind];
    const before = await this.deps.store.get(id);
    if (!before || !checklistItem(before, change.item) || !before.items[change.item])
      return refused('not_found');
    const role = await this.roleOf(actor, before, managers);
    if (role !== 'manager') {
      await this.deps.audit.write(
        checklistSubject(action, `${id}/${change.item}`, before.teamId),
        { ...actor, role: auditRole(role) },
        'refused',
      );
      return refused('refused', { checklist: before });
    }
    const now = this.deps.clock.now();
    const today = localDay(now, this.deps.timeZone);
    const reason = change.kind === 'notNeeded' ? change.reason.trim().slice(0, REASON_MAX_LENGTH) : '';
    if (change.kind === 'notNeeded' && reason === '')
      return refused('invalid', { checklist: before, problem: 'reason' });
    if (
      change.kind === 'reschedule' &&
      (!isDay(change.date) || change.date < today || change.date > addDays(today, 366))
    )
      return refused('invalid', { checklist: before, problem: 'date' });

    const at = now.toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    let applied = false;
    let closedNow = false;
    const stored = await this.deps.store.update(id, (current) => {
      applied = false;
      closedNow = false;
      const state = current?.items[change.item];
      const content = current && checklistItem(current, change.item);
      if (!current || !state || !content || current.status !== 'open' || !isApplicable(content, current))
        return undefined;
      let next: AftercareItemState;
      if (change.kind === 'tick') {
        if (state.status === 'done') return undefined;
        next = { ...state, status: 'done', reason: undefined, changedAt: at, changedBy: by };
      } else if (change.kind === 'notNeeded') {
        if (state.status === 'not_needed' && state.reason === reason) return undefined;
        next = { ...state, status: 'not_needed', reason, changedAt: at, changedBy: by };
      } else {
        if (state.status !== 'open' || state.dueDate === change.date) return undefined;
        next = {
          ...state,
          dueDate: change.date,
          rescheduled: true,
          // remindedOn stays: at most one reminder per item per day, also after a new date.
          changedAt: at,
          changedBy: by,
        };
      }
      applied = true;
      const timelineAction = { tick: 'ticked', notNeeded: 'not_needed', reschedule: 'rescheduled' } as const;
      let result: AftercareChecklist = {
        ...current,
        items: { ...current.items, [change.item]: next },
        views: place
          ? withView(current.views, { ...place, aadObjectId: actor.aadObjectId, role: 'manager' })
          : current.views,
        timeline: withLines(current.timeline, {
          at,
          actorId: actor.aadObjectId,
          actorName: actor.name,
          action: timelineAction[change.kind],
          item: change.item,
        }),
        revision: current.revision + 1,
      };
      if (allSettled(result)) {
        closedNow = true;
        result = {
          ...result,
          status: 'closed',
          closedAt: at,
          timeline: withLines(result.timeline, {
            at,
            actorId: SYSTEM_ACTOR.aadObjectId,
            actorName: SYSTEM_ACTOR.name,
            action: 'closed',
          }),
        };
      }
      return result;
    });
    if (!stored) return refused('not_found');
    if (!applied) return ok({ status: 'already', checklist: stored, role });
    await this.deps.audit.write(checklistSubject(action, `${id}/${change.item}`, stored.teamId), {
      ...actor,
      role: 'manager',
    });
    if (closedNow) await this.close(stored);
    await this.deps.outbox.enqueue(this.updateEntries(stored, place));
    return ok({ status: 'done', checklist: stored, role, closedNow });
  }

  /** The staff member declines aftercare (or, with `accept`, wants it after all); the contact is told 1:1. */
  async respond(
    actor: AftercareActor,
    id: string,
    response: 'declined' | 'accepted',
    place?: CardPlace,
  ): Promise<ChangeOutcome> {
    const action = response === 'declined' ? 'aftercare.decline' : 'aftercare.accept';
    const before = await this.deps.store.get(id);
    if (!before) return refused('not_found');
    if (before.staff.aadObjectId !== actor.aadObjectId) {
      await this.deps.audit.write(
        checklistSubject(action, id, before.teamId),
        { ...actor, role: 'unknown' },
        'refused',
      );
      return refused('refused', { checklist: before });
    }
    const now = this.deps.clock.now();
    const at = now.toISOString();
    let applied = false;
    const stored = await this.deps.store.update(id, (current) => {
      applied = false;
      if (!current || current.status !== 'open') return undefined;
      if (
        response === 'declined' ? current.staffResponse === 'declined' : current.staffResponse !== 'declined'
      )
        return undefined;
      applied = true;
      // The checklist's own "after a decline" items (offering aftercare again): due from today on a decline,
      // done once the staff member wants aftercare after all.
      const items = { ...current.items };
      for (const item of checklistItems(current).filter((i) => i.due.from === 'declined')) {
        const again = items[item.id];
        if (!again || again.status !== 'open') continue;
        items[item.id] =
          response === 'declined'
            ? {
                ...again,
                dueDate: addDays(localDay(now, this.deps.timeZone), item.due.days),
                remindedOn: undefined,
              }
            : {
                ...again,
                status: 'done',
                changedAt: at,
                changedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
              };
      }
      return {
        ...current,
        staffResponse: response,
        declinedAt: response === 'declined' ? at : current.declinedAt,
        items,
        views: place
          ? withView(current.views, { ...place, aadObjectId: actor.aadObjectId, role: 'staff' })
          : current.views,
        timeline: withLines(current.timeline, {
          at,
          actorId: actor.aadObjectId,
          actorName: actor.name,
          action: response,
        }),
        revision: current.revision + 1,
      };
    });
    if (!stored) return refused('not_found');
    if (!applied) return ok({ status: 'already', checklist: stored, role: 'staff' });
    await this.deps.audit.write(checklistSubject(action, id, stored.teamId), { ...actor, role: 'staff' });
    const contact = stored.contact;
    await this.deps.outbox.enqueue([
      {
        key: aftercareKeys.response(id, response, stored.revision),
        thread: userThread(contact.aadObjectId),
        target: {
          kind: 'personal',
          address: stored.address,
          aadObjectId: contact.aadObjectId,
          userId: contact.userId,
          memberOf: stored.teamId,
        },
        render: {
          card: 'aftercare',
          view: 'declined',
          checklistId: id,
          viewerAadObjectId: contact.aadObjectId,
        },
      },
      ...this.updateEntries(stored, place),
    ]);
    return ok({ status: 'done', checklist: stored, role: 'staff', closedNow: false });
  }

  /**
   * The person's overview: open checklists of the teams they manage (with what is overdue), their own checklists,
   * and shared open incidents of those teams without aftercare yet. Each checklist listed is audited as a read.
   */
  async overview(actor: AftercareActor, managers: ManagerCheck): Promise<AftercareOverview> {
    // Only what is shown is read: the person's own checklists, and of the teams they manage the open checklists
    // and the open shared incidents without one.
    const [own, teams] = await Promise.all([
      this.deps.store.forStaff(actor.aadObjectId, OVERVIEW_LIMITS.own),
      managedTeams(managers, actor),
    ]);
    const perTeam = await Promise.all(
      teams.map(async (teamId) => {
        const started = new Set(await this.deps.store.openIdsOf(teamId));
        const others = [...started]
          .filter((id) => !own.some((c) => c.id === id))
          .slice(0, OVERVIEW_LIMITS.managed);
        const [checklists, incidents] = await Promise.all([
          readEach(others, (id) => this.deps.store.get(id)),
          this.deps.incidents.openSharedOf(teamId, OVERVIEW_LIMITS.startable, (id) => !started.has(id)),
        ]);
        return {
          team: checklists.filter((c) => c.status === 'open' && c.teamId === teamId),
          startable: incidents.filter((i) => i.reporter.aadObjectId !== actor.aadObjectId),
        };
      }),
    );
    const team = perTeam.flatMap((t) => t.team).filter((c) => c.staff.aadObjectId !== actor.aadObjectId);
    const startable = perTeam.flatMap((t) => t.startable);
    const newestFirst = (a: { startedAt: string }, b: { startedAt: string }) =>
      b.startedAt.localeCompare(a.startedAt);
    team.sort(newestFirst);
    own.sort(newestFirst);
    startable.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const c of team)
      await this.deps.audit.write(checklistSubject('aftercare.list', c.id, c.teamId), {
        ...actor,
        role: 'manager',
      });
    for (const c of own)
      await this.deps.audit.write(checklistSubject('aftercare.list', c.id, c.teamId), {
        ...actor,
        role: 'staff',
      });
    for (const i of startable)
      await this.deps.audit.write(
        { action: 'incident.list', objectType: 'incident', objectId: i.id, teamId: i.teamId },
        { ...actor, role: 'manager' },
      );
    return { managed: team, own, startable };
  }

  /** Delivery: a checklist card was posted (1:1); remember where, so later changes update it in place. */
  async rememberView(id: string, view: AftercareView): Promise<AftercareChecklist | undefined> {
    return this.deps.store.update(id, (current) => {
      if (!current) return undefined;
      const views = addView(current.views, view);
      return views ? { ...current, views } : undefined;
    });
  }

  /** How the person may see the checklist: the staff member it is for, or a manager of its team. */
  async roleOf(
    actor: AftercarePerson,
    checklist: AftercareChecklist,
    managers: ManagerCheck,
  ): Promise<AftercareRole | undefined> {
    if (checklist.staff.aadObjectId === actor.aadObjectId) return 'staff';
    return (await managers.isManager(checklist.teamId, actor)) ? 'manager' : undefined;
  }

  /** The checklist closed: the incident's retention clock starts (closedAt). */
  private async close(checklist: AftercareChecklist): Promise<void> {
    const at = checklist.closedAt ?? this.deps.clock.now().toISOString();
    await this.deps.incidents.update(checklist.id, (current) =>
      current && current.status !== 'closed'
        ? { ...current, status: 'closed', closedAt: at, updatedAt: at, revision: current.revision + 1 }
        : undefined,
    );
    await this.deps.audit.write(checklistSubject('aftercare.close', checklist.id, checklist.teamId));
    await this.deps.audit.write({
      action: 'incident.close',
      objectType: 'incident',
      objectId: checklist.id,
      teamId: checklist.teamId,
    });
  }

  /** PUTs of every other card that shows this checklist (the pressed card is updated by the invoke answer). */
  private updateEntries(checklist: AftercareChecklist, except?: CardPlace): NewOutboxEntry[] {
    return checklist.views
      .filter(
        (v) => !except || v.conversationId !== except.conversationId || v.activityId !== except.activityId,
      )
      .map((v) => ({
        key: aftercareKeys.put(
          checklist.id,
          checklist.revision,
          shortHash(`${v.conversationId}\n${v.activityId}`),
        ),
        thread: userThread(v.aadObjectId),
        target: {
          kind: 'activityPut' as const,
          serviceUrl: v.serviceUrl,
          conversationId: v.conversationId,
          activityId: v.activityId,
          // Aftercare cards are shown in 1:1 chats only: the PUT counts against the viewer's chat.
          person: v.aadObjectId,
        },
        render: {
          card: 'aftercare' as const,
          view: v.role,
          checklistId: checklist.id,
          viewerAadObjectId: v.aadObjectId,
        },
      }));
  }
}

/** What an audit line about the checklist (or one of its items: `objectId` is `<id>/<item>`) names. */
function checklistSubject(action: string, objectId: string, teamId: string | undefined): AuditSubject {
  return { action, objectType: 'aftercareChecklist', objectId, teamId };
}

/** The audit role of an aftercare role. */
function auditRole(role: AftercareRole | undefined): AuditEntry['role'] {
  return role ?? 'unknown';
}

/** The views with this one added (latest 30), or undefined when it is already there. */
function addView(views: AftercareView[], view: AftercareView): AftercareView[] | undefined {
  const same = views.find(
    (v) =>
      v.conversationId === view.conversationId &&
      v.activityId === view.activityId &&
      v.aadObjectId === view.aadObjectId,
  );
  if (same && same.role === view.role) return undefined;
  const others = views.filter(
    (v) => v.conversationId !== view.conversationId || v.activityId !== view.activityId,
  );
  return [...others, view].slice(-30);
}

/** The views with this one added (or unchanged when it is already there). */
function withView(views: AftercareView[], view: AftercareView): AftercareView[] {
  return addView(views, view) ?? views;
}
