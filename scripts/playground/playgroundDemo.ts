import { existsSync, readFileSync } from 'node:fs';

/** What the dev run takes from the Playground's config: its user, its team and the channel for escalations. */
export interface PlaygroundDemo {
  user: { aadObjectId: string; name: string };
  /** The first of the other users: a second manager, so aftercare for the user's own report can be started. */
  colleague?: { aadObjectId: string; name: string };
  teamId: string;
  channel: { id: string; name: string };
}

/** The value of `key:` in a block of the yml (this project's own file: plain `key: value` lines). */
function field(block: string, key: string): string | undefined {
  return new RegExp(`^\\s*-?\\s*${key}:\\s*(.+?)\\s*$`, 'm').exec(block)?.[1]?.replace(/^['"]|['"]$/g, '');
}

/** Reads the Playground config's current user, team and first channel besides General. */
export function readPlaygroundDemo(file: string): PlaygroundDemo | undefined {
  if (!existsSync(file)) return undefined;
  const yml = readFileSync(file, 'utf8');
  const section = (name: string) => new RegExp(`^${name}:\\n((?:[ ].*\\n?)*)`, 'm').exec(yml)?.[1] ?? '';
  const user = section('currentUser');
  const users = section('users').split(/^\s*- /m)[1] ?? '';
  const team = section('team');
  const channels = team.split(/^\s*channels:\s*$/m)[1] ?? '';
  const aadObjectId = field(user, 'aadObjectId');
  const teamId = field(team, 'id');
  const channelId = field(channels, 'id');
  if (!aadObjectId || !teamId || !channelId) return undefined;
  const colleagueId = field(users, 'aadObjectId');
  return {
    user: { aadObjectId, name: field(user, 'name') ?? '' },
    ...(colleagueId ? { colleague: { aadObjectId: colleagueId, name: field(users, 'name') ?? '' } } : {}),
    teamId,
    channel: { id: channelId, name: field(channels, 'name') ?? 'Meldingen' },
  };
}
