import type { StateSlot, Turn } from '../edge/turn';

/**
 * The person's team, without asking: their only team, or the one they chose when asked "Voor welk team?" while
 * it is still one of theirs. Undefined when that is not known (no team, or several and none chosen).
 */
export async function knownTeam<T extends { teamId: string }>(
  context: Turn,
  chosenTeam: StateSlot<string | undefined>,
  teams: readonly T[],
): Promise<T | undefined> {
  if (teams.length === 1) return teams[0];
  const chosenId = await chosenTeam.get(context);
  return teams.find((t) => t.teamId === chosenId);
}
