import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/clock';
import { openStorage, type BakenStorage } from '../../src/storage/storage';
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
});
