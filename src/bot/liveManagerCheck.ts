import type { Turn } from '../edge/turn';
import type { RoleService } from '../platform/roles';
import type { Logger } from '../logger';
import type { ManagerCheck } from '../incidents/incidentService';
import type { TeamStore } from '../teams/teamStore';
import { turnRoster } from '../edge/turnRoster';
import { readWithRoster } from './rosterRead';

/**
 * Managers of a team: on the team record and on the live roster (not a guest), asked at this moment. An admin
 * counts only when also listed as the team's manager. A roster that cannot be read means no.
 */
export function liveManagerCheck(
  context: Turn,
  deps: { roles: RoleService; teams: TeamStore; logger: Logger },
): ManagerCheck {
  return {
    isManager: async (teamId, person) => {
      const read = await readWithRoster(context, deps.logger, async () => {
        const role = await deps.roles.roleIn(teamId, person, turnRoster(context));
        if (role === 'manager') return true;
        if (role !== 'admin') return false;
        const team = await deps.teams.get(teamId);
        return team?.managers.some((m) => m.aadObjectId === person.aadObjectId) ?? false;
      });
      return read.ok && read.value;
    },
    candidateTeams: (person) => deps.teams.managedBy(person.aadObjectId),
  };
}
