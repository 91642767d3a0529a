import type { RosterMember } from '../delivery/teamsPort';
import type { TeamRecord } from '../teams/teamRecord';
import type { TeamStore } from '../teams/teamStore';

/** What someone may do: staff reports, managers pick up and close, admins appoint managers everywhere. */
export type Role = 'staff' | 'manager' | 'admin';

/** The live roster of a team, asked at the moment of the action. Throws when Teams cannot be reached. */
export interface RosterPort {
  /**
   * The member with this Entra object id or Teams user id, or undefined when not on the team's roster. Asked
   * again for the same team and person, it gives the first answer (one look-up per turn).
   */
  member(teamId: string, userOrAadId: string): Promise<RosterMember | undefined>;
  /** Every member of the team. */
  members(teamId: string): Promise<RosterMember[]>;
}

/** A person acting: their Entra object id, name and Teams user id. */
export interface Person {
  aadObjectId: string;
  name: string;
  userId: string;
}

/** A team the person is on, with their role there and the team's record as read for this answer. */
export interface TeamOfPerson {
  teamId: string;
  name: string;
  role: Role;
  team: TeamRecord;
}

/**
 * Decides roles on the server, never from card data: admins from config (ADMIN_IDS), managers from the team
 * record, both re-checked against the live roster. Someone not on the roster has no role in that team; a guest
 * never has a role.
 */
export class RoleService {
  constructor(
    private readonly adminIds: readonly string[],
    private readonly teams: TeamStore,
  ) {}

  /** True when the person is an admin by config. */
  isAdmin(aadObjectId: string): boolean {
    return this.adminIds.includes(aadObjectId);
  }

  /** The configured admins. */
  admins(): readonly string[] {
    return this.adminIds;
  }

  /**
   * The person's role in a team (or, without a team, admin or nothing). Admins keep their role outside the team's
   * roster (escalations without a team reach them), but a guest on the roster never has a role.
   */
  async roleIn(teamId: string | undefined, person: Person, roster: RosterPort): Promise<Role | undefined> {
    const admin = this.isAdmin(person.aadObjectId);
    if (!teamId) return admin ? 'admin' : undefined;
    const member = await roster.member(teamId, person.userId || person.aadObjectId);
    if (member?.userRole === 'guest') return undefined;
    if (admin) return 'admin';
    if (!member || member.aadObjectId !== person.aadObjectId) return undefined;
    const team = await this.teams.get(teamId);
    if (!team) return undefined;
    return team.managers.some((m) => m.aadObjectId === person.aadObjectId) ? 'manager' : 'staff';
  }

  /** The teams Baken is in where the person is on the roster (not as a guest), with their role there. */
  async teamsOf(person: Person, roster: RosterPort): Promise<TeamOfPerson[]> {
    const id = person.userId || person.aadObjectId;
    // The roster look-ups for the teams known from the last listing start at once, while the listing runs
    // (RosterPort answers each look-up once per turn); teams new in the listing are asked after it.
    for (const teamId of this.teams.lastKnownTeamIds()) roster.member(teamId, id).catch(() => undefined);
    const teams = await this.teams.list();
    // One look-up per team, all at once: one after another they took a round trip per team (bench/findings.md).
    const members = await Promise.all(teams.map((team) => roster.member(team.teamId, id)));
    const found: TeamOfPerson[] = [];
    for (const [i, team] of teams.entries()) {
      const member = members[i];
      if (!member || member.userRole === 'guest' || member.aadObjectId !== person.aadObjectId) continue;
      const isManager = team.managers.some((m) => m.aadObjectId === person.aadObjectId);
      const role: Role = this.isAdmin(person.aadObjectId) ? 'admin' : isManager ? 'manager' : 'staff';
      found.push({ teamId: team.teamId, name: team.name, role, team });
    }
    return found;
  }
}

/** True for roles that may pick up, close and see details of a team's escalations. */
export function canManage(role: Role | undefined): role is 'manager' | 'admin' {
  return role === 'manager' || role === 'admin';
}
