import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { openStorage, type BakenStorage } from '../../src/storage/storage';
import type { RosterMember } from '../../src/delivery/teamsPort';
import { RoleService, type RosterPort } from '../../src/platform/roles';
import { TeamStore } from '../../src/teams/teamStore';
import { useAzurite } from '../support/harness';

const azurite = useAzurite();

const general = (teamId: string) => ({
  serviceUrl: 'http://127.0.0.1:9/',
  conversationId: teamId,
  tenantId: 'tenant',
  channelId: 'msteams',
});
const admin = { aadObjectId: 'admin', name: 'Beheer' };

describe('team list: one listing, reads only what changed', () => {
  let storage: BakenStorage;
  beforeEach(async () => {
    storage = openStorage({
      connectionString: azurite.get().connectionString,
      prefix: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    });
    await storage.ensureContainers();
  });

  it('reads each team once, then again only after another instance changed it', async () => {
    const clock = new FakeClock();
    // Two stores on the same container: this process and another instance of Baken.
    const here = new TeamStore(storage.teams, clock);
    const other = new TeamStore(storage.teams, clock);
    for (const id of ['a', 'b', 'c']) await other.recordInstall(id, `Team ${id}`, general(id));

    const reads = () => storage.metrics.snapshot().reads;
    let before = reads();
    expect((await here.list()).map((t) => t.teamId).sort()).toEqual(['a', 'b', 'c']);
    expect(reads() - before).toBe(3);

    before = reads();
    expect(await here.list()).toHaveLength(3);
    expect(reads() - before).toBe(0);

    await other.addManager('b', { aadObjectId: 'piet', name: 'Piet' }, admin);
    await other.recordRemoval('c');
    before = reads();
    const teams = await here.list();
    expect(reads() - before).toBe(2);
    expect(teams.map((t) => t.teamId).sort()).toEqual(['a', 'b']);
    expect(teams.find((t) => t.teamId === 'b')?.managers.map((m) => m.aadObjectId)).toEqual(['piet']);

    // A record deleted by retention is gone from the list too.
    await storage.teams.delete(`${encodeURIComponent('a')}.json`);
    expect((await here.list()).map((t) => t.teamId)).toEqual(['b']);
    // A damaged record leaves only that team out.
    await other.recordInstall('d', 'Team d', general('d'));
    await storage.teams.put(`${encodeURIComponent('d')}.json`, { teamId: 'd', managers: 'kapot' });
    expect((await here.list()).map((t) => t.teamId)).toEqual(['b']);
  });

  it('callers that come while a listing runs share it; after a write through the store they get a new one', async () => {
    const here = new TeamStore(storage.teams, new FakeClock());
    for (const id of ['a', 'b']) await here.recordInstall(id, `Team ${id}`, general(id));
    const listings = jest.spyOn(storage.teams, 'listVersions');
    const [first, second] = await Promise.all([here.list(), here.list()]);
    expect(listings).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);

    const during = here.list();
    await here.addManager('a', { aadObjectId: 'anna', name: 'Anna' }, admin);
    const after = await here.list();
    expect(listings).toHaveBeenCalledTimes(3);
    expect(after.find((t) => t.teamId === 'a')?.managers).toHaveLength(1);
    await during;
  });

  it("asks the rosters of the teams it knew while the listing runs, and a new team's after it", async () => {
    const store = new TeamStore(storage.teams, new FakeClock());
    for (const id of ['a', 'b']) await store.recordInstall(id, `Team ${id}`, general(id));
    await store.list();
    await store.recordInstall('c', 'Team c', general('c'));
    const events: string[] = [];
    const listVersions = storage.teams.listVersions.bind(storage.teams);
    jest.spyOn(storage.teams, 'listVersions').mockImplementation(async (prefix) => {
      events.push('listing started');
      const listed = await listVersions(prefix);
      events.push('listing done');
      return listed;
    });
    const asked = new Map<string, Promise<RosterMember | undefined>>();
    const roster: RosterPort = {
      member: (teamId, id) => {
        const key = `${teamId}/${id}`;
        if (!asked.has(key)) {
          events.push(`roster ${teamId}`);
          asked.set(
            key,
            Promise.resolve({ userId: id, aadObjectId: 'anna', name: 'Anna', userRole: 'user' }),
          );
        }
        return asked.get(key) as Promise<RosterMember | undefined>;
      },
      members: async () => [],
    };
    const person = { aadObjectId: 'anna', name: 'Anna', userId: '29:anna' };
    const found = await new RoleService([], store).teamsOf(person, roster);
    expect(found.map((t) => t.teamId).sort()).toEqual(['a', 'b', 'c']);
    expect(events.slice(0, 3).sort()).toEqual(['listing started', 'roster a', 'roster b']);
    expect(events.slice(3)).toEqual(['listing done', 'roster c']);
  });
});
