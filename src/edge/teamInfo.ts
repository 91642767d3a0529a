import { teamsGetTeamInfo } from 'botbuilder';
import { sdkTurn } from './sdkTurn';
import type { Turn } from './turn';

/** The team of a turn in a team (its id and, when Teams sends it, its name), as Teams sends it. */
export interface TurnTeam {
  id?: string;
  name?: string;
}

/** The team a turn comes from (a channel message, an installation in a team), if any. */
export function teamOf(turn: Turn): TurnTeam | undefined {
  return teamsGetTeamInfo(sdkTurn(turn).activity) ?? undefined;
}
