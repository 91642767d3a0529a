import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { RosterMember } from '../delivery/teamsPort';
import type { RosterPort } from '../escalation/roles';

function toMember(account: TeamsChannelAccount): RosterMember | undefined {
  if (!account.id || !account.aadObjectId) return undefined;
  return {
    userId: account.id,
    aadObjectId: account.aadObjectId,
    name: account.name ?? '',
    userRole: account.userRole,
  };
}

function isNotFound(err: unknown): boolean {
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  return status === 404;
}

/**
 * The live roster of a team, asked through the turn's connector (TeamsInfo). Answers are kept for the rest of
 * the turn, so one action costs one look-up per person.
 */
export function turnRoster(context: TurnContext): RosterPort {
  const seen = new Map<string, Promise<RosterMember | undefined>>();
  return {
    member(teamId, userOrAadId) {
      const key = `${teamId}\n${userOrAadId}`;
      let found = seen.get(key);
      if (!found) {
        found = TeamsInfo.getTeamMember(context, teamId, userOrAadId).then(toMember, (err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
        seen.set(key, found);
        found.catch(() => seen.delete(key));
      }
      return found;
    },
    async members(teamId) {
      const members: RosterMember[] = [];
      let token: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await TeamsInfo.getPagedTeamMembers(context, teamId, 500, token);
        for (const account of result.members ?? []) {
          const member = toMember(account);
          if (member) members.push(member);
        }
        token = result.continuationToken || undefined;
        if (!token) break;
      }
      return members;
    },
  };
}
