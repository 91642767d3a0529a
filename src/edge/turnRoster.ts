import type { TurnContext } from 'botbuilder';
import type { Turn } from './turn';
import type { RosterMember, TeamsPort } from '../delivery/teamsPort';
import type { RosterPort } from '../platform/roles';
import { sdkTurn } from './sdkTurn';
import { DeliveryError } from '../delivery/deliveryError';

/** Where a turn reads its team's roster: the Bot Connector REST API at the turn's service URL. */
export type RosterSource = Pick<TeamsPort, 'member' | 'members'>;

/** The longest Retry-After of a throttled roster read that a turn waits for (once); a longer one fails the read. */
export const TURN_RETRY_AFTER_MAX_MS = 1_000;

/** A roster read, tried once more after Teams' throttling asked for a short wait; any other failure is thrown. */
async function throttledOnce<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof DeliveryError) || err.status !== 429) throw err;
    const wait = err.retryAfterMs ?? TURN_RETRY_AFTER_MAX_MS / 2;
    if (wait > TURN_RETRY_AFTER_MAX_MS) throw err;
    await new Promise((resolve) => setTimeout(resolve, wait));
    return read();
  }
}

/** The turn-state key of the turn's roster source (set by the edge when a turn starts; edge-private). */
const ROSTER_SOURCE = Symbol('baken.rosterSource');

/** Gives the turn its roster source; the edge does this once when the turn starts. */
export function attachRosterSource(context: TurnContext, source: RosterSource): void {
  context.turnState.set(ROSTER_SOURCE, source);
}

/** A Teams user id ("29:…"); a member looked up by anything else is looked up by Entra object id. */
function isTeamsUserId(id: string): boolean {
  return id.startsWith('29:');
}

/**
 * The live roster of a team, asked at the turn's service URL. Answers are kept for the rest of the turn, so one
 * action costs one look-up per person. A failed read is not tried again inside the turn (no hidden retries): the
 * person gets "probeer het zo opnieuw" at once instead of after seconds of waiting, and each request has a time-out.
 * Only throttling that asks for a wait of at most a second (429 with Retry-After) is waited out, once.
 *
 * A look-up by Entra object id that Teams answers with "not found" is checked against the team's paged roster:
 * Teams accepts both kinds of id, but other hosts (the Agents Playground) find members by Teams user id only.
 * Only a roster that cannot be read at all is an error (thrown); never read as "not on the team".
 */
export function turnRoster(context: Turn): RosterPort {
  const turn = sdkTurn(context);
  const attached = turn.turnState.get<RosterSource | undefined>(ROSTER_SOURCE);
  if (!attached) throw new Error('the turn has no roster source');
  const source: RosterSource = attached;
  const serviceUrl = turn.activity.serviceUrl;
  const seen = new Map<string, Promise<RosterMember | undefined>>();
  const rosters = new Map<string, Promise<RosterMember[]>>();
  const port: RosterPort = {
    member(teamId, userOrAadId) {
      const key = `${teamId}\n${userOrAadId}`;
      let found = seen.get(key);
      if (!found) {
        found = throttledOnce(() => source.member(serviceUrl, teamId, userOrAadId)).then(async (member) => {
          if (member || isTeamsUserId(userOrAadId)) return member;
          const all = await rosterOf(teamId);
          return all.find((m) => m.aadObjectId === userOrAadId);
        });
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
      all = throttledOnce(() => source.members(serviceUrl, teamId));
      rosters.set(teamId, all);
      all.catch(() => rosters.delete(teamId));
    }
    return all;
  }
  return port;
}
