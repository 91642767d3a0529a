import { TeamsInfo, type TeamsChannelAccount } from 'botbuilder';
import type { Turn } from './turn';
import type { RosterMember } from '../delivery/teamsPort';
import type { RosterPort } from '../platform/roles';
import { sdkTurn } from './sdkTurn';

function toMember(account: TeamsChannelAccount): RosterMember | undefined {
  if (!account.id || !account.aadObjectId) return undefined;
  return {
    userId: account.id,
    aadObjectId: account.aadObjectId,
    name: account.name ?? '',
    userRole: account.userRole,
  };
}

/** A Teams user id ("29:…"); a member looked up by anything else is looked up by Entra object id. */
function isTeamsUserId(id: string): boolean {
  return id.startsWith('29:');
}

function isNotFound(err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return status === 404;
}

/**
 * The live roster of a team, asked through the turn's connector (TeamsInfo). Answers are kept for the rest of
 * the turn, so one action costs one look-up per person.
 *
 * A look-up by Entra object id that Teams answers with "not found" is checked against the team's paged roster:
 * Teams accepts both kinds of id, but other hosts (the Agents Playground) find members by Teams user id only.
 * Only a roster that cannot be read at all is an error (thrown); never read as "not on the team".
 */
export function turnRoster(context: Turn): RosterPort {
  const seen = new Map<string, Promise<RosterMember | undefined>>();
  const rosters = new Map<string, Promise<RosterMember[]>>();
  const port: RosterPort = {
    member(teamId, userOrAadId) {
      const key = `${teamId}\n${userOrAadId}`;
      let found = seen.get(key);
      if (!found) {
        found = TeamsInfo.getTeamMember(sdkTurn(context), teamId, userOrAadId).then(
          toMember,
          async (err: unknown) => {
            if (!isNotFound(err)) throw err;
            if (isTeamsUserId(userOrAadId)) return undefined;
            const all = await rosterOf(teamId);
            return all.find((m) => m.aadObjectId === userOrAadId);
          },
        );
        seen.set(key, found);
        found.catch(() => seen.delete(key));
      }
      return found;
    },
    members: (teamId) => rosterOf(teamId),
  };
  /** The team's whole roster, read once per turn. */
  function rosterOf(teamId: string): Promise<RosterMember[]> {
    let all = rosters.get(teamId);
    if (!all) {
      all = readRoster(teamId);
      rosters.set(teamId, all);
      all.catch(() => rosters.delete(teamId));
    }
    return all;
  }
  async function readRoster(teamId: string): Promise<RosterMember[]> {
    const members: RosterMember[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await TeamsInfo.getPagedTeamMembers(sdkTurn(context), teamId, 500, token);
      for (const account of result.members ?? []) {
        const member = toMember(account);
        if (member) members.push(member);
      }
      token = result.continuationToken || undefined;
      if (!token) break;
    }
    return members;
  }
  return port;
}
