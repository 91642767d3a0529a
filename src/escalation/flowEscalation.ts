import type { StateSlot, Turn } from '../edge/turn';
import type { FlowEscalationPort } from '../../dialogs/flowDialog';
import { FlowRunStore } from '../../dialogs/flowRunStore';
import type { EscalationDetails } from './escalationRecord';
import type { EscalationService } from './escalationService';
import { reporterStatusLine } from './escalationViews';
import { ok, refused } from '../platform/outcome';
import type { RoleService, TeamOfPerson } from '../platform/roles';
import { getFlow } from '../flows';
import { summarizeRun } from '../flows/flowSummary';
import type { Logger } from '../logger';
import type { TeamStore } from '../teams/teamStore';
import type { TeamCommands } from '../teams/teamCommands';
import { turnRoster } from '../edge/turnRoster';
import { readWithRoster } from '../bot/rosterRead';
import { addressOf, personOf } from '../bot/turnFacts';

/** What flow escalation needs. */
export interface FlowEscalationDeps {
  escalations: EscalationService;
  roles: RoleService;
  teams: TeamStore;
  teamCommands: TeamCommands;
  logger: Logger;
  timeZone: string;
  /** The conversation's flow runs (the same state property the flow dialogs use). */
  flowRuns: StateSlot<unknown>;
}

/** Cuts text to a length, for details that must fit the record's schema. */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Lets the flows escalate: picks the reporter's team from the live rosters (one → that one; several → asks once
 * "Voor welk team?" and remembers; none → the admins), snapshots the run's answers as 1:1-only details, escalates.
 */
export function flowEscalationPort(deps: FlowEscalationDeps): FlowEscalationPort {
  const runs = new FlowRunStore(deps.flowRuns);

  async function detailsOf(context: Turn, runId: string): Promise<EscalationDetails | undefined> {
    const all = await runs.all(context);
    const run = Object.values(all.runs).find((r) => r?.runId === runId);
    if (!run) return undefined;
    const { rows } = summarizeRun(getFlow(run.flowId), run.answers);
    return {
      clientCode: run.clientCode,
      rows: rows.slice(0, 60).map((row) => ({
        label: cut(row.question ?? row.title, 300),
        value: cut(row.answer, 2000),
        ...(row.note ? { note: cut(row.note, 2000) } : {}),
      })),
    };
  }

  return {
    async escalate(context, request) {
      const person = personOf(context);
      if (!person) return refused('no_person');
      // Teams cannot tell us the rosters now: escalate anyway (to the admins) rather than lose it.
      const read = await readWithRoster(context, deps.logger, () =>
        deps.roles.teamsOf(person, turnRoster(context)),
      );
      const teams: TeamOfPerson[] = read.ok ? read.value : [];
      const pick = await deps.teamCommands.pickTeam(context, teams);
      if ('none' in pick && pick.none === 'asked') return refused('choose_team');
      const teamId = 'teamId' in pick ? pick.teamId : undefined;
      // The record the roster check just read: escalate() and the reporter's status line need not read it again.
      const team = teams.find((t) => t.teamId === teamId)?.team;
      const record = await deps.escalations.escalate({
        kind: request.kind,
        urgency: request.urgency,
        teamId,
        team,
        reporter: person,
        recordId: request.runId,
        details: await detailsOf(context, request.runId),
        origin: addressOf(context),
        conversationId: context.activity.conversation?.id,
      });
      const teamName = teamId ? (team ?? (await deps.teams.get(teamId)))?.name || '' : '';
      return ok({ status: reporterStatusLine(record, teamName, deps.timeZone), escalationId: record.id });
    },
  };
}
